from purgesim.reports.claims import causal_claims, check, factual_verdicts


def test_the_halt_dated_1939_is_contradicted_by_the_resolution_of_1938():
    v = {x.claim_id: x for x in factual_verdicts()}
    assert v["halt_date"].verdict.startswith("contradicted")
    assert "359" in v["halt_date"].verdict
    assert v["kirov_date"].verdict == "matches"


def test_verdicts_are_computed_from_the_values():
    date = {"id": "d", "kind": "date", "claimed": "1938-11-17", "archive": "1938-11-17"}
    assert check(date) == "matches"
    count = {"id": "c", "kind": "count", "claimed": 110, "archive": 100, "tolerance": 0.05}
    assert check(count).startswith("contradicted")
    assert check({**count, "tolerance": 0.2}).startswith("consistent")
    assert check({**count, "archive": "none"}).startswith("cannot be checked")
    assert check({"id": "r", "kind": "range", "claimed": [1, 10], "archive": 11}).startswith(
        "contradicted")


def test_every_causal_claim_names_shipped_scenarios():
    claims = causal_claims()
    assert len(claims) >= 8
    assert all(c["scenarios"] for c in claims)

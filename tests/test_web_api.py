"""The web app's API: validation, caps, decisions without hindsight, and the texts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from purgesim.scenarios.decisions import DECISIONS, historical_choices
from purgesim.web import text
from purgesim.web.app import LOCAL_HOSTS, RUN_THREADS, create_app
from purgesim.web.service import MAX_SEEDS, RunRequest, RunService

SMALL = {"seeds": 2, "scale": 20000}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(workers=0, hosts=(*LOCAL_HOSTS, "testserver"))) as c:
        yield c


def test_meta_in_both_languages(client):
    en, ru = client.get("/api/meta?lang=en").json(), client.get("/api/meta?lang=ru").json()
    assert en["ui"]["title"] != ru["ui"]["title"]
    assert [lv["name"] for lv in en["levers"]] == [lv["name"] for lv in ru["levers"]]
    assert {s["name"] for s in en["scenarios"]} >= {"historical", "no_quotas"}
    assert all(lv["min"] <= lv["default"] <= lv["max"] for lv in en["levers"])
    assert client.get("/api/meta?lang=de").status_code == 422


def test_every_text_has_both_languages():
    assert set(text.UI["en"]) == set(text.UI["ru"])
    for table in (text.SCENARIOS, text.HYPOTHESES, text.LEVERS):
        for key, entry in table.items():
            assert set(entry) == set(text.LANGUAGES), key
    for d in DECISIONS:
        assert set(d.briefing) == set(text.LANGUAGES)
        assert sum(o.historical for o in d.options) == 1
        for o in d.options:
            assert set(o.text) == set(text.LANGUAGES)
    en, ru = text.TEACHER["en"], text.TEACHER["ru"]
    assert set(en) == set(ru) and len(en["glossary"]) == len(ru["glossary"])
    assert [len(items) for _, items in en["sections"]] == [len(i) for _, i in ru["sections"]]


def test_run_returns_fans_and_ledger(client):
    r = client.post("/api/run", json=SMALL)
    assert r.status_code == 200, r.text
    body = r.json()
    fan = body["series"]["shot"]
    assert fan["years"][0] == 1928 and fan["years"][-1] == 1941
    for i in range(len(fan["years"])):
        assert fan["q05"][i] <= fan["q50"][i] <= fan["q95"][i]
    assert body["ledger"]["shot_innocent"]["q50"] > 0
    assert body["request"]["scenario"] == "historical" and body["seeds"] == [1, 2]


@pytest.mark.parametrize(("payload", "field"), [
    ({"scenario": "../../etc/passwd"}, "scenario"),
    ({"seeds": MAX_SEEDS + 1}, "seeds"),
    ({"scale": 10}, "scale"),
    ({"levers": {"enemy_share": 0.9}}, "levers"),
    ({"levers": {"not_a_lever": 1}}, "levers"),
    ({"hypothesis": "aliens"}, "hypothesis"),
    ({"decisions": {"kirov": "ignore"}}, "decisions"),
    ({"until": "1960-01-01"}, "until"),
    ({"unexpected": 1}, "unexpected"),
])
def test_bad_requests_name_the_field(client, payload, field):
    r = client.post("/api/run", json=payload)
    assert r.status_code == 422
    body = r.json()
    assert any(e["field"] == field for e in body["errors"]), body
    assert body["error"]
    assert client.get("/api/health").json() == {"ok": True}


def test_malformed_and_oversized_bodies(client):
    r = client.post("/api/run", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["error"]
    r = client.post("/api/run", content=b"x" * 40_000, headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_a_chunked_body_is_capped_by_what_arrives(client):
    def chunks():  # no Content-Length: 10 MB in 100 kB chunks
        for _ in range(100):
            yield b"x" * 100_000

    r = client.post("/api/run", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and len(r.content) < 100
    assert r.headers["X-Frame-Options"] == "DENY"


def test_a_lone_surrogate_is_a_422_with_the_security_headers(client):
    r = client.post("/api/run", content=b'{"scenario": "\\ud800"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and "Unicode" in r.json()["error"]
    assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_hosts_methods_and_compression(client):
    r = client.get("/api/health", headers={"Host": "rebound.example"})   # DNS rebinding
    assert r.status_code == 400 and r.headers["X-Content-Type-Options"] == "nosniff"
    r = client.put("/api/health")
    assert r.status_code == 405 and set(r.headers["Allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head("/").status_code == 200
    assert client.get("/api/docs").status_code == 404       # no CDN-loading docs page
    r = client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"


def test_waiting_runs_never_hold_up_the_pages(client, monkeypatch):
    """Sixty runs at once: the app's run threads fill and the rest are refused at once as
    busy, while health and the page answer; nothing waits on the clock."""
    import threading

    release, started = threading.Event(), threading.Semaphore(0)
    service = client.app.state.service

    def blocked(req):
        started.release()
        release.wait()
        return {"ok": True}

    monkeypatch.setattr(service, "run", blocked)
    codes: list[int] = []

    def post():
        codes.append(client.post("/api/run", json=SMALL).status_code)

    threads = [threading.Thread(target=post) for _ in range(60)]
    for t in threads:
        t.start()
    for _ in range(RUN_THREADS):          # every run thread is taken ...
        started.acquire()
    assert client.get("/api/health").json() == {"ok": True}     # ... and the pages answer
    assert client.get("/").status_code == 200
    release.set()
    for t in threads:
        t.join()
    assert codes.count(200) >= RUN_THREADS and set(codes) == {200, 503}


def test_lever_changes_the_result(client):
    base = client.post("/api/run", json=SMALL).json()
    strict = client.post("/api/run", json={**SMALL, "levers": {"evidence_floor": 6.0}}).json()
    assert (strict["ledger"]["arrested_innocent"]["q50"]
            < base["ledger"]["arrested_innocent"]["q50"])


def test_uncertain_war_draws_dates_in_range(client):
    body = client.post("/api/run", json={**SMALL, "war": "uncertain"}).json()
    assert all("1939-09-01" <= d <= "1944-06-22" for d in body["war_dates"])


def test_decisions_have_no_hindsight():
    """The path up to a decision is the same whatever is chosen at that decision or later."""
    svc = RunService(None)
    d = DECISIONS[2]
    until = "1937-07-01"
    paths = [svc.run(RunRequest(**SMALL, until=until, decisions={d.id: o.id}))
             for o in d.options]
    assert paths[0]["series"] == paths[1]["series"] == paths[2]["series"]
    assert paths[0]["end_dates"][0] <= until


def test_refusing_the_mass_operation_lowers_executions():
    svc = RunService(None)
    hist = svc.run(RunRequest(**SMALL, decisions=historical_choices()))
    refused = svc.run(RunRequest(**SMALL, decisions={**historical_choices(),
                                                     "order00447": "refuse"}))
    assert refused["ledger"]["shot_innocent"]["q50"] < 0.5 * hist["ledger"]["shot_innocent"]["q50"]


def test_historical_choices_reproduce_the_historical_scenario():
    svc = RunService(None)
    hist = svc.run(RunRequest(**SMALL, decisions=historical_choices()))
    plain = svc.run(RunRequest(**SMALL))
    assert hist["series"] == plain["series"]


def test_service_caches_identical_requests():
    svc = RunService(None)
    a = svc.run(RunRequest(**SMALL))
    assert svc.run(RunRequest(**SMALL)) is a


def test_security_headers_and_no_paths(client):
    r = client.get("/")
    assert r.status_code == 200 and "purgesim" in r.text
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/static/../../pyproject.toml").status_code == 404
    assert client.get("/vendor/plotly.min.js").status_code == 200


def test_runs_in_flight_are_capped():
    from purgesim.web.service import BusyError

    svc = RunService(None, max_in_flight=1, wait_seconds=0.01)
    svc._slots.acquire()  # another visitor's run holds the only slot
    with pytest.raises(BusyError):
        svc.run(RunRequest(**SMALL, seed=7))
    svc._slots.release()
    assert svc.run(RunRequest(**SMALL, seed=7))["seeds"] == [7, 8]


def test_chart_sources_name_publications_not_bare_ids(client):
    for series in client.get("/api/meta").json()["series"]:
        assert "[" not in series["source"], series["source"]
    sentenced = next(s for s in client.get("/api/meta").json()["series"]
                     if s["name"] == "sentenced")
    assert "GARF" in sentenced["source"]


def test_class_mode_pools_answers_under_a_code(client):
    from purgesim.scenarios.decisions import DECISIONS

    code = client.post("/api/class").json()["code"]
    assert len(code) == 6 and code.isalnum() and code.isupper()
    first = {d.id: d.options[0].id for d in DECISIONS}
    last = DECISIONS[-1]
    for i, option in enumerate([last.options[1].id, last.options[1].id, last.options[0].id]):
        r = client.post(f"/api/class/{code}", json={"decisions": {**first, last.id: option},
                                                    "war": "uncertain", "enemy_share": 0.02})
        assert r.json() == {"students": i + 1}
    pooled = client.get(f"/api/class/{code}").json()
    assert pooled["students"] == 3 and pooled["war"] == "uncertain"
    assert pooled["counts"][last.id][last.options[1].id] == 2
    assert pooled["path"] == {**first, last.id: last.options[1].id}     # the majority
    assert client.get("/api/class/ZZZZZZ").status_code == 404          # no such session
    assert client.get("/api/class/../../etc").status_code in (404, 422)
    assert client.get("/api/class/abc").status_code == 422              # not a code
    r = client.post(f"/api/class/{code}", json={"decisions": first | {last.id: "nonsense"}})
    assert r.status_code == 422
    incomplete = dict(list(first.items())[:2])
    assert client.post(f"/api/class/{code}", json={"decisions": incomplete}).status_code == 422


def test_party_charts_compare_like_with_like(client):
    """The end-1932 count (members and candidates) is drawn over the model's members and
    candidates; the congresses' full-member counts over its full members."""
    series = {s["name"]: s for s in client.get("/api/meta").json()["series"]}
    assert list(series["party_members"]["archive"]) == ["1932"]
    assert sorted(series["party_full_members"]["archive"]) == ["1933", "1938"]
    assert "full members" in series["party_full_members"]["source"]
    body = client.post("/api/run", json=SMALL).json()["series"]
    full, total = body["party_full_members"]["q50"], body["party_members"]["q50"]
    assert all(0 < f < t for f, t in zip(full, total, strict=True))


def test_sources_panel_and_the_project_data(client):
    shot = next(s for s in client.get("/api/meta").json()["series"] if s["name"] == "shot")
    assert shot["definition"].endswith("(persons)")
    (src,) = shot["sources"]
    assert "GARF" in src["locator"] and src["description"] and src["publication"]
    ru = next(s for s in client.get("/api/meta?lang=ru").json()["series"] if s["name"] == "shot")
    assert ru["definition"].endswith("(человек)")
    r = client.get("/data/series.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.startswith("series,period,value")
    assert client.get("/data/sources.csv").text.startswith("source_id,")
    assert client.get("/data/regions.csv").status_code == 422      # only the two named files
    assert client.get("/data/..%2Fparams.py").status_code in (404, 422)


def test_a_year_cut_short_is_marked_partial(client):
    whole = client.post("/api/run", json={**SMALL, "until": "1930-12-31"}).json()
    assert whole["partial_to"] is None and whole["series"]["shot"]["years"][-1] == 1930
    cut = client.post("/api/run", json={**SMALL, "until": "1937-07-02"}).json()
    assert cut["partial_to"].startswith("1937-0")
    assert client.post("/api/run", json=SMALL).json()["partial_to"] == "1941-06-22"


def test_a_fitted_levers_default_is_its_posterior_median_as_shown(client):
    """The box shows three significant figures, and a value moved away from them is sent."""
    from purgesim.data import posterior

    median = posterior.shipped().median()
    levers = client.get("/api/meta").json()["levers"]
    fitted = [lv for lv in levers if lv["name"] in median]
    assert fitted
    for lv in fitted:
        assert lv["default"] == float(f"{median[lv['name']]:.3g}"), lv["name"]


def test_a_run_through_the_war_tells_how_it_ended(client):
    body = client.post("/api/run", json={**SMALL, "horizon": "1945"}).json()
    war = body["war"]
    assert war["seeds"] == 2 and war["won"] + war["collapsed"] + war["ongoing"] == 2
    assert 0.0 <= war["collapse"][0] <= war["collapse"][1] <= war["collapse"][2] <= 1.0
    assert body["series"]["shot"]["years"][-1] == 1945
    assert client.post("/api/run", json=SMALL).json()["war"] is None


def test_the_horizon_is_checked_and_its_cost_capped(client):
    late = client.post("/api/run", json={**SMALL, "until": "1950-01-01"})
    assert late.status_code == 422 and "horizon" in late.text
    costly = client.post("/api/run", json={"seeds": MAX_SEEDS, "scale": 2000, "horizon": "1953"})
    assert costly.status_code == 422 and "at most 7 seeds" in costly.text
    assert client.post("/api/run", json={**SMALL, "horizon": "1970"}).status_code == 422
    assert client.post("/api/run", json={"seeds": 7, "scale": 20000,
                                         "horizon": "1953"}).status_code == 200

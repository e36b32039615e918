import pytest

from purgesim.experiments import hypotheses as hyp
from purgesim.scenarios.scenario import load_scenario, validate_scenario


def test_variants_change_who_is_targeted_and_stay_valid():
    base = load_scenario()
    for v in hyp.VARIANTS:
        sc = validate_scenario(v.apply(base).model_dump(mode="json"), v.name)
        assert all(sc.resolved_params()[k] == val for k, val in v.params.items())
        assert sc.name == f"historical-{v.name}"
    cons = {v.name: v for v in hyp.VARIANTS}["consolidation"].apply(base)
    ops = [e for e in cons.events if e.kind == "mass_operation"]
    assert ops and all(e.targets == ("opposition", "former") for e in ops)
    base_ops = [e for e in base.events if e.kind == "mass_operation"]
    assert all(e.targets != ("opposition", "former") for e in base_ops)  # base untouched


def test_separability_follows_the_bayes_factor():
    sel = hyp.Selection({"a": 0.6, "b": 0.3, "c": 0.05, "d": 0.05}, 10, 1, 1.0, {})
    assert not sel.separable("a", "b")   # factor 2
    assert sel.separable("a", "c")       # factor 12
    assert not sel.separable("c", "d")


def test_model_selection_runs_and_reports_probabilities(tmp_path):
    sc = load_scenario().with_overrides(scale=40_000)
    sel = hyp.select(8, tmp_path / "h.db", sc, population_size=4, workers=1, pattern_runs=1)
    assert abs(sum(sel.probabilities.values()) - 1) < 1e-6
    assert set(sel.patterns) == {v.name for v in hyp.VARIANTS}
    for pats in sel.patterns.values():
        assert all(0 <= pats[k][1] <= 1 for k in hyp.PATTERNS)
    assert sel.simulations >= 8 and sel.generations >= 1  # the budget was spent


def test_hypotheses_by_banks_end_to_end(tmp_path):
    """`purgesim hypotheses` (banks, classifier, each one's posterior predictive) at a tiny
    size: probabilities that sum to one, held-out checks, patterns, a JSON record; a bad
    --drop and a bad --method are one line each."""
    import json

    pytest.importorskip("torch")
    from typer.testing import CliRunner

    from purgesim.cli import app

    runner = CliRunner()
    args = ["hypotheses", "--n", "20", "--scale", "40000", "--predictive", "5", "--workers", "1",
            "--drop", "steel", "--out", str(tmp_path)]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    rec = json.loads((tmp_path / "hypotheses.json").read_text())
    probs = rec["choice"]["probabilities"]
    assert set(probs) == {v.name for v in hyp.VARIANTS} and abs(sum(probs.values()) - 1) < 1e-6
    assert all(lo <= probs[k] <= hi for k, (lo, hi) in rec["choice"]["spread"].items())
    assert sum(map(sum, rec["choice"]["confusion"])) == rec["choice"]["held_out"]
    assert not [s for s in rec["statistics"] if s.startswith("steel[")]
    for pred in rec["predictive"].values():
        assert 0 <= pred["inside"] <= pred["of"] and set(pred["patterns"]) == set(hyp.PATTERNS)
    assert len(set(rec["banks"].values())) == len(hyp.VARIANTS)
    for bad, field in (["--drop", "nope"], "--drop nope"), (["--method", "vote"], "--method"):
        res = runner.invoke(app, [*args[:-2], *bad, "--out", str(tmp_path)])
        assert res.exit_code == 2 and field in res.output and "Traceback" not in res.output

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

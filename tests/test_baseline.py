"""The historical baseline reproduces the shape of the record (not yet fitted to it)."""

import numpy as np

from purgesim.model import events as ev
from purgesim.model.population import DEAD, ENEMY, FREE
from purgesim.reports.analysis import SENTENCE_PARTS, annual, both, totals


def _years(result):
    return {row.year: row for row in annual(result)}


def test_the_terror_peaks_in_1937_38_an_order_above_1936(baseline_result):
    y = _years(baseline_result)
    peak_exec = min(y[1937].executed, y[1938].executed)
    assert peak_exec >= 10 * max(y[1936].executed, 1000)
    assert min(y[1937].sentenced, y[1938].sentenced) >= 3 * y[1936].sentenced


def test_the_halt_collapses_repression_in_1939(baseline_result):
    y = _years(baseline_result)
    assert y[1939].sentenced <= 0.2 * y[1938].sentenced
    assert y[1939].executed <= 0.05 * y[1938].executed


def test_collectivization_years_exceed_the_late_1920s(baseline_result):
    y = _years(baseline_result)
    assert y[1930].sentenced > 2 * y[1928].sentenced


def test_every_sentence_follows_an_arrest_or_is_a_camp_re_sentencing(baseline_result):
    """Week by week, arrests minus the change in detainees are exactly the cases decided
    (released, shot, camp, exile); the only sentences without an arrest are Order 00447's
    category-1 sentences of camp inmates, inside the operation and within its limit."""
    r = baseline_result
    detained = r.series("detained")
    decided_here = both(r, "arrests") - np.diff(detained, prepend=0)  # no detainees at start
    decided = (r.series("released_unsentenced") + both(r, "sentenced_camp")
               + both(r, "sentenced_exile") + both(r, "sentenced_cat1"))
    camp_cat1 = decided - decided_here
    assert decided_here.min() >= 0 and camp_cat1.min() >= 0
    ops = [e for e in r.config.events if isinstance(e, ev.MassOperation)]
    halt = min(e.week for e in r.config.events if isinstance(e, ev.Halt))
    start = min(e.week for e in ops)
    assert camp_cat1[:start].sum() == camp_cat1[halt:].sum() == 0
    assert 0 < camp_cat1.sum() <= sum(e.gulag_cat1 for e in ops)
    assert np.all(camp_cat1 <= both(r, "sentenced_cat1"))


def test_every_death_sentence_is_carried_out(baseline_result):
    r = baseline_result
    for guilt in ("innocent", "guilty"):
        np.testing.assert_array_equal(r.series(f"sentenced_cat1_{guilt}"),
                                      r.series(f"executions_{guilt}"))


def test_people_are_conserved_and_the_dead_are_accounted_for(baseline_sim, baseline_result):
    r, pop = baseline_result, baseline_sim.state.pop
    assert r.status_counts.sum() == r.n_agents * r.config.scale
    dead = r.status_counts[list(DEAD)].sum()
    recorded = (both(r, "executions").sum() + both(r, "camp_deaths").sum()
                + r.series("famine_deaths").sum() + r.series("settlement_deaths").sum())
    assert recorded == dead > 0
    free_enemies = np.count_nonzero((pop.disposition == ENEMY) & (pop.status == FREE))
    assert r.series("enemies_free")[-1] == free_enemies * r.config.scale


def test_headline_totals_are_the_series_summed(baseline_result):
    r, t = baseline_result, totals(baseline_result)
    innocent = sum(r.series(f"{s}_innocent").sum() for s in SENTENCE_PARTS)
    guilty = sum(r.series(f"{s}_guilty").sum() for s in SENTENCE_PARTS)
    assert t["sentenced"] == innocent + guilty > 0
    assert t["innocent_share_sentenced"] == innocent / (innocent + guilty)
    assert t["executed"] == both(r, "executions").sum()
    rows = annual(r)
    assert sum(y.sentenced for y in rows) == t["sentenced"]
    assert sum(y.arrests for y in rows) == t["arrests"] == both(r, "arrests").sum()

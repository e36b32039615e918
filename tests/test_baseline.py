"""The historical baseline reproduces the shape of the record (not yet fitted to it)."""

from purgesim.analysis import annual, totals


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


def test_headline_totals_are_consistent(baseline_result):
    t = totals(baseline_result)
    assert 0 <= t["innocent_share_sentenced"] <= 1
    assert t["executed"] <= t["sentenced"] <= t["arrests"] + 1e5
    assert t["enemies_free_at_end"] <= t["enemies_free_at_start"]

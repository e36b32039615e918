from purgesim import data
from purgesim.calibration import targets


def test_every_figure_names_a_known_source_and_a_role():
    src = data.sources()
    for o in data.observations():
        assert o.source_id in src, o
        assert o.role in ("fit", "held_back", "input", "context")
        assert o.status in ("verified", "unverified")


def test_only_verified_figures_are_fitted():
    fit = [o for o in data.observations() if o.role == "fit"]
    assert fit and all(o.status == "verified" for o in fit)
    t = targets()
    assert t["sentenced"].size == 11 and t["executed"].size == 11
    assert t["camps"].size == 5 and t["settlers"].size == 9 and t["steel"].size == 13


def test_the_model_inputs_come_from_the_package():
    assert data.sentences_by_year()[1937].executed == 353_074
    assert data.COW[1941]["steel_de"] == 20_836
    assert data.SETTLERS[1937] == 877_651

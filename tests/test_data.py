from purgesim import data
from purgesim.experiments.calibrate import targets


def test_every_figure_names_a_known_source_and_a_role():
    src = data.sources()
    for o in data.observations():
        assert o.source_id in src, o
        assert o.role in data.ROLES
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


def test_data_csv_writes_every_value_exactly_as_held():
    """No float formatting: 1,420,711 stays 1420711 and 162,039,470 stays 162039470."""
    import csv
    import io

    from typer.testing import CliRunner

    from purgesim.cli import app

    res = CliRunner().invoke(app, ["data", "--csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    held = data.observations()
    assert [r["value"] for r in rows] == [o.text for o in held]
    values = {(r["series"], r["period"]): r["value"] for r in rows}
    assert values[("arrests", "1936-10-01/1938-07-01")] == "1420711"
    assert values[("population", "1937-01-06")] == "162039470"
    assert all("e+" not in r["value"] for r in rows)

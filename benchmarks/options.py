"""Command-line options the benchmark scripts share: `--set NAME=NUMBER` checked once, in the
parent, so a bad name or value is one argparse line, not a traceback in every worker."""

from __future__ import annotations

import argparse

from purgesim.scenarios.scenario import ScenarioError, load_scenario


def name_value(item: str) -> tuple[str, float]:
    """A `--set` option's NAME=NUMBER, or argparse's one-line error."""
    name, sep, value = item.partition("=")
    try:
        if not sep:
            raise ValueError
        return name.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{item!r}: expected NAME=NUMBER") from None


def checked_overrides(ap: argparse.ArgumentParser, pairs: list[tuple[str, float]]
                      ) -> dict[str, float]:
    """The `--set` pairs as overrides, after checking the names and bounds against the
    registry (argparse's one-line error and exit code 2 if one is wrong)."""
    overrides = dict(pairs)
    try:
        load_scenario("historical").with_overrides(params_from="registry", params=overrides)
    except ScenarioError as err:
        ap.error(str(err))
    return overrides

"""Command-line options the benchmark scripts share: `--set NAME=NUMBER` checked once, in the
parent, and counts checked to be at least 1, so a bad name or value is one argparse line, not a
traceback in every worker."""

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


def positive_int(text: str) -> int:
    """A count such as `--seeds` or `--scale`: a whole number of at least 1, or argparse's
    one-line error."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number >= 1")
    return value


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

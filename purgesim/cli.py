"""The `purgesim` command line (Typer + Rich)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from typer.core import TyperGroup

from purgesim.errors import InputError, writable_file
from purgesim.experiments.backend import Backend
from purgesim.experiments.compare import compare as run_comparison
from purgesim.experiments.runs import (
    package_version,
    run_scenario,
    run_seeds,
    save_run,
    tune_allocator,
)
from purgesim.extras import require
from purgesim.model.params import REGISTRY, Param, groups
from purgesim.model.results import RANGE, SUMMARIES, SUMMARY, WAR_SUMMARIES
from purgesim.reports.analysis import ARCHIVE_SOURCE, annual
from purgesim.reports.charts import CHARTS
from purgesim.reports.tables import (
    WAR_HEADER,
    fmt,
    outcome_header,
    outcome_rows,
    war_rows,
    war_switch_lines,
)
from purgesim.scenarios.scenario import Scenario, embedded_scenarios, load_scenario
from purgesim.storage.store import ResultsStore, format_overrides


class _Commands(TyperGroup):
    """The command group: input errors become one line each on stderr, exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as err:
            raise _fail(str(err)) from None


app = typer.Typer(cls=_Commands, add_completion=False, invoke_without_command=True,
                  help="purgesim: an agent-based model of the USSR, 1928-1941, to test "
                       "claims against the archival record.")
console = Console()
errors = Console(stderr=True, soft_wrap=True)

SUMMARY_YEARS = range(1934, 1941)
SHOWN_LATE = 3
"""`validate` names at most this many events that come after a run's end (else the first and
the last)."""
WAR_SUMMARY_YEARS = range(1941, 1953)
"""The years the one-seed table shows: 1934-40, and 1941-52 for a run through the war (its
archive: Pavlov's counts to 1952, the model's 1953 being two months)."""
CURVE_SEEDS = 3
"""Seeds per grid point of `run --enemy-share-curve` unless --seeds says otherwise."""
SYNTHETIC_NOTE = ("Agents are synthetic. To look for a real person, use Memorial's database of "
                  "victims of political terror.")


WorkersOption = Annotated[int | None, typer.Option(min=1, help="Processes or Dask workers.")]
SchedulerOption = Annotated[str | None, typer.Option(
    help="Address of a Dask scheduler, e.g. tcp://10.0.0.5:8786.")]
DaskOption = Annotated[bool, typer.Option(
    "--dask", help="Run on a Dask local cluster (without --scheduler).")]
StoreOption = Annotated[Path, typer.Option(help="Results store folder.")]
ParamsOption = Annotated[str, typer.Option(
    "--params", help="Where the fitted parameters come from: 'posterior' (a draw of the shipped "
    "posterior per seed: bands carry parameter and seed uncertainty), 'posterior-median' (one "
    "point), or 'registry' (the prior defaults). --set and scenario values override it.")]
"""Options that every command running many models or writing the store shares."""


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Print `message` as error lines on stderr (no wrapping) and return the exit to raise
    (code 2: bad input; 1: the machine failed, e.g. a full disk)."""
    for line in str(message).splitlines() or [""]:
        errors.print(f"[bold red]error:[/] {escape(line)}", markup=True, highlight=False)
    return typer.Exit(code=code)


def _open_store(out: Path, read_only: bool = False) -> ResultsStore:
    """Open (a writer: create) the store, refusing a bad --out before anything runs (a
    StoreError is an input error: one line, exit code 2)."""
    return ResultsStore(out, read_only=read_only)


def _version(value: bool) -> None:
    if value:
        console.print(f"purgesim {package_version()}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """purgesim: an agent-based model of the USSR, 1928-1941, to test claims against the
    archival record. `purgesim run` runs the historical baseline."""
    if ctx.invoked_subcommand is None:  # `purgesim` alone: the list of commands
        console.print(ctx.get_help())


def parse_sets(items: list[str] | None, option: str = "--set") -> dict[str, float]:
    """`name=value` pairs from --set (or another such) options."""
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise _fail(f"{option} {item!r}: expected NAME=NUMBER, e.g. evidence_floor=3") from None
    return out


def _load(path: Path | None, seed: int | None, scale: int | None,
          sets: list[str] | None = None, decide: list[str] | None = None,
          params_from: str | None = None, until: str | None = None) -> Scenario:
    """A scenario by file or name with the command line's overrides and decisions (validated
    again)."""
    from purgesim.data.posterior import PARAMS_MODES

    if params_from is not None and params_from not in PARAMS_MODES:
        raise _fail(f"--params {params_from!r}: expected one of {', '.join(PARAMS_MODES)}")
    sc = load_scenario(path).with_overrides(seed=seed, scale=scale, params=parse_sets(sets),
                                            params_from=params_from,  # type: ignore[arg-type]
                                            until=parse_until(until))
    if decide:
        from purgesim.scenarios.decisions import apply_decisions

        choices = parse_choices(decide)
        sc = apply_decisions(sc, choices).renamed(
            "-".join([sc.name, *(f"{d}.{o}" for d, o in choices.items())]))
    return sc


def parse_choices(items: list[str]) -> dict[str, str]:
    """`decision=option` pairs from --decide options."""
    out = {}
    for item in items:
        decision, sep, option = item.partition("=")
        if not sep or not decision or not option:
            raise _fail(f"--decide {item!r}: expected DECISION=OPTION, e.g. kirov=roundup "
                        "(see `purgesim decisions`)")
        out[decision.strip()] = option.strip()
    return out


DecideOption = Annotated[list[str] | None, typer.Option(
    "--decide", help="Take an option at a dated decision, DECISION=OPTION (repeatable; "
                     "`purgesim decisions` lists them).")]


SetOption = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a registry parameter, NAME=VALUE (repeatable).")]
UntilOption = Annotated[str | None, typer.Option(
    "--until", help="Go on through the war to this date (YYYY-MM-DD, at most 1953-03-05, or "
                    "'end' for 5 March 1953): the war, its economy and the repression after "
                    "it are simulated. Default: the run ends as the war comes.")]


def parse_until(value: str | None) -> dt.date | None:
    """--until's date ('end' is the calendar's last day), or one clear error."""
    from purgesim.model.calendar import LAST

    if value is None:
        return None
    if value.strip().lower() == "end":
        return LAST
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _fail(f"--until {value!r}: expected a date YYYY-MM-DD (at most "
                    f"{LAST.isoformat()}) or 'end'") from None


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _ratio(model: float, record: float | None) -> str:
    return "—" if not record else f"{model / record:.2f}×"


def summary_table(result) -> Table:
    """Annual sentences and executions beside the archival figures."""
    table = Table(title="Sentenced and shot per year: model (one seed) vs archive",
                  caption=f"Archival: {escape(ARCHIVE_SOURCE)}", caption_justify="left")
    for col in ("year", "sentenced", "archive", "ratio", "shot", "archive", "ratio",
                "innocent"):
        table.add_column(col, justify="right", no_wrap=True)
    for row in annual(result):
        if row.year not in SUMMARY_YEARS and not (result.through_war
                                                  and row.year in WAR_SUMMARY_YEARS):
            continue
        table.add_row(str(row.year), _fmt(row.sentenced), _fmt(row.archival_sentenced),
                      _ratio(row.sentenced, row.archival_sentenced), _fmt(row.shot),
                      _fmt(row.archival_shot), _ratio(row.shot, row.archival_shot),
                      f"{row.innocent_share_sentenced:.0%}")
    return table


@app.command()
def run(
    scenario: Annotated[Path | None, typer.Argument(
        help="Scenario TOML file or embedded name (see `purgesim scenarios`); "
             "omit for the historical baseline.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the scenario's).")] = None,
    scale: Annotated[int | None, typer.Option(
        help="Persons per agent, e.g. 1000 for 1:1000 (default: the scenario's).")] = None,
    out: StoreOption = Path("results"),
    sets: SetOption = None,
    decide: DecideOption = None,
    params_from: ParamsOption = "posterior",
    seeds: Annotated[int | None, typer.Option(
        min=1, help="Run this many seeds (seed, seed+1, ...) in parallel, store each, and "
                    "print medians with 5-95% ranges (default 1; with --enemy-share-curve, "
                    f"{CURVE_SEEDS} per point).")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Processes for --seeds (default: CPUs).")] = None,
    enemy_share_curve: Annotated[bool, typer.Option(
        "--enemy-share-curve", help="Instead of one run: the innocent share of the sentenced "
        "and of the shot over a grid of enemy_share across its prior (seed bands); printed "
        "and written to --curve-csv.")] = False,
    curve_points: Annotated[int, typer.Option(
        min=2, help="Grid points for --enemy-share-curve.")] = 5,
    curve_csv: Annotated[Path, typer.Option(
        help="Where --enemy-share-curve writes its CSV.")] = Path("results/enemy_share_curve.csv"),
    until: UntilOption = None,
) -> None:
    """Run a scenario (a file or an embedded name), print the summary and store the results."""
    sc = _load(scenario, seed, scale, sets, decide, params_from, until)
    if enemy_share_curve:
        _run_curve(sc, parse_sets(sets), seeds or CURVE_SEEDS, workers, curve_points, curve_csv)
        return
    store = _open_store(out)
    console.print(f"[bold]{sc.name}[/]  seed={sc.seed}  scale=1:{sc.scale}  "
                  f"params={sc.params_from}  hash={sc.content_hash()}")
    if seeds is not None and seeds > 1:
        _run_many(sc, store, out, seeds, workers)
        return
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} weeks"), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(f"simulating 1928-{sc.last_date.year}", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        tune_allocator()
        completed = run_scenario(sc, tick)
    try:
        save_run(store, completed)
    except OSError as err:
        raise _fail(f"could not store results in {out}: {err}", code=1) from None
    console.print(summary_table(completed.result))
    t = completed.result.summary()
    console.print(
        f"1928 to the war ({completed.result.war_date:%d %b %Y}): {t['arrested']:,.0f} arrested, "
        f"{t['sentenced']:,.0f} sentenced, {t['shot']:,.0f} shot, {t['camp_deaths']:,.0f} died "
        f"in camp; {t['innocent_share_sentenced']:.1%} of the sentenced were innocent by the "
        f"model's latent truth; active enemies at liberty {t['enemies_free_at_start']:,.0f} → "
        f"{t['enemies_free_at_war']:,.0f}.")
    console.print(
        f"At the war date ({completed.result.war_date:%d %b %Y}): steel {t['steel_mt']:.1f} Mt/yr "
        f"({t['steel_vs_germany']:.2f}× Germany's, COW), defence output "
        f"{t['defence_output']:.1f}× 1928, officers' mean experience "
        f"{t['officer_experience_years']:.1f} years, {t['cadres_arrested']:,.0f} managers and "
        f"engineers arrested; famine deaths {t['famine_deaths']:,.0f}.")
    if completed.result.through_war:
        console.print(war_line(completed.result.end, t))
    scale = completed.scenario.scale
    resolution = (f"One agent stands for {scale:,} people, so counts below about {scale:,} "
                  f"are not resolved (try --scale {max(1, scale // 10)}). " if scale > 1
                  else "One agent per person: the full population. ")
    run_id = completed.record.run_id if completed.record else "?"
    console.print(f"{resolution}One run, one seed: for uncertainty run several seeds. Run "
                  f"{run_id} stored in {completed.path} "
                  f"({completed.wall_seconds:.1f} s).")
    console.print(f"[dim]{SYNTHETIC_NOTE}[/]")


def _run_curve(sc: Scenario, sets: dict[str, float], n: int, workers: int | None,
               points: int, csv_path: Path) -> None:
    """`run --enemy-share-curve`: the innocent shares over the enemy-share prior."""
    from purgesim.experiments.enemy_share import PARAM, enemy_share_curve, grid, write_csv

    if PARAM in sets or PARAM in sc.params:
        raise _fail(f"--enemy-share-curve varies {PARAM} over its prior; do not also set it "
                    "(drop --set enemy_share=... or the scenario's value)")
    if n < 2:
        raise _fail(f"--enemy-share-curve --seeds {n}: a seed band needs at least 2 seeds")
    writable_file(csv_path, "--curve-csv")
    values = grid(points)
    seeds = list(range(sc.seed, sc.seed + n))
    console.print(f"[bold]{sc.name}[/]: innocent shares over {PARAM} = "
                  f"{values[0]:g} .. {values[-1]:g} ({points} points, its prior), seeds "
                  f"{seeds[0]}–{seeds[-1]}, scale 1:{sc.scale}")
    with Progress(TextColumn("running"), BarColumn(), TextColumn("{task.completed}/{task.total}"
                  " runs"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("runs", total=points * n)
        curve = enemy_share_curve(sc, values, seeds,
                                  Backend(min(points * n, workers or Backend().workers)),
                                  lambda done, total: bar.update(task, completed=done))
    table = Table(title=f"Innocent share by the assumed share of real enemies: median "
                        f"[5%–95%] over {n} seeds")
    for col in (PARAM, "innocent among the sentenced", "innocent among the shot"):
        table.add_column(col, justify="right")
    for p in curve:
        table.add_row(f"{p.enemy_share:.4g}", *(f"{med:.1%} [{lo:.1%} – {hi:.1%}]"
                                                for lo, med, hi in (p.sentenced, p.shot)))
    console.print(table)
    path = write_csv(curve, csv_path)
    console.print(f"The innocent share is set by the assumption, not measured: read the curve, "
                  f"not one point. 'Innocent' is by the model's latent truth. CSV: {path}")
    console.print(f"[dim]{SYNTHETIC_NOTE}[/]")


def war_line(end: dt.date, t: dict[str, float]) -> str:
    """The war and after in one sentence, from a run's headline figures."""
    if t["war_won"] > 0:
        how = f"won in {t['war_end_year']:.1f}"
    elif t["war_collapsed"] > 0:
        how = (f"lost: the front collapsed in {t['war_end_year']:.1f} (the model does not say "
               "what would follow)")
    else:
        how = f"still going on {end:%d %b %Y}"
    return (f"The war: {how}; the front reached {t['front_depth_max']:,.0f} km east of the 1941 "
            f"border; {t['military_dead']:,.0f} military dead, {t['excess_deaths']:,.0f} excess "
            f"deaths in all; {t['tanks']:,.0f} tanks and {t['aircraft']:,.0f} aircraft built. "
            f"From the war date to {end:%d %b %Y}: {t['sentenced_after_war_date']:,.0f} "
            f"sentenced, {t['shot_after_war_date']:,.0f} shot, "
            f"{t['deported_after_war_date']:,.0f} deported.")


def _run_many(sc: Scenario, store: ResultsStore, out: Path, n: int,
              workers: int | None) -> None:
    """`run --seeds N`: every seed stored; medians and 5-95% ranges of the figures."""
    seeds = list(range(sc.seed, sc.seed + n))
    from purgesim.data.posterior import MODE_NOTE
    from purgesim.experiments.calibrate import band_fit, summaries

    figures: list[dict[str, float]] = []
    fitted: list[dict[str, np.ndarray]] = []
    years: list = []
    with Progress(TextColumn("running"), BarColumn(), TextColumn("{task.completed}/{task.total}"
                  " seeds"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("seeds", total=n)
        for completed in run_seeds(sc, seeds, Backend(min(n, workers or Backend().workers))):
            save_run(store, completed)
            figures.append(completed.result.summary())
            fitted.append(summaries(completed.result))
            years.append(annual(completed.result))
            bar.update(task, completed=len(figures))
    console.print(seeds_table(years, sc.through_war))
    table = Table(title=f"{sc.name}: median [5%–95%] over {n} seeds {seeds[0]}–{seeds[-1]}, "
                        f"scale 1:{sc.scale}")
    table.add_column("outcome")
    table.add_column("median [5%–95%]", justify="right")
    for s in SUMMARIES:
        if s.name in WAR_SUMMARIES and not sc.through_war:
            continue
        values = np.array([f[s.name] for f in figures])
        if np.isnan(values).all():   # e.g. when the war ended, on seeds where it went on
            table.add_row(s.en, "—")
            continue
        lo, med, hi = np.nanquantile(values, RANGE)
        table.add_row(s.en, f"{fmt(med, s.unit)} [{fmt(lo, s.unit)} – {fmt(hi, s.unit)}]")
    console.print(table)
    if sc.through_war:
        from purgesim.experiments.compare import WarOutcome

        w = WarOutcome.of({k: np.array([f[k] for f in figures])
                           for k in ("war_won", "war_collapsed", "war_end_year")})
        lo, p, hi = w.collapse_interval()
        console.print(f"The war: won on {w.won} of {n} seeds, lost by collapse on "
                      f"{w.collapsed}, still going on {w.ongoing}; chance of collapse {p:.0%} "
                      f"(90% interval {lo:.0%}–{hi:.0%}).")
    if sc.name == "historical":
        inside, total, width = band_fit(fitted)
        console.print(f"Fitted archival figures inside the 5–95% band: {inside} of {total} "
                      f"(median band width {width:.2f}× the archive). Parameters: "
                      f"{MODE_NOTE[sc.params_from]}.")
    console.print(f"{n} runs stored in {escape(str(out))} (`purgesim runs`, "
                  "`purgesim export`). 'Innocent' is by the model's latent truth.")
    console.print(f"[dim]{SYNTHETIC_NOTE}[/]")


def seeds_table(years: list[list], through_war: bool = False) -> Table:
    """Annual sentences and executions across seeds (median and 5-95%) beside the archive
    (1934-40; to 1952 for runs through the war)."""
    table = Table(title="Sentenced and shot per year: model (median [5%–95%] over seeds) vs "
                        "archive", caption=f"Archival: {escape(ARCHIVE_SOURCE)}",
                  caption_justify="left")
    for col in ("year", "sentenced", "5–95%", "archive", "shot", "5–95%", "archive"):
        table.add_column(col, justify="right", no_wrap=col in ("year", "archive"), overflow="fold")
    for i, row in enumerate(years[0]):
        if row.year not in SUMMARY_YEARS and not (through_war and row.year in WAR_SUMMARY_YEARS):
            continue
        cells = [str(row.year)]
        for key, arch in (("sentenced", row.archival_sentenced), ("shot", row.archival_shot)):
            lo, med, hi = np.quantile([getattr(y[i], key) for y in years], RANGE)
            cells += [f"{med:,.0f}", f"{lo:,.0f}–{hi:,.0f}", _fmt(arch)]
        table.add_row(*cells)
    return table


@app.command()
def compare(
    scenarios: Annotated[list[Path], typer.Argument(
        help="Two or more scenario files or embedded names; the first is the reference.")],
    seeds: Annotated[int, typer.Option(min=1, help="Seeds per scenario (1..N).")] = 20,
    scale: Annotated[int | None, typer.Option(min=1, help="Persons per agent.")] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Processes (default: CPUs).")] = None,
    report: Annotated[Path, typer.Option(
        help="Write the HTML report (and CSV files) here.")] = Path("results/compare/report.html"),
    no_report: Annotated[bool, typer.Option(
        "--no-report", help="Print the table only; write no report.")] = False,
    sets: SetOption = None,
    params_from: ParamsOption = "posterior",
    until: UntilOption = None,
) -> None:
    """Run scenarios over the same seeds; medians, 90% intervals and differences (with
    --until, also how often each path wins or loses the war)."""
    if len(scenarios) < 2:
        raise _fail("compare needs at least two scenarios")
    loaded = [_load(s, None, scale, sets, params_from=params_from, until=until)
              for s in scenarios]
    names = [s.name for s in loaded]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise _fail(f"compare: scenario {', '.join(map(repr, twice))} is given twice; "
                    "give different scenarios (a copy with another `name` to compare a file "
                    "with itself)")
    if not no_report:
        require("report", "compare's HTML report (or pass --no-report)")
        writable_file(report, "--report")
    with Progress(TextColumn("running"), BarColumn(), TextColumn("{task.completed}/{task.total}"
                  " runs"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("runs", total=len(loaded) * seeds)
        cmp = run_comparison(loaded, list(range(1, seeds + 1)),
                             tuple(c.outcome for c in CHARTS), Backend(workers),
                             lambda done, total: bar.update(task, completed=done))
    table = Table(title=f"{' vs '.join(cmp.names)}: median [5%–95%] over {seeds} seeds, "
                        f"scale 1:{loaded[0].scale}")
    for col in outcome_header(cmp):
        table.add_column(col, justify="right" if col != "outcome" else "left")
    for row in outcome_rows(cmp):
        table.add_row(*row)
    console.print(table)
    if cmp.through_war:
        war = Table(title=f"The war's end over {seeds} seeds (each seed its own parameter draw "
                          "and luck)")
        for col in WAR_HEADER:
            war.add_column(col, justify="left" if col == "scenario" else "right")
        for row in war_rows(cmp):
            war.add_row(*row)
        console.print(war)
        for line in war_switch_lines(cmp):
            console.print(line)
    console.print("Differences are taken seed by seed (same seeds in every scenario). "
                  f"{len(SUMMARIES)} outcomes; 'innocent' is by the model's latent truth.")
    if not no_report:
        from purgesim.reports.html import write_report

        path = write_report(cmp, report)
        console.print(f"Report: {path} (with outcomes.csv and annual.csv beside it)")
    console.print(f"[dim]{SYNTHETIC_NOTE}[/]")


@app.command()
def claims() -> None:
    """The debate texts' factual claims against the archive; causal claims and the scenarios
    that test them."""
    from purgesim.reports.claims import causal_claims, factual_verdicts, text_title

    table = Table(title="Factual claims in the debate texts, against the archival record",
                  show_lines=True)
    for col in ("claim", "text", "claimed", "archive", "verdict", "source"):
        table.add_column(col, overflow="fold")
    for v in factual_verdicts():
        colour = ("green" if v.verdict.startswith(("matches", "consistent"))
                  else "yellow" if v.verdict.startswith("cannot") else "red")
        table.add_row(f"{v.claim_id}\n[dim]{escape(v.quote)}[/]", escape(v.text),
                      escape(v.claimed), escape(v.archive), f"[{colour}]{escape(v.verdict)}[/]",
                      escape(v.source))
    console.print(table)
    causal = Table(title="Causal claims and the scenarios that test them", show_lines=True)
    for col in ("claim", "text", "test with", "measure"):
        causal.add_column(col, overflow="fold")
    for c in causal_claims():
        runs = "\n".join(f"purgesim compare historical {s}" for s in c["scenarios"])
        causal.add_row(f"{c['id']}\n[dim]{escape(c['quote'])}[/]", escape(text_title(c["text"])),
                       runs, escape(c["measure"]))
    console.print(causal)
    console.print("Sources in brackets: `purgesim data --sources`. The debate texts are "
                  "summarised in purgesim/data/texts.toml.")


def _parse_levels(items: list[str] | None, sep: str) -> dict[str, list[str]]:
    out = {}
    for item in items or []:
        name, eq, values = item.partition("=")
        if not eq or not values:
            raise _fail(f"{item!r}: expected NAME=VALUES")
        out[name.strip()] = values.split(sep)
    return out


@app.command()
def sweep(
    scenario: Annotated[Path | None, typer.Argument(
        help="Scenario file or embedded name (default: historical).")] = None,
    grid_: Annotated[list[str] | None, typer.Option(
        "--grid", help="NAME=V1,V2,... levels of a parameter (repeatable; all combinations).")
    ] = None,
    sample: Annotated[list[str] | None, typer.Option(
        help="NAME=LOW:HIGH range for a Latin-hypercube sample of --n points (repeatable).")
    ] = None,
    n: Annotated[int, typer.Option(min=1, help="Points to sample with --sample.")] = 10,
    seeds: Annotated[int, typer.Option(min=1, help="Seeds per point (1..N).")] = 3,
    scale: Annotated[int | None, typer.Option(min=1, help="Persons per agent.")] = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask: DaskOption = False,
    out: StoreOption = Path("results"),
) -> None:
    """Run a scenario over a grid or sample of parameters and seeds; resumable."""
    from purgesim.experiments.sweep import SweepSpec, check_points, grid, latin_hypercube, run_sweep

    sc = _load(scenario, None, scale)
    try:
        levels = {k: [float(v) for v in vs] for k, vs in _parse_levels(grid_, ",").items()}
        ranges = {k: (float(vs[0]), float(vs[1]))
                  for k, vs in _parse_levels(sample, ":").items()}
    except (ValueError, IndexError):
        raise _fail("--grid takes NAME=1,2,3 and --sample NAME=LOW:HIGH") from None
    both = sorted(set(levels) & set(ranges))
    if both:
        raise _fail(f"{', '.join(both)}: in both --grid and --sample; give each parameter once")
    for name, (lo, hi) in ranges.items():
        if not lo < hi:
            raise _fail(f"--sample {name}={lo:g}:{hi:g}: the range must be LOW:HIGH with "
                        "LOW < HIGH")
    if dask or scheduler:
        require("distributed", "sweep --dask/--scheduler")
    points = grid(levels) if levels else [{}]
    if ranges:
        points = [{**p, **q} for p in points for q in latin_hypercube(ranges, n)]
    spec = SweepSpec(sc.model_dump(mode="json"), points, list(range(1, seeds + 1)))
    check_points(spec.scenario, spec.points)  # every point valid before the store is touched
    store = _open_store(out)

    def tick(done: int, skipped: int, total: int) -> None:
        if done == 0:
            console.print(f"sweep {spec.sweep_id}: {total} runs, {skipped} already stored")
        else:
            console.print(f"stored {skipped + done}/{total}")

    rows = run_sweep(spec, store, Backend(workers, dask=dask, scheduler=scheduler), tick)
    table = Table(title=f"Sweep {spec.sweep_id}: medians over {seeds} seeds")
    keys = ("sentenced", "shot", "innocent_share_sentenced", "enemies_caught_share",
            "cadres_arrested", "steel_mt")
    for col in ("point", *points[0].keys(), *keys):
        table.add_column(col, justify="right")
    for i, p in enumerate(points):
        runs = [r["outcomes"] for r in rows if r["point"] == i]
        med = {k: float(np.median([r[k] for r in runs])) for k in keys}
        table.add_row(str(i), *[f"{v:g}" for v in p.values()],
                      *[fmt(med[k], SUMMARY[k].unit) for k in keys])
    console.print(table)
    console.print(f"Stored in {out} (DuckDB table sweep_runs, sweep_id = '{spec.sweep_id}').")


@app.command()
def bank(
    n: Annotated[int, typer.Option(min=1, help="Runs in the bank.")],
    master: Annotated[int, typer.Option(
        min=0, help="Master seed: the parameter design and every run's seed come from it.")] = 0,
    scenario: Annotated[str, typer.Option(help="Embedded scenario to run.")] = "historical",
    scale: Annotated[int, typer.Option(min=1, help="Persons per agent.")] = 1000,
    param: Annotated[list[str] | None, typer.Option(
        help="Registry parameter to vary over its prior (repeatable; default: every "
             "parameter the calibration fits).")] = None,
    batch: Annotated[int, typer.Option(min=1, help="Runs per worker task.")] = 8,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask: DaskOption = False,
    out: StoreOption = Path("results"),
    check: Annotated[bool, typer.Option(
        "--check", help="Then screen every fitted figure against the bank's simulations.")
    ] = False,
    hypothesis: Annotated[str | None, typer.Option(
        help="A competing explanation applied to every run (see `purgesim hypotheses`); "
             "its bank varies the parameters no hypothesis fixes.")] = None,
    truncate_to: TruncateOption = None,
) -> None:
    """Fill a simulation bank: runs with parameters drawn from their priors (a Sobol design)
    and seeds from the master seed, with the calibration's summary statistics; resumable.
    With --truncate-to, the priors are truncated to a box around a first posterior (the
    second round of truncated sequential NPE)."""
    from purgesim.experiments.bank import BankSpec, fill
    from purgesim.experiments.calibrate import CALIBRATED
    from purgesim.experiments.hypotheses import SHARED

    default = CALIBRATED if hypothesis is None else SHARED
    names = tuple(param) if param else default
    spec = BankSpec(n=n, master=master, scenario=scenario, scale=scale, names=names,
                    hypothesis=hypothesis, box=_box(truncate_to, names))
    spec.check()  # a bad spec is one line before the store is touched
    if dask or scheduler:
        require("distributed", "bank --dask/--scheduler")
    store = _open_store(out)
    console.print(f"bank {spec.bank_id}: {n} runs of {scenario} at 1:{scale}, "
                  f"{len(spec.names)} parameters, master seed {master}; "
                  f"{len(store.bank_done(spec.bank_id))} already stored")

    def tick(stored: int, total: int) -> None:
        console.print(f"stored {stored}/{total}")

    if spec.box is not None:
        from purgesim.experiments.npe import box_volume

        console.print(f"truncated to a box around {truncate_to} holding "
                      f"{box_volume(spec.box, spec.names):.2e} of the priors' volume")
    added = fill(spec, store, Backend(workers, dask=dask, scheduler=scheduler), batch, tick)
    console.print(f"{added} runs added. Stored in {out} (DuckDB table bank_runs, "
                  f"bank_id = '{spec.bank_id}').")
    if check:
        _print_screen(store, spec)


TRUNCATED_N, TRUNCATED_MASTER = 5000, 2
"""The truncated bank `posterior --truncate-to` reads unless told otherwise: its size and master
seed (the documented second round)."""

TruncateOption = Annotated[Path | None, typer.Option(
    help="A first-round posterior's folder (posterior.parquet and posterior.json): the bank "
         "is drawn inside a box around its draws (truncated sequential NPE).")]


def _box(first: Path | None, names: tuple[str, ...]) -> tuple[tuple[float, float], ...] | None:
    """The truncation box around the posterior in `first` (none without one), or one line
    saying why it cannot be made."""
    if first is None:
        return None
    from purgesim.data.posterior import SAMPLES, load
    from purgesim.experiments.npe import box

    if not (first / SAMPLES).is_file():
        raise _fail(f"--truncate-to {first}: no posterior.parquet there (write a first "
                    "posterior with `purgesim posterior ... --to FOLDER`)")
    post = load(first)
    if tuple(post.names) != tuple(names):
        raise _fail(f"--truncate-to {first}: its posterior fits {len(post.names)} parameters, "
                    f"not this bank's {len(names)} (built by another version?)")
    return box(post.samples, post.names)


@app.command("war-posterior")
def war_posterior_cmd(
    candidates: Annotated[int, typer.Option(
        min=1, help="Candidate draws (a pre-war posterior draw and a Latin hypercube draw of "
                    "the war priors each) to run through the war.")] = 400,
    master: Annotated[int, typer.Option(min=0, help="Master seed of the candidates.")] = 0,
    scale: Annotated[int, typer.Option(min=1, help="Persons per agent.")] = 1000,
    workers: WorkersOption = None,
    to: Annotated[Path, typer.Option(
        help="Folder for war_posterior.parquet and .json (the package's data folder ships "
             "it).")] = Path("results/posterior"),
) -> None:
    """Condition the war's parameters on the front holding and the war being won by 1945:
    run the historical path through the war for each candidate and keep those that win (same
    command, same bytes)."""
    from purgesim.experiments.war_posterior import build, write

    with Progress(TextColumn("war candidates"), BarColumn(), TextColumn(
            "{task.completed}/{task.total}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=console, transient=True) as bar:
        task = bar.add_task("runs", total=candidates)
        built = build(candidates, master, scale, workers,
                      lambda done, total: bar.update(task, completed=done))
    m = built.meta
    if m["kept"] == 0:
        raise _fail(f"war-posterior: none of {candidates} candidates won the war on the "
                    "historical path; run more candidates", code=1)
    path = write(to, built)
    console.print(f"Kept {m['kept']} of {candidates} candidates ({m['kept'] / candidates:.0%}; "
                  f"{m['collapsed']} collapsed): {escape(m['condition'])}. Written "
                  f"{escape(str(path))} and its sidecar.")


@app.command("posterior")
def posterior_cmd(
    n: Annotated[int, typer.Option(min=1, help="The bank's size (as given to `purgesim bank`).")],
    master: Annotated[int, typer.Option(min=0, help="The bank's master seed.")] = 0,
    scenario: Annotated[str, typer.Option(help="The bank's scenario.")] = "historical",
    scale: Annotated[int, typer.Option(min=1, help="The bank's scale.")] = 1000,
    seed: Annotated[int, typer.Option(
        min=0, help="Training seed: the held-out split, the networks and the draws.")] = 0,
    ensemble: Annotated[int, typer.Option(min=1, help="Flows in the ensemble.")] = 3,
    held_out: Annotated[int, typer.Option(
        min=1, help="Bank runs kept out of training for SBC and coverage.")] = 500,
    samples: Annotated[int, typer.Option(min=1, help="Posterior draws to write.")] = 4000,
    runs: Annotated[int | None, typer.Option(
        min=1, help="Train on the bank's first RUNS runs by index (all stored by default): "
                    "the same posterior again while the bank keeps filling.")] = None,
    recovery: Annotated[int, typer.Option(
        min=0, help="Synthetic records simulated at posterior draws and fitted again.")] = 20,
    drop: Annotated[list[str] | None, typer.Option(
        help="A statistic (e.g. steel[3]) or a whole block (e.g. settlers) to leave out of the "
             "fit, besides those the screen finds unreachable (repeatable).")] = None,
    discrepancy: Annotated[list[str] | None, typer.Option(
        help="BLOCK=SD: a model-discrepancy term, noise of this sd (log units) added to a "
             "block of statistics (sentenced, executed, camps, settlers, party, steel) before "
             "training (repeatable).")] = None,
    truncate_to: TruncateOption = None,
    truncated_n: Annotated[int | None, typer.Option(
        min=1, help="With --truncate-to: the truncated bank's size [default: 5000].")] = None,
    truncated_master: Annotated[int | None, typer.Option(
        min=0, help="With --truncate-to: the truncated bank's master seed [default: 2].")
    ] = None,
    workers: WorkersOption = None,
    out: StoreOption = Path("results"),
    to: Annotated[Path, typer.Option(
        help="Folder for posterior.parquet and posterior.json (the package's data folder "
             "ships it).")] = Path("results/posterior"),
) -> None:
    """Train the posterior on a stored bank (neural posterior estimation, an ensemble of flows),
    validate it on held-out runs and write its draws; same bank and seed, same bytes. With
    --truncate-to, the second round of truncated sequential NPE: the bank's runs inside the
    box around the first posterior, with the truncated bank filled inside it."""
    from purgesim.data import posterior
    from purgesim.experiments.bank import BankSpec, table
    from purgesim.experiments.calibrate import CALIBRATED
    from purgesim.experiments.npe import FitSpec, as_records, build, observed_vector, write
    from purgesim.experiments.npe import recovery as recover

    require("calibrate", "purgesim posterior")
    spec = BankSpec(n=n, master=master, scenario=scenario, scale=scale, names=CALIBRATED)
    spec.check()
    if truncate_to is None and (truncated_n, truncated_master) != (None, None):
        raise _fail("--truncated-n/--truncated-master: only with --truncate-to (the first "
                    "round's folder)")
    frame = table(_open_store(out, read_only=True), spec)
    if runs is not None:
        frame = frame[frame["index"] < runs]
        if len(frame) < runs:
            raise _fail(f"--runs {runs}: bank {spec.bank_id} holds only {len(frame)} of its "
                        f"first {runs} runs")
    record = {**spec.record(), "bank_id": spec.bank_id, "runs": len(frame)}
    if truncate_to is not None:
        frame, record = _truncated(frame, record, out, spec, truncate_to,
                                   TRUNCATED_N if truncated_n is None else truncated_n,
                                   TRUNCATED_MASTER if truncated_master is None
                                   else truncated_master)
    if len(frame) < 4 * held_out:
        raise _fail(f"posterior: bank {spec.bank_id} holds {len(frame)} runs; it needs at "
                    f"least {4 * held_out} for --held-out {held_out} (fill it with "
                    f"`purgesim bank --n {n} --master {master} --scale {scale}`)")
    stats, _ = observed_vector()
    absent = [label for label in stats if label not in frame.columns]
    if absent:
        raise _fail(f"posterior: bank {spec.bank_id} lacks {', '.join(absent[:3])}: it was "
                    "filled by another version; fill a new bank")
    blocks = {label.split("[")[0] for label in stats}
    terms = tuple(parse_sets(discrepancy, "--discrepancy").items())
    bad = [b for b, sd in terms if b not in blocks or sd < 0]
    if bad:
        raise _fail(f"--discrepancy {bad[0]}: expected BLOCK=SD with BLOCK one of "
                    f"{', '.join(sorted(blocks))} and SD >= 0")
    dropped = _dropped(drop, stats)
    if truncate_to is not None:    # the first round's statistics, screen and all
        first = posterior.load(truncate_to).meta    # read once, for the box (cached)
        dropped = tuple(dict.fromkeys((*dropped, *first["fit"]["dropped"])))
    fit = FitSpec(seed=seed, ensemble=ensemble, held_out=held_out, samples=samples,
                  discrepancy=terms, dropped=dropped, screen=truncate_to is None)
    built = build(frame[list(CALIBRATED)].to_numpy(), frame[list(stats)].to_numpy(),
                  CALIBRATED, stats, fit, record)
    if recovery:
        built.meta["recovery"] = as_records(recover(
            built.estimator, built.samples, built.meta["bank"], recovery, seed,
            backend=Backend(workers)))
    path = write(to, built)
    _print_checks(built.meta, "checks", "Held-out bank runs (SBC and coverage)")
    if recovery:
        _print_checks(built.meta, "recovery", f"Recovery of {recovery} synthetic records")
    sha = json.loads((to / posterior.SIDECAR).read_text())["sha256"]
    console.print(f"{len(frame)} bank runs ({built.meta['runs_trained']} trained on, "
                  f"{built.meta['runs_held_out']} held out), {built.meta['statistics']} "
                  f"statistics (dropped: {', '.join(built.meta['fit']['dropped']) or 'none'}); "
                  "joint outlier quantile of the record "
                  f"{built.meta['joint_outlier_quantile']:.3f}. Wrote {path} (sha256 {sha[:16]}).")


def _truncated(frame, record: dict, out: Path, spec, first: Path, n: int, master: int):
    """The training runs of a second round: the first bank's runs inside the box around the
    first posterior, then the truncated bank's (which must be filled); and the record of
    both banks for the sidecar."""
    import pandas as pd

    from purgesim.experiments.bank import BankSpec, table
    from purgesim.experiments.npe import inside

    edges = _box(first, spec.names)
    assert edges is not None
    second = BankSpec(n=n, master=master, scenario=spec.scenario, scale=spec.scale,
                      names=spec.names, box=edges)
    more = table(_open_store(out, read_only=True), second)
    if len(more) < n:
        raise _fail(f"--truncate-to {first}: truncated bank {second.bank_id} holds "
                    f"{len(more)} of {n} runs (fill it with `purgesim bank --n {n} --master "
                    f"{master} --scale {spec.scale} --truncate-to {first}`)")
    kept = frame[inside(frame[list(spec.names)].to_numpy(), edges)]
    record = {**record, "runs_inside_box": len(kept),
              "truncated": {**second.record(), "bank_id": second.bank_id, "runs": len(more)}}
    return pd.concat([kept, more], ignore_index=True), record


def _print_checks(meta: dict, key: str, title: str) -> None:
    """Per parameter: the posterior median, coverage, SBC, bias, RMSE and contraction."""
    table = Table(title=title)
    for col in ("parameter", "median", "90% coverage", "SBC p", "bias", "RMSE", "contraction"):
        table.add_column(col, justify="right")
    for c in meta[key]:
        table.add_row(c["name"], f"{meta['median'][c['name']]:.4g}", f"{c['coverage90']:.2f}",
                      f"{c['sbc_p']:.2f}", f"{c['bias']:+.3f}", f"{c['rmse']:.3f}",
                      f"{c['contraction']:.2f}")
    console.print(table)


def _print_screen(store: ResultsStore, spec) -> None:
    """The misspecification screen: each fitted figure against the bank's simulations."""
    from purgesim.experiments.bank import SCREEN_TAILS, screen
    from purgesim.experiments.calibrate import BLOCK_LABELS, labels, targets

    rows = screen(store.bank_results(spec.bank_id), targets(), labels)
    lo, hi = (f"{100 * t:g}%" for t in SCREEN_TAILS)
    table = Table(title=f"Fitted figures against the bank's {spec.n} simulations "
                        "(prior predictive)")
    for col in ("figure", "archive", "quantile", lo, hi, "reachable"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(f"{BLOCK_LABELS[r.block][0]} {r.label}", f"{r.observed:,.0f}",
                      f"{r.quantile:.3f}", f"{r.low:,.0f}", f"{r.high:,.0f}",
                      "yes" if r.reachable else "NO")
    console.print(table)
    console.print(f"{sum(r.reachable for r in rows)} of {len(rows)} fitted figures within the "
                  f"bank's {lo}–{hi} range.")


@app.command()
def calibrate(
    budget: Annotated[int, typer.Option(min=1, help="Total simulations to spend (ABC-SMC).")],
    name: Annotated[str, typer.Option(help="Name of this calibration (resumes if it exists).")
                    ] = "historical",
    scenario: Annotated[Path | None, typer.Option(help="Scenario (default: historical).")
                        ] = None,
    scale: Annotated[int | None, typer.Option(min=1, help="Persons per agent.")] = None,
    population_size: Annotated[int, typer.Option(min=2, help="Particles per generation.")] = 50,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask: DaskOption = False,
    predictive: Annotated[int, typer.Option(
        min=0, help="Posterior-predictive runs for the fit and held-back checks.")] = 0,
    out: StoreOption = Path("results"),
) -> None:
    """Fit the assumptions to the archival targets (pyabc ABC-SMC); resumable."""
    import re

    require("calibrate", "purgesim calibrate")
    if dask or scheduler:
        require("distributed", "purgesim calibrate --dask/--scheduler")
    from purgesim.experiments import calibrate as cal

    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise _fail(f"--name {name!r}: use letters, digits, '.', '_' or '-'")
    sc = _load(scenario, None, scale)
    store = _open_store(out)
    db = out / "calibration" / f"{name}.db"
    console.print(f"calibrating {', '.join(cal.CALIBRATED)} on {sc.name} at 1:{sc.scale}; "
                  f"history {db}")
    post = cal.calibrate(budget, db, sc, population_size, workers, scheduler, dask)
    summary = post.summary()
    store.save_calibration({
        "name": name, "db_path": str(db), "abc_id": post.abc_id,
        "spec": {"scenario": sc.name, "scale": sc.scale, "budget": budget,
                 "population_size": population_size, "parameters": list(cal.CALIBRATED)},
        "simulations": post.simulations, "generations": post.generations, "ess": post.ess,
        "wall_seconds": post.wall_seconds, "posterior": summary})
    table = Table(title=f"Posterior ({post.generations} generations, {post.simulations} "
                        f"simulations, ESS {post.ess:.1f}, {post.wall_seconds:.0f} s)")
    for col in ("parameter", "prior", "default", "mean", "5%", "median", "95%"):
        table.add_column(col, justify="right" if col != "parameter" else "left")
    for pname, s in summary.items():
        p = REGISTRY[pname]
        table.add_row(pname, str(p.prior), f"{p.value:g}",
                      f"{s['mean']:.4g}", f"{s['q05']:.4g}", f"{s['q50']:.4g}", f"{s['q95']:.4g}")
    console.print(table)
    if predictive:
        fitted, held = cal.posterior_predictive(post, predictive, sc)
        fig = cal.predictive_figure(fitted, out / "calibration" / f"{name}-predictive.png")
        fit_rows, held_rows = cal.predictive_table(fitted, held)
        for title, rows in (("Fitted", fit_rows), ("Held back (never fitted)", held_rows)):
            t = Table(title=f"{title}: archive against the posterior-predictive 90% band")
            for col in ("figure", "archive", "5%", "median", "95%", "inside"):
                t.add_column(col, justify="right" if col != "figure" else "left")
            for r in rows:
                t.add_row(r[0], *[f"{v:,.3g}" if abs(v) < 1 else f"{v:,.0f}" for v in r[1:5]],
                          "yes" if r[5] else "[red]no[/]")
            console.print(t)
        inside = sum(r[5] for r in held_rows)
        console.print(f"Held back: {inside} of {len(held_rows)} inside the band. Figure: {fig}")


@app.command()
def hypotheses(
    method: Annotated[str, typer.Option(
        help="bank: a simulation bank per hypothesis, a classifier ensemble for the model "
             "probabilities and each one's neural posterior predictive; abc: ABC-SMC model "
             "selection (the earlier baseline).")] = "bank",
    n: Annotated[int, typer.Option(min=20, help="bank: runs per hypothesis.")] = 1000,
    master: Annotated[int, typer.Option(min=0, help="bank: the banks' master seed.")] = 0,
    seed: Annotated[int, typer.Option(min=0, help="bank: training seed.")] = 0,
    drop: Annotated[list[str] | None, typer.Option(
        help="bank: a block or statistic left out (repeatable), as for `purgesim posterior`.")
    ] = None,
    predictive: Annotated[int, typer.Option(
        min=5, help="bank: posterior-predictive runs per hypothesis.")] = 20,
    budget: Annotated[int, typer.Option(min=4, help="abc: total simulations.")] = 400,
    scale: Annotated[int | None, typer.Option(min=1, help="Persons per agent.")] = None,
    population_size: Annotated[int, typer.Option(
        min=4, help="abc: particles per generation.")] = 60,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask: DaskOption = False,
    pattern_runs: Annotated[int, typer.Option(min=1, help="abc: runs per variant for patterns.")
                            ] = 5,
    out: StoreOption = Path("results"),
) -> None:
    """Which explanation of the terror does the record support? Model probabilities, their
    uncertainty, and what each explanation predicts about who was struck."""
    if method not in ("bank", "abc"):
        raise _fail(f"--method {method}: expected bank or abc")
    require("calibrate", "purgesim hypotheses")
    if dask or scheduler:
        require("distributed", "purgesim hypotheses --dask/--scheduler")
    from purgesim.experiments import hypotheses as hyp

    if method == "bank":
        _hypotheses_by_banks(n, master, scale or 1000, seed, tuple(drop or ()), predictive,
                             Backend(workers, dask=dask, scheduler=scheduler), out)
        return
    sc = _load(None, None, scale)
    sel = hyp.select(budget, out / "calibration" / "hypotheses.db", sc, population_size,
                     workers, scheduler, dask, pattern_runs)
    table = Table(title=f"Posterior model probabilities ({sel.simulations} simulations, "
                        f"{sel.generations} generations, {sel.wall_seconds:.0f} s)")
    for col in ("variant", "the claim", "probability"):
        table.add_column(col)
    for v in hyp.VARIANTS:
        table.add_row(v.name, escape(v.claim), f"{sel.probabilities[v.name]:.2f}")
    console.print(table)
    pat = Table(title="What each variant predicts about who was struck (median [5%-95%])")
    pat.add_column("pattern")
    for v in hyp.VARIANTS:
        pat.add_column(v.name, justify="right")
    for key, label in hyp.PATTERNS.items():
        pat.add_row(label, *[f"{sel.patterns[v.name][key][1]:.0%} "
                             f"[{sel.patterns[v.name][key][0]:.0%}-"
                             f"{sel.patterns[v.name][key][2]:.0%}]" for v in hyp.VARIANTS])
    console.print(pat)
    names = [v.name for v in hyp.VARIANTS]
    same = [f"{a} / {b}" for i, a in enumerate(names) for b in names[i + 1:]
            if not sel.separable(a, b)]
    if same:
        console.print("[yellow]The record does not separate:[/] " + "; ".join(same)
                      + " (Bayes factor below 3).")
    for caveat in hyp.CAVEATS:
        console.print(f"• {escape(caveat)}")


def _dropped(drop: list[str] | None, stats: tuple[str, ...]) -> tuple[str, ...]:
    """The statistics `--drop` names (each a statistic `block[i]` or a whole block), or one
    error line for a name that is neither."""
    blocks = {label.split("[")[0] for label in stats}
    drop = drop or []
    unknown = [d for d in drop if d not in blocks and d not in stats]
    if unknown:
        raise _fail(f"--drop {unknown[0]}: not a statistic or a block "
                    f"({', '.join(sorted(blocks))})")
    return tuple(label for label in stats if label in drop or label.split("[")[0] in drop)


def _hypotheses_by_banks(n: int, master: int, scale: int, seed: int, drop: tuple[str, ...],
                         predictive: int, backend: Backend, out: Path) -> None:
    from purgesim.experiments import hypotheses as hyp
    from purgesim.experiments.npe import observed_vector
    from purgesim.storage.files import atomic_write_text

    dropped = _dropped(list(drop), observed_vector()[0])
    store = _open_store(out)
    console.print(f"{len(hyp.VARIANTS)} banks of {n} runs at 1:{scale}, master seed {master}, "
                  f"{len(hyp.SHARED)} shared parameters")

    def tick(stored: int, total: int) -> None:
        if stored % 200 < 8 or stored == total:
            console.print(f"  stored {stored}/{total}")

    res = hyp.compare_banks(n, master, scale, store, dropped, predictive, seed, backend, tick)
    ch = res.choice
    table = Table(title=f"Posterior model probabilities (equal priors; {ch.trained} runs "
                        f"trained, {ch.held_out} held out; {res.wall_seconds:.0f} s)")
    for col in ("hypothesis", "the claim", "probability", "ensemble range",
                "record's outlier quantile", "fitted in 90% band", "band width"):
        table.add_column(col)
    for v in hyp.VARIANTS:
        pr = res.predictive[v.name]
        lo, hi = ch.spread[v.name]
        table.add_row(v.name, escape(v.claim), f"{ch.probabilities[v.name]:.2f}",
                      f"{lo:.2f}-{hi:.2f}", f"{ch.outlier_quantiles[v.name]:.3f}",
                      f"{pr['inside']}/{pr['of']}", f"{pr['width']:.2f}x")
    console.print(table)
    console.print(f"Held-out check: accuracy {ch.accuracy:.2f} (chance {1 / len(ch.names):.2f}), "
                  f"Brier {ch.brier:.3f}, calibration error {ch.ece:.3f}; confusion (rows: "
                  f"true) {ch.confusion}")
    pat = Table(title="What each hypothesis's posterior predictive says about who was struck "
                      "(median [5%-95%])")
    pat.add_column("pattern")
    for v in hyp.VARIANTS:
        pat.add_column(v.name, justify="right")
    for key, label in hyp.PATTERNS.items():
        pat.add_row(label, *[f"{q[1]:.0%} [{q[0]:.0%}-{q[2]:.0%}]"
                             for q in (res.predictive[v.name]["patterns"][key]
                                       for v in hyp.VARIANTS)])
    console.print(pat)
    path = out / "hypotheses.json"
    atomic_write_text(path, json.dumps({"n": n, "master": master, "scale": scale, "seed": seed,
                                        "dropped": list(dropped), **res.record()},
                                       indent=1, sort_keys=True) + "\n")
    console.print(f"Written: {path}")
    for caveat in hyp.CAVEATS:
        console.print(f"• {escape(caveat)}")


@app.command()
def sensitivity(
    method: Annotated[str, typer.Option(help="morris (screening) or sobol (indices).")
                      ] = "morris",
    n: Annotated[int, typer.Option(min=2, help="Morris trajectories or Sobol base samples.")
                 ] = 10,
    seeds: Annotated[int, typer.Option(min=1, help="Seeds per design point.")] = 2,
    scale: Annotated[int | None, typer.Option(min=1, help="Persons per agent.")] = None,
    war: Annotated[bool, typer.Option(
        "--war", help="Screen the war module's own assumptions (group war) on runs through "
        "the war to 1946, for the war's outcomes.")] = False,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    dask: DaskOption = False,
    out: StoreOption = Path("results"),
) -> None:
    """Which assumptions matter? SALib Morris or Sobol over the registry priors; resumable."""
    require("calibrate", "purgesim sensitivity")
    if dask or scheduler:
        require("distributed", "purgesim sensitivity --dask/--scheduler")
    from purgesim.experiments import sensitivity as sa

    if method not in ("morris", "sobol"):
        raise _fail(f"--method {method!r}: choose morris or sobol")
    sc = _load(None, None, scale)
    if war:
        sc = sc.with_overrides(until=sa.WAR_UNTIL)
    from purgesim.data.posterior import war_names

    factors, outputs = (war_names(), sa.WAR_OUTPUTS) if war else (sa.FACTORS, sa.OUTPUTS)
    store = _open_store(out)

    def tick(done: int, skipped: int, total: int) -> None:
        if done == 0:
            console.print(f"{method}: {total} runs, {skipped} already stored")

    sens = sa.analyse(method, n, seeds, store, sc, names=factors,
                      backend=Backend(workers, dask=dask, scheduler=scheduler), progress=tick,
                      outputs=outputs)
    measures = (("mu_star", "mu_star_conf"), ("sigma", None)) if method == "morris" else (
        ("S1", "S1_conf"), ("ST", "ST_conf"))
    for key in outputs:
        label = SUMMARY[key].en
        table = Table(title=f"{label}: {method} indices ({sens.runs} runs)")
        table.add_column("parameter")
        for m, _ in measures:
            table.add_column(m, justify="right")
        idx = sens.indices[key]
        order = np.argsort(-idx[measures[0][0]])
        for i in order:
            cells = [f"{idx[m][i]:.3g}" + (f" ± {idx[c][i]:.2g}" if c else "")
                     for m, c in measures]
            table.add_row(sens.names[i], *cells)
        console.print(table)
    fig = sa.figure(sens, out / "sensitivity" / f"{method}{'_war' if war else ''}.png")
    console.print(f"Figure: {fig}")


@app.command()
def data(
    role: Annotated[str | None, typer.Option(
        help="Only figures with this role: fit, held_back, input or context.")] = None,
    csv_out: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
    show_sources: Annotated[bool, typer.Option(
        "--sources", help="List the sources instead: what each is and where to find it.")
    ] = False,
) -> None:
    """The archival figures the project holds: value, source, status, and role in calibration."""
    import csv
    import sys

    from purgesim import data as archive

    if show_sources:
        _print_sources(archive.sources(), csv_out)
        return
    roles = archive.ROLES
    if role is not None and role not in roles:
        raise _fail(f"--role {role!r}: not a role; choose from {', '.join(roles)}")
    rows = [o for o in archive.observations() if role is None or o.role == role]
    if csv_out:  # values exactly as held (1420711, not 1.42071e+06)
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(("series", "period", "value", "unit", "source_id", "status", "role"))
        out.writerows((o.series, o.period, o.text, o.unit, o.source_id, o.status, o.role)
                      for o in rows)
        return
    table = Table(title=f"Archival figures ({len(rows)}); sources in purgesim/data/archival/")
    for col in ("series", "period", "value", "status", "role", "source"):
        table.add_column(col, overflow="fold")
    for o in rows:
        colour = {"fit": "green", "held_back": "cyan"}.get(o.role, "white")
        table.add_row(o.series, o.period, f"{o.value:,.10g}", o.status,
                      f"[{colour}]{o.role}[/]", o.source_id)
    console.print(table)
    console.print("Sources: `purgesim data --sources` (purgesim/data/archival/sources.csv). Only "
                  "verified figures are calibration targets (role 'fit'); 'held_back' figures "
                  "test the fit.")


def _print_sources(sources: dict[str, dict[str, str]], as_csv: bool) -> None:
    import csv
    import sys

    fields = ("source_id", "publication", "locator", "counts", "status", "description")
    if as_csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(fields)
        out.writerows([src[f] for f in fields] for src in sources.values())
        return
    table = Table(title=f"Sources ({len(sources)}), cited by id in brackets, e.g. [pavlov1953]",
                  show_lines=True)
    for col in ("id", "publication, where", "what it says"):
        table.add_column(col, overflow="fold")
    for sid, src in sources.items():
        table.add_row(sid, f"{escape(src['publication'])}\n[dim]{escape(src['locator'])}[/]",
                      f"{escape(src['description'])} [dim]({src['status']})[/]")
    console.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind; loopback by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=0, max=8,
                                         help="Processes that run seeds (0: in the server).")] = 2,
    allow_host: Annotated[list[str] | None, typer.Option(
        help="A host name or address browsers may reach the app by, besides its local names "
             "and --host (repeatable; e.g. this machine's address on a class network). Other "
             "Host headers are refused (DNS rebinding).")] = None,
) -> None:
    """Start the web app: explore, decide "in their shoes", compare (http://HOST:PORT/)."""
    import ipaddress

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        console.print(f"[bold yellow]warning:[/] binding to {host} makes the app reachable from "
                      "other machines; it has no authentication.", markup=True)
    require("web", "purgesim serve")
    from purgesim.web.app import serve as run_server

    console.print(f"purgesim web app on http://{host}:{port}/  (Ctrl+C to stop)")
    run_server(host=host, port=port, workers=workers, allow=tuple(allow_host or ()))


@app.command()
def params(
    group: Annotated[str | None, typer.Option(help="Only this group.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table (for the docs).")] = False,
) -> None:
    """Print the parameter registry: value, unit, source or assumption with prior range."""
    if group is not None and group not in groups():
        raise _fail(f"no group {group!r}; groups: {', '.join(groups())}")
    rows = [p for p in REGISTRY.values() if group is None or p.group == group]
    if markdown:
        print(registry_markdown(rows))
        return
    table = Table(title=f"Parameter registry ({len(rows)} parameters)")
    for col in ("name", "value", "unit", "group", "status", "role", "prior", "bounds",
                "source / description"):
        table.add_column(col, overflow="fold")
    for p in rows:
        prior = "" if p.prior is None else str(p.prior)
        table.add_row(p.name, f"{p.value:g}", p.unit, p.group, p.label, role_label(p), prior,
                      str(p.bounds), escape(p.source or p.description))
    console.print(table)


def role_label(p: Param) -> str:
    """A parameter's role with its flags, e.g. 'uncertainty (fitted, debated)'."""
    flags = [name for name, on in (("fitted", p.fit), ("debated", p.debated)) if on]
    return p.role + (f" ({', '.join(flags)})" if flags else "")


def registry_markdown(rows: list[Param]) -> str:
    """The registry as a Markdown table."""
    lines = ["| name | value | unit | group | status | role | prior | bounds | source | "
             "description |", "|---|---:|---|---|---|---|---|---|---|---|"]
    for p in rows:
        prior = "" if p.prior is None else str(p.prior)
        lines.append(f"| `{p.name}` | {p.value:g} | {p.unit} | {p.group} | {p.label} | "
                     f"{role_label(p)} | {prior} | {p.bounds} | {p.source or '*assumption*'} | "
                     f"{p.description} |")
    return "\n".join(lines)


@app.command()
def decisions() -> None:
    """The dated decisions of the 'in their shoes' mode and their options (for --decide)."""
    from purgesim.scenarios.decisions import DECISIONS

    for d in DECISIONS:
        table = Table(title=f"{d.id} ({d.date:%d %B %Y})", caption=escape(d.briefing["en"]),
                      caption_justify="left", show_lines=True)
        table.add_column("--decide")
        table.add_column("what the centre does")
        for o in d.options:
            table.add_row(f"{d.id}={o.id}", escape(o.text["en"]))
        console.print(table)


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")]) -> None:
    """Check a scenario file without running it."""
    sc = _load(scenario, None, None)
    console.print(f"[green]ok[/]: {sc.name} ({len(sc.events)} events, "
                  f"{len(sc.params)} parameter overrides, hash {sc.content_hash()})")
    late = sc.unreached()
    if late:
        shown = late if len(late) <= SHOWN_LATE else [late[0], "...", late[-1]]
        console.print(f"note: {len(late)} events come after the end of its runs "
                      f"({sc.last_date}) and apply only to runs that reach them (--until): "
                      f"{escape('; '.join(shown))}")


@app.command()
def scenarios() -> None:
    """List the scenario files shipped with purgesim."""
    for name in embedded_scenarios():
        console.print(name)


OutOption = Annotated[Path, typer.Option(help="Results store folder.")]


WIDE_RUNS_TABLE = 130  # narrower terminals get the details stacked in one column


def runs_table(rows: list[dict], out: Path, width: int) -> Table:
    """Stored runs; the id is never cut (it is what `show` takes), the rest wraps.

    At `width` under WIDE_RUNS_TABLE the scenario, seed, scale, hash and overrides are stacked
    in one column so that the table still fits 80 columns.
    """
    narrow = width < WIDE_RUNS_TABLE
    table = Table(title=f"Stored runs in {escape(str(out))}", show_lines=narrow)
    mark_width = 0 if all(r["registered"] for r in rows) else 2
    table.add_column("run_id", no_wrap=True,
                     min_width=max(len(r["run_id"]) for r in rows) + mark_width)
    cols = (("run", "sentenced\nshot") if narrow else
            ("scenario", "hash", "overrides", "seed", "scale", "sentenced", "shot"))
    for col in cols:
        numeric = col in ("seed", "sentenced", "shot", "sentenced\nshot")
        table.add_column(col, overflow="fold", justify="right" if numeric else "left")
    for r in rows:
        mark = "" if r["registered"] else " *"
        over = format_overrides(r["overrides"])
        sent, shot = f"{r['sentenced']:,.0f}", f"{r['executed']:,.0f}"
        if narrow:
            what = (f"{r['scenario']}, seed {r['seed']}, 1:{r['scale']}\n"
                    f"hash {r['scenario_hash']}" + (f"\n{over}" if over else ""))
            table.add_row(r["run_id"] + mark, escape(what), f"{sent}\n{shot}")
        else:
            table.add_row(r["run_id"] + mark, escape(r["scenario"]), r["scenario_hash"],
                          escape(over or "—"), str(r["seed"]), f"1:{r['scale']}", sent, shot)
    return table


@app.command()
def runs(out: OutOption = Path("results"),
         limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 20,
         rebuild: Annotated[bool, typer.Option(
             "--rebuild", help="Rebuild the registry from the run folders' manifests (a "
                               "damaged registry is moved aside, not deleted).")] = False,
         ) -> None:
    """List stored runs, newest first (read-only: changes nothing in the store)."""
    if rebuild:
        store, n, moved = ResultsStore.rebuild(out)
        aside = f"; the damaged registry was moved to {moved}" if moved else ""
        console.print(f"Registry of {escape(str(out))} rebuilt from {n} run folders"
                      f"{escape(aside)}.", soft_wrap=True)
    else:
        store = ResultsStore(out, read_only=True)
    rows = store.runs()
    if not rows:
        console.print("no runs yet: try `purgesim run`")
        return
    console.print(runs_table(rows[:limit], out, console.width))
    if len(rows) > limit:
        console.print(f"{limit} of {len(rows)} runs shown (--limit for more).")
    if any(not r["registered"] for r in rows):
        console.print("* on disk but not yet in the registry (its writer was stopped, or is "
                      "finishing); the next run registers it, or `purgesim runs --rebuild`.")


@app.command()
def show(run_id: Annotated[str, typer.Argument(help="A run id, as `purgesim runs` lists it.")],
         out: OutOption = Path("results")) -> None:
    """One stored run: its registry summary and its manifest (what made it)."""
    store = ResultsStore(out, read_only=True)
    try:
        manifest = store.manifest(run_id)
    except KeyError:
        raise _fail(f"no stored run {run_id!r} in {out} (see `purgesim runs --out "
                    f"{out}`)") from None
    row = store.run(run_id) or {}
    table = Table(title=f"Run {run_id}", show_header=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name, value in show_fields(row, manifest):
        table.add_row(name, escape(value))
    console.print(table)


@app.command()
def export(
    run_ids: Annotated[list[str] | None, typer.Argument(
        help="Run ids, as `purgesim runs` lists them (default: every run in the store).")
    ] = None,
    to: Annotated[Path, typer.Option(
        "--to", help="The file to write: .parquet or .csv (the suffix chooses).")
    ] = Path("results.parquet"),
    out: OutOption = Path("results"),
) -> None:
    """Stored runs as one tidy table (a row per week, outcome and breakdown)."""
    from purgesim.storage.export import FORMATS
    from purgesim.storage.export import export as write_export

    if to.suffix.lower() not in FORMATS:
        raise _fail(f"--to {to}: write .parquet or .csv (the suffix chooses the format)")
    writable_file(to, "--to")
    store = ResultsStore(out, read_only=True)
    frame = write_export(store, to, run_ids)
    console.print(f"{len(frame):,} rows from {frame['run_id'].nunique()} runs written to "
                  f"{escape(str(to))} (columns: {', '.join(frame.columns)})")


def show_fields(row: dict, manifest: dict) -> list[tuple[str, str]]:
    """What `show` prints: provenance from the manifest, then the registry's summary."""
    libs = manifest.get("libraries") or {}
    return [
        ("scenario", row["scenario"]), ("scenario hash", row["scenario_hash"]),
        ("seed", str(row["seed"])), ("scale", f"1:{row['scale']:,} ({row['n_agents']:,} agents)"),
        ("overrides", format_overrides(row["overrides"]) or "none (registry defaults)"),
        ("version", str(row["version"])), ("git commit", str(row["git_commit"])),
        ("libraries", ", ".join(f"{k} {v}" for k, v in sorted(libs.items())) or "not recorded"),
        ("created at", str(manifest.get("created_at", row["created_at"]))),
        ("wall time", f"{row['wall_seconds']:.1f} s"), ("weeks", str(row["weeks"])),
        ("arrested", f"{row['arrests']:,.0f}"), ("sentenced", f"{row['sentenced']:,.0f}"),
        ("shot", f"{row['executed']:,.0f}"),
        ("innocent share of sentenced", f"{row['innocent_share_sentenced']:.1%}"),
        ("folder", str(row["path"]) + ("" if row["registered"] else " (not yet registered)")),
    ]


if __name__ == "__main__":  # pragma: no cover
    app()

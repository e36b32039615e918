"""The `purgesim` command line (Typer + Rich)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from purgesim.analysis import ARCHIVE_SOURCE, annual, totals
from purgesim.registry import REGISTRY, groups
from purgesim.runner import run_scenario, save_run
from purgesim.scenario import ScenarioError, embedded_scenarios, load_scenario
from purgesim.store import ResultsStore

app = typer.Typer(add_completion=False, no_args_is_help=False,
                  help="purgesim: a calibrated agent-based model of the USSR, 1928-1941.")
console = Console()

SUMMARY_YEARS = range(1934, 1941)
SYNTHETIC_NOTE = ("Agents are synthetic. To look for a real person, use Memorial's database of "
                  "victims of political terror.")


def _load(path: Path | None, seed: int | None, scale: int | None):
    try:
        return load_scenario(path).with_overrides(seed=seed, scale=scale)
    except ScenarioError as err:
        console.print(f"[bold red]error:[/] {err}", markup=True, highlight=False)
        raise typer.Exit(code=2) from None


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def _ratio(model: float, record: float | None) -> str:
    return "—" if not record else f"{model / record:.2f}×"


def summary_table(result) -> Table:
    """Annual sentences and executions beside the archival figures."""
    table = Table(title="Sentenced and shot per year: model (one seed) vs archive",
                  caption=f"Archival: {ARCHIVE_SOURCE}", caption_justify="left")
    for col in ("year", "sentenced", "archive", "ratio", "shot", "archive", "ratio",
                "innocent"):
        table.add_column(col, justify="right", no_wrap=True)
    for row in annual(result):
        if row.year not in SUMMARY_YEARS:
            continue
        table.add_row(str(row.year), _fmt(row.sentenced), _fmt(row.archival_sentenced),
                      _ratio(row.sentenced, row.archival_sentenced), _fmt(row.executed),
                      _fmt(row.archival_executed), _ratio(row.executed, row.archival_executed),
                      f"{row.innocent_share_sentenced:.0%}")
    return table


@app.command()
def run(
    scenario: Annotated[Path | None, typer.Argument(
        help="Scenario TOML file; omit for the embedded historical baseline.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the scenario's).")] = None,
    scale: Annotated[int | None, typer.Option(
        help="Persons per agent, e.g. 1000 for 1:1000 (default: the scenario's).")] = None,
    out: Annotated[Path, typer.Option(help="Results store folder.")] = Path("results"),
) -> None:
    """Run a scenario, print the summary table and store the results."""
    sc = _load(scenario, seed, scale)
    console.print(f"[bold]{sc.name}[/]  seed={sc.seed}  scale=1:{sc.scale}  "
                  f"hash={sc.content_hash()}")
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} weeks"), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task("simulating 1928-1941", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        completed = run_scenario(sc, tick)
    try:
        save_run(ResultsStore(out), completed)
    except OSError as err:
        console.print(f"[bold red]error:[/] could not store results in {out}: {err}")
        raise typer.Exit(code=1) from None
    console.print(summary_table(completed.result))
    t = totals(completed.result)
    console.print(
        f"1928-1941: {t['arrests']:,.0f} arrested, {t['sentenced']:,.0f} sentenced, "
        f"{t['executed']:,.0f} shot, {t['camp_deaths']:,.0f} died in camp; "
        f"{t['innocent_share_sentenced']:.1%} of the sentenced were innocent by the model's "
        f"latent truth; active enemies at liberty {t['enemies_free_at_start']:,.0f} → "
        f"{t['enemies_free_at_end']:,.0f}.")
    scale = completed.scenario.scale
    console.print(f"One agent stands for {scale:,} people, so counts below about {scale:,} "
                  f"are not resolved (try --scale {max(1, scale // 10)}). One run, one seed: "
                  f"for uncertainty run several seeds. Run "
                  f"{completed.record.run_id} stored in {completed.path} "
                  f"({completed.wall_seconds:.1f} s).")
    console.print(f"[dim]{SYNTHETIC_NOTE}[/]")


@app.command()
def params(
    group: Annotated[str | None, typer.Option(help="Only this group.")] = None,
    markdown: Annotated[bool, typer.Option(help="Print a Markdown table (for the docs).")] = False,
) -> None:
    """Print the parameter registry: value, unit, source or assumption with prior range."""
    if group is not None and group not in groups():
        console.print(f"[bold red]error:[/] no group {group!r}; groups: {', '.join(groups())}")
        raise typer.Exit(code=2)
    rows = [p for p in REGISTRY.values() if group is None or p.group == group]
    if markdown:
        print(registry_markdown(rows))
        return
    table = Table(title=f"Parameter registry ({len(rows)} parameters)")
    for col in ("name", "value", "unit", "group", "status", "prior", "source / description"):
        table.add_column(col, overflow="fold")
    for p in rows:
        prior = "" if p.prior is None else f"[{p.prior[0]:g}, {p.prior[1]:g}]"
        table.add_row(p.name, f"{p.value:g}", p.unit, p.group, p.label, prior,
                      p.source or p.description)
    console.print(table)


def registry_markdown(rows) -> str:
    """The registry as a Markdown table."""
    lines = ["| name | value | unit | group | status | prior | source | description |",
             "|---|---:|---|---|---|---|---|---|"]
    for p in rows:
        prior = "" if p.prior is None else f"[{p.prior[0]:g}, {p.prior[1]:g}]"
        lines.append(f"| `{p.name}` | {p.value:g} | {p.unit} | {p.group} | {p.label} | "
                     f"{prior} | {p.source or '*assumption*'} | {p.description} |")
    return "\n".join(lines)


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="Scenario TOML file.")]) -> None:
    """Check a scenario file without running it."""
    sc = _load(scenario, None, None)
    console.print(f"[green]ok[/]: {sc.name} ({len(sc.events)} events, "
                  f"{len(sc.params)} parameter overrides, hash {sc.content_hash()})")


@app.command()
def scenarios() -> None:
    """List the scenario files shipped with purgesim."""
    for name in embedded_scenarios():
        console.print(name)


@app.command()
def runs(out: Annotated[Path, typer.Option(help="Results store folder.")] = Path("results"),
         limit: Annotated[int, typer.Option(min=1)] = 20) -> None:
    """List stored runs, newest first."""
    rows = ResultsStore(out).runs()[:limit]
    table = Table(title=f"Stored runs in {out}")
    for col in ("run_id", "scenario", "seed", "scale", "version", "sentenced", "executed",
                "wall s"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["run_id"], r["scenario"], str(r["seed"]), f"1:{r['scale']}",
                      r["version"], f"{r['sentenced']:,.0f}", f"{r['executed']:,.0f}",
                      f"{r['wall_seconds']:.1f}")
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    app()

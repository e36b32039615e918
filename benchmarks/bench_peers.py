"""Peer benchmarks: purgesim's implementations against Mesa 3, side by side in one run.

    python benchmarks/bench_peers.py                    # everything (about 15 minutes here)
    python benchmarks/bench_peers.py --seeds 10 --speed-runs 3 --out peers.md

1. The terror core (benchmarks.peers.terror_core vs benchmarks/peers/terror_mesa.py) at 10,000
   agents: output distributions over `--seeds` seeds each, compared per output (KS and
   Mann–Whitney); then the wall time of one 520-week run at 10,000 and 100,000 agents, median
   of `--speed-runs` runs each (purgesim's after its one-off compilation, which is reported).
2. Epstein's civil violence (benchmarks.peers.epstein vs Mesa's own example) on the 40x40 grid
   with NetLogo's Rebellion defaults (cop density 0.04, legitimacy 0.82, vision 7, maximum
   jail term 30): mean active and jailed citizens after a 20-step burn-in and the number of
   outbursts (the active count rising to 50 or more) over `--steps` steps; then time per run.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.options import positive_int
from benchmarks.peers.epstein import CivilViolence, CivilViolenceParams, outbursts
from benchmarks.peers.epstein_mesa import run_mesa
from benchmarks.peers.equivalence import by_output, compare_samples, table
from benchmarks.peers.terror_core import CoreParams, run_core, summary
from benchmarks.peers.terror_mesa import run_mesa_core


def _timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def _speed(label: str, ours, theirs, runs: int) -> tuple[str, float, float]:
    a = statistics.median(_timed(ours, s)[0] for s in range(runs))
    b = statistics.median(_timed(theirs, s)[0] for s in range(runs))
    return label, a, b


def epstein_summary(counts) -> dict[str, float]:
    """What the civil-violence comparison looks at, per run."""
    return {"mean_active": float(counts[20:, 0].mean()),
            "mean_jailed": float(counts[20:, 2].mean()),
            "outbursts": float(outbursts(counts[:, 0], threshold=50))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", type=positive_int, default=20)
    ap.add_argument("--speed-runs", type=positive_int, default=3)
    ap.add_argument("--steps", type=positive_int, default=300)
    ap.add_argument("--out", default=None, help="also write the report to this Markdown file")
    args = ap.parse_args()
    lines = [f"Machine: {platform.processor() or platform.machine()}, Python "
             f"{platform.python_version()}; Mesa {__import__('mesa').__version__}.", ""]

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    core = CoreParams()
    compile_s, _ = _timed(run_core, CoreParams(n=800, weeks=10), 0)
    say(f"## Terror core, {core.n:,} agents, {core.weeks} weeks, {args.seeds} seeds each")
    ours = by_output([summary(run_core(core, s)) for s in range(args.seeds)])
    mesa = by_output([summary(run_mesa_core(core, 1000 + s)) for s in range(args.seeds)])
    checks = compare_samples(ours, mesa)
    say(table(checks, "purgesim", "Mesa"))
    say(f"\nAll outputs equivalent: {all(c.same for c in checks)}. "
        f"(purgesim's first call in this process, which compiles or loads the cached "
        f"code: {compile_s:.1f} s.)\n")
    rows = []
    for n in (10_000, 100_000):
        p = CoreParams(n=n)
        rows.append(_speed(f"terror core, {n:,} agents, {p.weeks} weeks",
                           lambda s, p=p: run_core(p, s),
                           lambda s, p=p: run_mesa_core(p, s), args.speed_runs))

    grid = CivilViolenceParams()
    say(f"## Epstein civil violence, {grid.width}x{grid.height}, {args.steps} steps, "
        f"{args.seeds} seeds each")
    ours = by_output([epstein_summary(CivilViolence(grid, s).run(args.steps))
                      for s in range(args.seeds)])
    mesa = by_output([epstein_summary(run_mesa(grid, 1000 + s, args.steps))
                      for s in range(args.seeds)])
    checks = compare_samples(ours, mesa)
    say(table(checks, "purgesim", "Mesa example"))
    say(f"\nAll outputs equivalent: {all(c.same for c in checks)}.\n")
    rows.append(_speed(f"civil violence, {grid.width}x{grid.height}, {args.steps} steps",
                       lambda s: CivilViolence(grid, s).run(args.steps),
                       lambda s: run_mesa(grid, s, args.steps), args.speed_runs))

    say(f"## Speed (median wall time of one run over {args.speed_runs} runs, same process)")
    say("| model | purgesim | Mesa 3 | Mesa / purgesim |")
    say("| --- | ---: | ---: | ---: |")
    for label, a, b in rows:
        say(f"| {label} | {a:.3f} s | {b:.2f} s | {b / a:,.0f}x |")
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

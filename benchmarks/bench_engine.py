"""Engine benchmark: agent-weeks per second and peak memory of a full 1928-1941 baseline run.

Each measurement runs in a fresh subprocess so peak RSS belongs to that run alone.

    python benchmarks/bench_engine.py                 # scales 1:1000 and 1:100, 3 runs each
    python benchmarks/bench_engine.py --scales 1000 --repeats 5 --json out.json
    python benchmarks/bench_engine.py --steps --scales 1000   # seconds per step of the week
    python benchmarks/bench_engine.py --until 1953-03-05      # through the war, to 1953
    python benchmarks/bench_engine.py --steps --scales 100 --until 1953-03-05   # split at the war
    python benchmarks/bench_engine.py --steps --cold --scales 1 --until 1953-03-05  # at 1:1

Reported per scale (medians over runs with different seeds): agents, wall time to build the
population and to run all 704 weeks, agent-weeks per second (agents x weeks / run time), bytes per
agent held in the per-agent arrays, and peak resident memory, both total and above the
interpreter's baseline after imports (so the per-agent figure includes buffers and temporaries).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker(scale: int, seed: int, until: str | None = None) -> dict:
    """One measured run (called in a subprocess); with `until`, through the war to that day."""
    import datetime as dt

    from purgesim.model.engine import Simulation
    from purgesim.scenarios.scenario import load_scenario

    end = dt.date.fromisoformat(until) if until else None
    config = load_scenario().with_overrides(scale=scale, params_from="registry",
                                            until=end).to_config()
    base_rss = _rss_mb()
    t0 = time.perf_counter()
    sim = Simulation(config, seed)
    t1 = time.perf_counter()
    result = sim.run()
    t2 = time.perf_counter()
    peak = _rss_mb()
    n, weeks = result.n_agents, config.n_weeks
    return {
        "scale": scale, "seed": seed, "agents": n, "weeks": weeks,
        "build_s": t1 - t0, "run_s": t2 - t1,
        "agent_weeks_per_s": n * weeks / (t2 - t1),
        "array_bytes_per_agent": result.bytes_per_agent,
        "peak_rss_mb": peak, "baseline_rss_mb": base_rss,
        "bytes_per_agent_above_baseline": (peak - base_rss) * 2**20 / n,
    }


def measure(scale: int, repeats: int, until: str | None = None) -> dict:
    """Median of `repeats` subprocess runs at one scale."""
    runs = []
    for seed in range(1, repeats + 1):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(scale), str(seed),
             *(["--until", until] if until else [])],
            check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout))
    keys = [k for k in runs[0] if k not in ("scale", "seed", "agents", "weeks")]
    summary = {k: statistics.median(r[k] for r in runs) for k in keys}
    summary.update(scale=scale, agents=runs[0]["agents"], weeks=runs[0]["weeks"],
                   repeats=repeats, run_s_min=min(r["run_s"] for r in runs),
                   run_s_max=max(r["run_s"] for r in runs))
    return summary


def markdown(rows: list[dict]) -> str:
    """Results as a Markdown table."""
    lines = ["| scale | agents | build s | run s (median, min–max) | agent-weeks/s | "
             "array B/agent | peak RSS MB | B/agent above baseline |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| 1:{r['scale']} | {r['agents']:,} | {r['build_s']:.2f} | "
            f"{r['run_s']:.2f} ({r['run_s_min']:.2f}–{r['run_s_max']:.2f}) | "
            f"{r['agent_weeks_per_s']:.3g} | {r['array_bytes_per_agent']:.1f} | "
            f"{r['peak_rss_mb']:.0f} | {r['bytes_per_agent_above_baseline']:.1f} |")
    return "\n".join(lines)


def step_times(scale: int, seed: int = 1, until: str | None = None, warm_up: bool = True
               ) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds spent in each step of the week (engine.STEPS) over one full run, plus the
    recording at the end of each week: (before the war week, from it on; the second is empty
    unless the run goes on through the war to `until`)."""
    import datetime as dt

    from purgesim.model.engine import Simulation
    from purgesim.scenarios.scenario import load_scenario

    end = dt.date.fromisoformat(until) if until else None
    config = load_scenario().with_overrides(scale=scale, params_from="registry",
                                            until=end).to_config()
    if warm_up:
        Simulation(config, seed).run()  # compile and warm up
    sim = Simulation(config, seed)
    war_week = config.war_week if config.war_week is not None else config.n_weeks
    times: tuple[dict[str, float], dict[str, float]] = ({}, {})
    spent = [0.0, 0.0]
    while sim.state.week < config.n_weeks:
        part = int(sim.state.week >= war_week)
        t0 = time.perf_counter()
        sim.step(times[part])
        spent[part] += time.perf_counter() - t0
    for part in (0, 1):
        if spent[part]:
            times[part]["recording"] = spent[part] - sum(times[part].values())
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=positive_int, nargs="+", default=[1000, 100])
    ap.add_argument("--repeats", type=positive_int, default=3)
    ap.add_argument("--json", help="Write the results to this JSON file.")
    ap.add_argument("--steps", action="store_true", help="Time each step of the week.")
    ap.add_argument("--until", help="Run through the war to this day (YYYY-MM-DD).")
    ap.add_argument("--cold", action="store_true",
                    help="With --steps: no warm-up run first (at 1:1 it would double the time; "
                         "the kernels' on-disk cache makes compiling cheap).")
    ap.add_argument("--worker", type=int, nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker, until=args.until)))
        return
    if args.steps:
        for scale in args.scales:
            for label, times in zip(("before the war", "from the war on"),
                                    step_times(scale, until=args.until,
                                               warm_up=not args.cold), strict=True):
                total = sum(times.values())
                if not total:
                    continue
                print(f"1:{scale}, {label}: {total:.2f} s")
                for name, t in sorted(times.items(), key=lambda kv: -kv[1]):
                    print(f"  {name:<22}{t:7.3f} s {t / total:6.1%}")
        return
    rows = [measure(s, args.repeats, args.until) for s in args.scales]
    print(f"python {platform.python_version()}, {platform.machine()}, "
          f"{platform.processor() or 'cpu n/a'}")
    print(markdown(rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=2)


if __name__ == "__main__":
    main()

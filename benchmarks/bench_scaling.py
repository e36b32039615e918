"""Time per simulated week against population, at a fixed number of events.

    python benchmarks/bench_scaling.py                      # 1:1000 ... 1:3 (162k to 54M agents)
    python benchmarks/bench_scaling.py --scales 1000 100 10 --weeks 260

The historical scenario with its dated events removed (no campaigns, operations or purges: the
ordinary machinery of denunciation, evidence, arrest, interrogation, sentencing and camps runs
alone), the denunciation rate set so that the country makes the same number of denunciations a
week (in agents) whatever the population (`--per-week`, default 400), fear's feedback off so
the count stays fixed, and the police's weekly capacity fixed in agents too. If work per week
follows events, time per week is flat in population; if it followed population it would grow
300-fold over this range. Each population runs in its own subprocess; the median time per week
over weeks 52.. is reported, with the events per week measured in the run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

ARRESTS_PER_WEEK = 60
"""The organs' weekly capacity, in agents, also held fixed."""


def worker(scale: int, weeks: int, per_week: float, seed: int) -> dict:
    from dataclasses import replace

    import numpy as np

    from purgesim.model.engine import Simulation
    from purgesim.scenarios.scenario import load_scenario, validate_scenario

    base = load_scenario().with_overrides(params_from="registry")
    data = base.model_dump(mode="json")
    data["events"] = []
    data["scale"] = scale
    n_agents = 162_039_396 / scale
    data["params"] = {"denunciation_rate": per_week * 52 / n_agents, "fear_elasticity": 0.0,
                      "arrest_capacity_per_year": int(ARRESTS_PER_WEEK * 52 * scale)}
    sc = validate_scenario(data, "bench")
    t0 = time.perf_counter()
    sim = Simulation(replace(sc.to_config(), n_weeks=weeks), seed)
    build = time.perf_counter() - t0
    times = []
    for _ in range(weeks):
        t = time.perf_counter()
        sim.step()
        times.append(time.perf_counter() - t)
    res = sim.result()
    steady = slice(52, weeks)
    den = res.series("denunciations")[steady] / scale
    arrests = res.series("arrested")[steady] / scale
    return {"scale": scale, "agents": sim.state.pop.n, "build_s": round(build, 2),
            "median_week_ms": round(1000 * statistics.median(times[steady]), 3),
            "denunciations_per_week": float(np.mean(den)),
            "arrests_per_week": float(np.mean(arrests)),
            "pool_at_end": int(sim.state.pool.view.size)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scales", type=positive_int, nargs="+", default=[1000, 300, 100, 30, 10, 3])
    ap.add_argument("--weeks", type=positive_int, default=312)
    ap.add_argument("--per-week", type=float, default=400.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.scales[0], args.weeks, args.per_week, args.seed)))
        return
    rows = []
    for scale in args.scales:
        out = subprocess.run([sys.executable, __file__, "--worker", "--scales", str(scale),
                              "--weeks", str(args.weeks), "--per-week", str(args.per_week),
                              "--seed", str(args.seed)], capture_output=True, text=True,
                             check=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        print(f"{row['agents']:>12,} agents  {row['median_week_ms']:8.2f} ms/week  "
              f"{row['denunciations_per_week']:7.1f} denunciations/week  "
              f"{row['arrests_per_week']:6.1f} arrests/week  pool {row['pool_at_end']:,}  "
              f"(build {row['build_s']} s)", flush=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()

"""CPU seconds of whole baseline runs at 1:1000 (seeds 1-4, after one warm-up run).

    python benchmarks/run_seconds.py

To compare two versions on a machine whose speed drifts, alternate them: check the older one
out in a git worktree and run this script with that worktree first on PYTHONPATH, then with
this one, a few times over.
"""

from __future__ import annotations

import time

from purgesim.model.engine import Simulation
from purgesim.scenarios.scenario import load_scenario

SEEDS = (1, 2, 3, 4)


def main() -> None:
    sc = load_scenario("historical").with_overrides(params_from="registry")
    Simulation(sc.to_config(1), 1).run()  # warm-up: imports, compiled kernels
    cpu = []
    for seed in SEEDS:
        sim = Simulation(sc.to_config(seed), seed)
        start = time.process_time()
        sim.run()
        cpu.append(time.process_time() - start)
    cpu.sort()
    print(f"CPU s per run at 1:{sc.scale}: min {cpu[0]:.2f}, median {cpu[len(cpu) // 2]:.2f}")


if __name__ == "__main__":
    main()

"""Why the candidate pool's order matters at full scale: the weekly evidence pass over the pool
(`kernels.evidence_of`) gathers five per-agent arrays at the pool's indices. In the order agents
entered the pool (random in the agent index) each gather jumps in memory; in index order (how
the pool is kept now) the same pass streams through it. The second core is measured through
the engine's own split (`jit.halves` over `kernels.evidence_reaching`, two threads).

    python benchmarks/bench_pool_order.py                      # 1:1 (162 M agents, 8 M in the pool)
    python benchmarks/bench_pool_order.py --agents 16000000 --pool 1700000   # 1:10

Needs about 1 GB of memory at 1:1 (five uint8 arrays of 162 M).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from purgesim.model.jit import halves
from purgesim.model.kernels import evidence_of, evidence_reaching

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int

WEIGHTS = (1.0, 1.7, 0.9, 0.35, True, 0.5, 4, 0b1110000, 0b11)
"""w_denounced, w_named, w_taint, w_accident, plenum, protection, party bit, taint and record
masks: any values; the cost does not depend on them."""


def _evidence_on_two_threads(idx, *arrays_and_weights):
    """kernels.evidence_of's values, computed in two halves on two threads as the engine does
    for long lists (`security.reaching` with no floor)."""
    parts = halves(evidence_reaching, idx.size, idx, -np.inf, *arrays_and_weights)
    return np.concatenate([e for _, e in parts])


def timed(kernel, idx, arrays, repeats: int) -> float:
    """Median milliseconds of `repeats` passes (after one to compile and warm)."""
    kernel(idx, *arrays, *WEIGHTS)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        kernel(idx, *arrays, *WEIGHTS)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agents", type=positive_int, default=162_039_470)
    ap.add_argument("--pool", type=positive_int, default=8_000_000)
    ap.add_argument("--repeats", type=positive_int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    arrays = tuple(rng.integers(0, hi, args.agents).astype(np.uint8)
                   for hi in (6, 4, 3, 256, 256))   # denounced, named, accident, flags, history
    pool = rng.integers(0, args.agents, args.pool).astype(np.int64)
    ordered = np.sort(pool)
    assert np.array_equal(np.sort(evidence_of(pool, *arrays, *WEIGHTS)),
                          np.sort(evidence_of(ordered, *arrays, *WEIGHTS)))
    print(f"{args.pool:,} pool agents of {args.agents:,}, median of {args.repeats} passes:")
    for name, idx in (("entry order", pool), ("index order", ordered)):
        print(f"  {name}, one thread:   {timed(evidence_of, idx, arrays, args.repeats):8.1f} ms")
        print(f"  {name}, two threads:  "
              f"{timed(_evidence_on_two_threads, idx, arrays, args.repeats):8.1f} ms")


if __name__ == "__main__":
    main()

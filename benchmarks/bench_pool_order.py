"""Why the candidate pool's order matters at full scale: the weekly evidence pass over the pool
(`kernels.evidence_of`) gathers five per-agent arrays at the pool's indices. The pool is kept
in the order agents entered it (random in the agent index); the same pass over the same agents
in index order streams through memory instead. A second core on the random order is measured
too (a `prange` copy of the kernel, made here).

    python benchmarks/bench_pool_order.py                      # 1:1 (162 M agents, 8 M in the pool)
    python benchmarks/bench_pool_order.py --agents 16000000 --pool 1700000   # 1:10

Needs about 1 GB of memory at 1:1 (five uint8 arrays of 162 M).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from numba import njit, prange

from purgesim.model.kernels import evidence_of

WEIGHTS = (1.0, 1.7, 0.9, 0.35, True, 0.5, 4, 0b1110000, 0b11)
"""w_denounced, w_named, w_taint, w_accident, plenum, protection, party bit, taint and record
masks: any values; the cost does not depend on them."""


@njit(parallel=True)
def _evidence_on_all_cores(idx, denounced, named, accident, flags, history, w_denounced,
                           w_named, w_taint, w_accident, plenum, protect, party_bit, taint_mask,
                           record_mask):
    """kernels.evidence_of's loop with its independent iterations spread over the cores."""
    out = np.empty(idx.size)
    for j in prange(idx.size):
        i = idx[j]
        den = np.float64(denounced[i]) * w_denounced
        if plenum and (flags[i] & party_bit) != 0:
            den = den * protect
        tainted = 1.0 if ((flags[i] & taint_mask) != 0 or (history[i] & record_mask) != 0) \
            else 0.0
        out[j] = den + w_named * np.float64(named[i]) + w_taint * tainted \
            + w_accident * np.float64(accident[i])
    return out


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
    ap.add_argument("--agents", type=int, default=162_039_470)
    ap.add_argument("--pool", type=int, default=8_000_000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    arrays = tuple(rng.integers(0, hi, args.agents).astype(np.uint8)
                   for hi in (6, 4, 3, 256, 256))   # denounced, named, accident, flags, history
    pool = rng.integers(0, args.agents, args.pool).astype(np.int64)
    ordered = np.sort(pool)
    assert np.array_equal(np.sort(evidence_of(pool, *arrays, *WEIGHTS)),
                          np.sort(evidence_of(ordered, *arrays, *WEIGHTS)))
    print(f"{args.pool:,} pool agents of {args.agents:,}, median of {args.repeats} passes:")
    print(f"  entry order, one core:   {timed(evidence_of, pool, arrays, args.repeats):8.1f} ms")
    print(f"  entry order, all cores:  "
          f"{timed(_evidence_on_all_cores, pool, arrays, args.repeats):8.1f} ms")
    print(f"  index order, one core:   {timed(evidence_of, ordered, arrays, args.repeats):8.1f} ms")


if __name__ == "__main__":
    main()

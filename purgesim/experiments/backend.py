"""One execution layer for every path that runs the model many times.

`run --seeds`, compare, sweeps, sensitivity analysis, calibration and the web app all hand
their runs to a `Backend`: in this process (one worker), in local processes (the default: one
per CPU), or on Dask distributed (a local cluster, or a scheduler's address) when one machine is
not enough. Results come back as runs finish; whatever the backend started (processes, a
cluster) is closed with it. Seeds are never drawn from a global generator: a batch of runs
takes its seeds from a recorded master seed through NumPy's `SeedSequence`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

import numpy as np

from purgesim.extras import require

K = TypeVar("K")
R = TypeVar("R")

SEED_BITS = 63
"""Derived seeds are below 2**63, what the results store holds."""


def derive_seeds(master: int, n: int) -> list[int]:
    """`n` independent seeds derived from `master` (reproducible: the same master gives the
    same seeds; record the master)."""
    children = np.random.SeedSequence(master).spawn(n)
    return [int(c.generate_state(1, dtype=np.uint64)[0]) >> (64 - SEED_BITS) for c in children]


class Backend:
    """Runs `fn(*args)` for many jobs and yields `(key, result)` as each finishes.

    `workers=1` runs in this process; otherwise local processes (`workers`, default the CPU
    count), or Dask with `dask=True` (a local cluster of `workers` processes) or `scheduler`
    (an existing cluster's address). Use as a context manager, or call `close()`.
    """

    def __init__(self, workers: int | None = None, *, dask: bool = False,
                 scheduler: str | None = None, start_method: str | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.start_method = start_method
        """How local worker processes start ('spawn' in a threaded server; default: the
        platform's)."""
        self.kind = "dask" if (dask or scheduler) else (
            "serial" if self.workers == 1 else "processes")
        self.scheduler = scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._cluster: Any = None
        if self.kind == "dask":
            require("distributed", "running on Dask (--dask, --scheduler)")

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, fn: Callable[..., R], jobs: Mapping[K, tuple]) -> Iterator[tuple[K, R]]:
        """Run `fn(*args)` for every `key: args` of `jobs`; yield `(key, result)` as each
        finishes (in this process: in order)."""
        if not jobs:
            return
        if self.kind == "serial":
            for key, args in jobs.items():
                yield key, fn(*args)
        elif self.kind == "processes":
            pool = self._processes()
            futures: dict[Future, K] = {pool.submit(fn, *args): key for key, args in jobs.items()}
            for fut in as_completed(futures):
                yield futures[fut], fut.result()
        else:
            from distributed import as_completed as dask_as_completed

            client = self.client()
            dask_futures = {client.submit(fn, *args, pure=False): key for key, args in jobs.items()}
            for fut in dask_as_completed(list(dask_futures)):
                yield dask_futures[fut], fut.result()

    def _processes(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = (multiprocessing.get_context(self.start_method) if self.start_method
                       else None)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def client(self) -> Any:
        """The Dask client (started on first use; closed with the backend)."""
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
        return self._client

    def close(self) -> None:
        """Stop what this backend started: worker processes, the Dask client and cluster."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

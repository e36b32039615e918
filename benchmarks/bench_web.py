"""Web app latency: time from a POST /api/run to its answer, at the app's default settings.

    python benchmarks/bench_web.py              # 6 seeds at 1:5000, 2 worker processes, 5 requests

Starts `purgesim serve` on a free port and sends requests with distinct seeds, so none is served
from the cache; reports each request's wall time and the median (target: under 3 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

from purgesim.web.local import running_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int


def _post(url: str, body: dict) -> float:
    req = urllib.request.Request(f"{url}/api/run", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as r:
        r.read()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--requests", type=positive_int, default=5)
    ap.add_argument("--workers", type=positive_int, default=2)
    ap.add_argument("--seeds", type=positive_int, default=6)
    ap.add_argument("--scale", type=positive_int, default=5000)
    args = ap.parse_args()
    with running_app(workers=args.workers) as url:
        times = [_post(url, {"seed": 100 + i * args.seeds, "seeds": args.seeds,
                             "scale": args.scale}) for i in range(args.requests)]
        cached = _post(url, {"seed": 100, "seeds": args.seeds, "scale": args.scale})
    print(f"{args.seeds} seeds at 1:{args.scale}, {args.workers} workers: "
          + ", ".join(f"{t:.2f}" for t in times)
          + f" s; median {statistics.median(times):.2f} s; repeated request (cache) {cached:.3f} s")


if __name__ == "__main__":
    main()

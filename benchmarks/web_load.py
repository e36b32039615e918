"""How fast the web app's health check answers while many runs are asked for at once.

    python benchmarks/web_load.py [--runs 60] [--workers 2]

Starts `purgesim serve` on a free port, sends `--runs` run requests at once (each a different
seed, so none comes from the cache), and meanwhile times `/api/health` every 50 ms until the
runs are answered. Prints the health check's median and worst latency and how the runs were
answered (200 computed, 503 busy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from purgesim.web.local import running_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.options import positive_int


def post(url: str, seed: int, codes: list[int]) -> None:
    body = json.dumps({"scenario": "historical", "seeds": 1, "seed": seed}).encode()
    req = urllib.request.Request(f"{url}/api/run", data=body,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            codes.append(r.status)
    except urllib.error.HTTPError as err:
        codes.append(err.code)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=positive_int, default=60)
    ap.add_argument("--workers", type=positive_int, default=2)
    args = ap.parse_args()
    with running_app(workers=args.workers) as url:
        codes: list[int] = []
        threads = [threading.Thread(target=post, args=(url, 100 + i, codes))
                   for i in range(args.runs)]
        for t in threads:
            t.start()
        latencies = []
        while any(t.is_alive() for t in threads):
            start = time.perf_counter()
            urllib.request.urlopen(f"{url}/api/health", timeout=30).read()
            latencies.append(1000 * (time.perf_counter() - start))
            time.sleep(0.05)
        for t in threads:
            t.join()
    print(f"{args.runs} runs at once: {codes.count(200)} computed, {codes.count(503)} busy; "
          f"/api/health meanwhile ({len(latencies)} checks): median "
          f"{statistics.median(latencies):.1f} ms, worst {max(latencies):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

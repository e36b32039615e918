"""Start `purgesim serve` in a subprocess on a free loopback port (tests, benchmarks, screenshots).

Also the one place that knows how to start Debian's Chromium here (the flags that keep it from
reaching for a network this machine does not have).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(workers: int = 2, wait_seconds: float = 90.0) -> Iterator[str]:
    """Yield the base URL of a freshly started app; stop it afterwards."""
    port = free_port()
    exe = shutil.which("purgesim")
    cmd = [exe] if exe else [sys.executable, "-m", "purgesim.cli"]
    proc = subprocess.Popen([*cmd, "serve", "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read().decode()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the app did not start in {wait_seconds:.0f} s") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

"""Start `purgesim serve` in a subprocess on a free loopback port (tests, benchmarks, screenshots).

Also the one place that knows how to start Debian's Chromium here (the flags that keep it from
reaching for a network this machine does not have).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM_OVERRIDE = "PURGESIM_CHROMIUM"
"""Environment variable naming the Chromium (or Chrome) executable to drive."""
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    """The browser to drive: $PURGESIM_CHROMIUM, else a Chromium or Chrome on PATH, else the
    one Playwright downloaded (if any); None when there is none."""
    override = os.environ.get(CHROMIUM_OVERRIDE)
    if override:
        return override
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if os.path.exists(path) else None
    except Exception:  # playwright missing or its driver not installed: no browser here
        return None


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
                    said = proc.stdout.read().decode() if proc.stdout else ""
                    raise RuntimeError(said) from None
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

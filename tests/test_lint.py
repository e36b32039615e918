"""The code base stays ruff clean and type-checks (the CI runs these with the other tests)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_passes_on_the_package():
    """Settings in pyproject.toml ([tool.mypy]); its cache stays out of the source tree."""
    out = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", "/dev/null", "purgesim"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr

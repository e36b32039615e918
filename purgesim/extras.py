"""Optional parts of purgesim and the extras that install them.

The core install (`pip install purgesim`) holds what `purgesim run` needs. Commands that need a
heavier library check for it first, so a missing one is one line naming the extra to install,
not an ImportError deep inside a run.
"""

from __future__ import annotations

from importlib.util import find_spec

from purgesim.errors import InputError

EXTRAS: dict[str, tuple[str, ...]] = {
    "report": ("jinja2", "plotly"),
    "web": ("fastapi", "uvicorn", "plotly", "cachetools"),
    "calibrate": ("pyabc", "SALib", "matplotlib", "sbi", "torch"),
    "distributed": ("distributed",),
}
"""Each extra and the importable modules it provides (as declared in pyproject.toml)."""


class MissingExtraError(InputError):
    """A command needs an optional dependency that is not installed."""


def missing_modules(extra: str) -> list[str]:
    """The modules of `extra` that cannot be imported here."""
    return [m for m in EXTRAS[extra] if find_spec(m) is None]


def require(extra: str, what: str) -> None:
    """Raise MissingExtraError, naming the pip command, if `extra` is not installed.

    `what` says who needs it, e.g. "purgesim serve".
    """
    missing = missing_modules(extra)
    if missing:
        raise MissingExtraError(f"{what} needs the '{extra}' extra ({', '.join(missing)} not "
                           f"installed): pip install 'purgesim[{extra}]'")

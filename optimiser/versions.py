"""Which versions this run uses, and whether they are the ones the project was tested with.

`make install` builds the environment from the committed lock (requirements.lock: every package
pinned, with hashes). A run in an environment that differs from it (a library install from open
ranges, a hand upgrade) still runs, but says which packages differ, in its notes and in
summary.json, so a plan is never signed off on versions no test has seen without anyone knowing.
"""

from __future__ import annotations

import platform
import re
from email.parser import HeaderParser
from functools import cache
from importlib.metadata import distributions
from pathlib import Path

from optimiser import __version__
from optimiser.notes import Note

LOCK = Path(__file__).resolve().parents[1] / "requirements.lock"
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
REPORTED = ("pyomo", "highspy", "pandas", "pydantic")


def versions() -> dict[str, str]:
    """The versions a run records: the package, Python and the libraries that shape a plan."""
    present = _installed()
    found = {"optimiser": __version__, "python": platform.python_version()}
    for package in REPORTED:
        found[package] = present.get(package, "unknown")
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, set[str]]:
    """Each package of a lock file with the versions it may have (one per environment marker)."""
    pins: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PINNED.match(line)
        if match:
            pins.setdefault(normalise(match[1]), set()).add(match[2])
    return pins


def installed() -> dict[str, str]:
    """Every installed distribution's version by its (normalised) name; of two on the path, the
    first, which is the one imported (as importlib.metadata.version finds it)."""
    return dict(_installed())


@cache
def _installed() -> dict[str, str]:
    """installed(), read once a process. Only the headers of each metadata file are parsed (they
    end at the first blank line): `Distribution.metadata` parses the long description after
    them too, about 0.1 s of every run for an environment of some 60 packages."""
    found: dict[str, str] = {}
    for dist in distributions():
        text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
        headers = HeaderParser().parsestr(text.partition("\n\n")[0])
        if headers["Name"]:
            found.setdefault(normalise(headers["Name"]), headers["Version"])
    return found


def drift(lock: Path | None = None, present: dict[str, str] | None = None) -> dict | None:
    """The installed packages whose version is not the locked one, as {name: {installed, locked}};
    None when there is no lock beside the package (installed as a library). A locked package that
    is not installed (a test tool in a run-only environment) is not a difference."""
    lock = LOCK if lock is None else lock
    if not lock.is_file():
        return None
    present = installed() if present is None else present
    return {
        name: {"installed": present[name], "locked": " or ".join(sorted(allowed))}
        for name, allowed in sorted(locked(lock).items())
        if name in present and present[name] not in allowed
    }


@cache
def environment() -> dict:
    """What summary.json says of the environment, and the note a run prints when it differs."""
    differs = drift()
    if differs is None:
        return {"lock": None, "matches_lock": None, "differs": {}, "note": None}
    note = None
    if differs:
        listed = ", ".join(
            f"{name} {v['installed']} ≠ {v['locked']}" for name, v in differs.items()
        )
        note = Note("environment_differs", lock=LOCK.name, packages=listed)
    return {"lock": LOCK.name, "matches_lock": not differs, "differs": differs, "note": note}

"""The environment is the committed lock: every declared dependency is pinned there within its
range, with hashes; a run in an environment that differs from it says so."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import tiny
from click.testing import CliRunner
from packaging.requirements import Requirement

from optimiser import versions
from optimiser.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_declared_dependency_is_locked_within_its_range_with_hashes():
    pins = versions.locked(ROOT / "requirements.lock")
    for requirement in declared():
        name = versions.normalise(requirement.name)
        assert name in pins, f"{name} is declared in pyproject.toml but not locked: make lock"
        for pinned in pins[name]:
            assert requirement.specifier.contains(pinned, prereleases=True), (
                f"{name}=={pinned} in requirements.lock is outside pyproject's {requirement}"
            )
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    for line, after in zip(lines, lines[1:], strict=False):
        if versions.PINNED.match(line):  # pip refuses the file unless every pin has a hash
            assert after.strip().startswith("--hash=sha256:"), f"{line!r} has no hash"


def test_drift_names_each_package_whose_installed_version_is_not_locked(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "highspy==1.16.0 \\\n    --hash=sha256:aa\n"
        "numpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash=sha256:bb\n"
        "numpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash=sha256:cc\n"
        "Typing_Extensions==4.16.0 \\\n    --hash=sha256:dd\n"
        "pytest==9.2.0 \\\n    --hash=sha256:ee\n",
        encoding="utf-8",
    )
    present = {"highspy": "1.15.1", "numpy": "2.5.5", "typing-extensions": "4.16.0"}
    assert versions.drift(lock, present) == {
        "highspy": {"installed": "1.15.1", "locked": "1.16.0"}
    }  # numpy matches one of its markers' versions; pytest is not installed, not a difference
    assert versions.drift(lock, dict(present, highspy="1.16.0")) == {}
    assert versions.drift(tmp_path / "none.lock", present) is None


def test_a_run_off_the_lock_says_so_in_its_notes_and_summary(tmp_path, monkeypatch):
    lock = tmp_path / "requirements.lock"
    lock.write_text("highspy==0.0.1 \\\n    --hash=sha256:aa\n", encoding="utf-8")
    monkeypatch.setattr(versions, "LOCK", lock)
    versions.environment.cache_clear()
    try:
        data = tiny.write(tmp_path / "data")
        result = CliRunner().invoke(
            cli,
            ["--year", "2018", "--data", str(data), "--out", str(tmp_path / "out"), "--lang", "en"],
        )
    finally:
        versions.environment.cache_clear()
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())  # lines wrapped to the screen, joined again
    assert "Installed versions differ from the tested lock" in said
    installed = versions.installed()["highspy"]
    assert f"highspy {installed} ≠ 0.0.1" in said
    (summary,) = (tmp_path / "out").rglob("summary.json")
    written = json.loads(summary.read_text(encoding="utf-8"))
    assert written["environment"]["matches_lock"] is False
    assert written["environment"]["differs"]["highspy"]["locked"] == "0.0.1"
    assert any("differ from the tested lock" in n for n in written["notes"])
    assert any("锁定文件" in n and "≠ 0.0.1" in n for n in written["notes_zh"])

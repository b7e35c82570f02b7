"""Every problem the code makes in any test is held to a Chinese translation: a fixture (used by
every test through conftest.py) records each Problem the package makes while the test runs and,
when the test ends, fails it for any problem optimiser.report.problem_words cannot say in Chinese
with no English left but the values it carries (and the words of another program, such as the
YAML reader's, which a fuzzed input can make in any number). A message added without a
translation fails the first test that makes it."""

from __future__ import annotations

import re
import sys

import pytest
from untranslated import english_left

from optimiser.problems import Problem

SHOWN = 200  # distinct texts checked per test: a column of a million faults says a few things
WORD = re.compile(r"[A-Za-z][A-Za-z_\-]{2,}")

_made: list[str] = []
_init = Problem.__init__


def _recording_init(self, *args, **kwargs) -> None:
    _init(self, *args, **kwargs)
    if sys._getframe(1).f_globals.get("__name__", "").startswith("optimiser."):
        _made.append(self.expected)


Problem.__init__ = _recording_init


def untranslated(text: str, others: bool = False) -> list[str] | None:
    """None when `text` (a problem's `expected`) is said in Chinese with no English left but its
    values (and, with `others`, the words of another program the catalogue does not know: what
    the YAML reader or the system said of some input); else the English left (the whole text
    when no template says it)."""
    from optimiser.report.problem_words import said

    found = said(text)
    if found is None:
        return [text]
    allowed = {word for value in found.values for word in WORD.findall(value)}
    if others:
        allowed |= {word for other in found.other for word in WORD.findall(other)}
    left = english_left(found.text, allowed) + ([] if others else list(found.other))
    return left or None


@pytest.fixture(autouse=True)
def problems_said_in_chinese():
    start = len(_made)
    yield
    texts = list(dict.fromkeys(_made[start:]))[:SHOWN]
    del _made[start:]
    left = {text: found for text in texts if (found := untranslated(text, others=True))}
    assert not left, (
        "problems with no Chinese translation (add a template to "
        f"optimiser/report/problem_words.py): {left}"
    )

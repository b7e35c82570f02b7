"""Finds English left in text meant to be Chinese: what tests of every output use to fail on an
untranslated string or a code shown where a name belongs.

Allowed: file and folder paths, file names, commands in `backticks` and options (--detail), numbers, 万元, clause ids (004-8, PUB-SX-REV-1),
HiGHS and the few words every Chinese finance office writes in Latin letters."""

from __future__ import annotations

import re

ALLOWED = {
    "HiGHS",
    "Excel",
    "CSV",
    "csv",
    "xlsx",
    "html",
    "json",
    "yaml",
    "PDF",
    "A4",
    "UTC",
    "GB18030",
    "PUB",
    "WPS",
    "xls",
}
PATH = re.compile(r"(?:[\w.\-]+/)+[\w.\-]*|\b[\w\-]+\.(?:csv|json|xlsx|html|log|yaml|sqlite|txt)\b")
COMMAND = re.compile(r"`[^`]+`|(?<!\w)--\w[\w-]*")  # a command to type: `make install`, --detail
CLAUSE = re.compile(r"\b(?:\d{3}-[\w.]+|PUB-[A-Z0-9\-]+)\b")
WORD = re.compile(r"[A-Za-z][A-Za-z_\-]{2,}")


def english_left(text: str, allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The English words (3+ letters) and snake_case codes left in `text`, in order."""
    text = COMMAND.sub(" ", text)
    text = PATH.sub(" ", text)
    text = CLAUSE.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED and w not in allowed]

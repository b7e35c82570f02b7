"""What an import says about each sheet: what it was read as, the rows and columns taken, those
dropped, each conversion made, and the questions that stop it. Each finding is a key of the
import's words (optimiser/importing/words.py) with the cells it concerns and its fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Section = Literal["read", "taken", "dropped", "converted", "question"]
Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Finding:
    section: Section
    key: str  # a key of optimiser.importing.words.WORDS
    cells: str = ""  # C20, C5:C19, or "" for the whole sheet
    fields: dict = field(default_factory=dict)
    severity: Severity = "info"


@dataclass
class SheetReport:
    """Everything said about one sheet of one workbook (or, with `sheet` empty, a workbook)."""

    book: str
    sheet: str
    findings: list[Finding] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # what each table on it was read as

    @property
    def where(self) -> str:
        return f"{self.book}[{self.sheet}]" if self.sheet else self.book

    def add(self, section: Section, key: str, cells: str = "", severity: Severity = "info", **kw):
        self.findings.append(Finding(section, key, cells, kw, severity))

    def question(self, key: str, cells: str = "", **kw) -> None:
        """Something that stops the import until a person decides (exit 2)."""
        self.add("question", key, cells, "error", **kw)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

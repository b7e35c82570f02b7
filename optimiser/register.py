"""The clause register (seeds/register.yaml): the documents the rules and datasets cite, and the
key sentence and parameters of each clause. Citations resolve here, or they are wrong."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from optimiser.io.yaml_files import read_yaml
from optimiser.problems import InputError, Problem

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "seeds" / "register.yaml"


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    title_en: str
    issuer: str
    date: str
    jurisdiction: str
    file: str | None
    held: bool


@dataclass(frozen=True)
class Clause:
    id: str
    document: Document
    locator: str
    text: str
    text_en: str
    parameters: dict
    more_text: tuple[str, ...] = ()  # the clause's other sentences, verbatim

    def sentence(self, phrase: str | None = None) -> str:
        """The clause's sentence containing `phrase` (a rule resting on one of its other
        sentences names a phrase of it), or its key sentence."""
        if phrase:
            for text in (self.text, *self.more_text):
                if phrase in text:
                    return text
        return self.text

    def short(self) -> str:
        """'004 第八条: 每年安排30%...' for one-line citations."""
        return f"{self.id} ({self.locator}): {self.text}"


@dataclass(frozen=True)
class Register:
    documents: dict[str, Document]
    clauses: dict[str, Clause]

    def resolve(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)


def borrowed_words(clause_id: str, lang: str = "zh") -> str:
    """How a rule applied from another jurisdiction's document is named wherever it is listed:
    '借用河北做法 003-p26' / 'borrowed from Hebei (003-p26)'."""
    clause = load_register().resolve(clause_id)
    where_zh, where_en = "外地", "elsewhere"
    if clause is not None:
        zh, _, en = clause.document.jurisdiction.partition(" (")
        where_zh = zh.split(",")[0].strip().removesuffix("省").removesuffix("市") or where_zh
        where_en = en.rstrip(")").split(",")[0].removesuffix(" province").removesuffix(" city")
        where_en = where_en.strip() or "elsewhere"
    if lang == "zh":
        return f"借用{where_zh}做法 {clause_id}"
    return f"borrowed from {where_en} ({clause_id})"


def register_path() -> Path:
    return Path(os.environ.get("OPTIMISER_REGISTER", DEFAULT_PATH))


@lru_cache(maxsize=4)
def load_register(path: Path | None = None) -> Register:
    path = path or register_path()
    doc, problems = read_yaml(path)
    if problems or doc is None:
        raise InputError(problems)
    documents: dict[str, Document] = {}
    clauses: dict[str, Clause] = {}
    for entry in doc.data.get("documents", []):
        document = Document(
            id=str(entry["id"]),
            title=entry.get("title", ""),
            title_en=entry.get("title_en", ""),
            issuer=entry.get("issuer", ""),
            date=str(entry.get("date", "")),
            jurisdiction=entry.get("jurisdiction", ""),
            file=entry.get("file"),
            held=_held(entry),
        )
        documents[document.id] = document
        for item in entry.get("clauses", []):
            clause = Clause(
                str(item["id"]),
                document,
                str(item.get("locator", "")),
                str(item.get("text", "")),
                str(item.get("text_en", "")),
                dict(item.get("parameters") or {}),
                tuple(str(t) for t in item.get("more_text") or ()),
            )
            clauses[clause.id] = clause
    return Register(documents, clauses)


def _held(entry: dict) -> bool:
    """A document's `held`: true or false as written (a word such as `no` is refused rather
    than read as true), else whether it names a file."""
    held = entry.get("held", entry.get("file") is not None)
    if not isinstance(held, bool):
        raise InputError(
            [
                Problem(
                    "seeds/register.yaml",
                    None,
                    f"documents.{entry.get('id')}.held",
                    str(held),
                    "true or false",
                )
            ]
        )
    return held

"""The header dictionary: the Chinese names of each table's columns, of fund sources, categories
and sheets, of units and of the words some columns take (headers.yaml beside this file), plus
what a dataset adds under `import_names:` in its policy.yaml.

Every lookup folds a text first (`fold`): full-width letters, digits and brackets to half-width,
spaces and line breaks removed, ASCII letters in lower case; so 县（市、区）, 县(市、区) and
"县 （市、区）" are one name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from optimiser.schemas.rows import TABLES

FILE = Path(__file__).with_name("headers.yaml")
YEAR = re.compile(r"(19[5-9]\d|20\d\d|2100)")
MONEY_UNITS = ("亿元", "千元", "万元", "元")  # the longest first: 万元 before 元


def fold(text: object) -> str:
    """A name as the dictionary compares it."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", folded).lower()


@dataclass(frozen=True)
class Unit:
    """The unit a header or a units row states: money (元, 万元, 亿元, 千元) and/or percent."""

    money: str | None = None
    percent: bool = False
    text: str = ""  # as written, for the report

    def __bool__(self) -> bool:
        return self.money is not None or self.percent


def read_unit(text: str) -> Unit:
    """The unit in a piece of header text such as 万元, 元/亩, %, 人 (no money: Unit())."""
    folded = fold(text).removeprefix("单位:").removeprefix("单位")
    money = next((u for u in MONEY_UNITS if folded.startswith(u)), None)
    return Unit(money=money, percent=folded.startswith("%"), text=text)


_PAREN = re.compile(r"\(([^()]*)\)")
_UNIT_WORD = re.compile(r"^(单位:?)?(亿元|千元|万元|元|%|人|户|亩|个|座|村|年|人/户)(/.*)?$")
_TRAILING = re.compile(r"(?:单位:?)?(亿元|千元|万元)$")


def split_unit(label: str) -> tuple[str, Unit]:
    """A header without the unit written in it, and that unit: 金额（万元） -> (金额, 万元);
    贫困发生率(%) -> (贫困发生率, %); 县（市、区） keeps its brackets (no unit in them)."""
    text = fold(label)
    unit = Unit()
    for found in _PAREN.finditer(text):
        if _UNIT_WORD.match(found.group(1)):
            unit = read_unit(found.group(1)) or unit
            text = text.replace(found.group(0), "")
    trailing = _TRAILING.search(text)
    if trailing and trailing.start() > 0 and not unit:
        unit = read_unit(trailing.group(1))
        text = text[: trailing.start()]
    text = text.rstrip(":")
    return text, unit


@dataclass
class Dictionary:
    """Names by what they name, each folded; `first` keeps the template's header of a column."""

    columns: dict[str, dict[str, list[str]]]
    help: dict[str, dict[str, str]]
    sheets: dict[str, list[str]]
    skip_sheets: list[str]
    sources: dict[str, list[str]]
    categories: dict[str, list[str]]
    counties: dict[str, list[str]]
    county_suffixes: list[str]
    district_words: list[str]
    county_marks: list[str]
    former_names: dict[str, str]
    units: dict[str, float]
    totals: list[str]
    subtotals: list[str]
    index_columns: list[str]
    note_columns: list[str]
    note_rows: list[str]
    group_words: list[str]
    year_words: list[str]
    values: dict[str, dict[str, list[str]]]
    _lookup: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def first(self, table: str, column: str) -> str:
        """The header `allocate template` writes for a column."""
        return self.columns[table][column][0]

    def column(self, table: str, label: str) -> str | None:
        """The column of `table` a header names, or None."""
        key = f"columns:{table}"
        if key not in self._lookup:
            self._lookup[key] = {
                fold(name): column
                for column, names in reversed(list(self.columns[table].items()))
                for name in reversed(names)
            }
        return self._lookup[key].get(fold(label))

    def word(self, kind: str, text: str) -> str | None:
        """The value a word stands for in a column that takes words (designation, level, kind,
        basis, unit, bool): 国定 -> national."""
        key = f"values:{kind}"
        if key not in self._lookup:
            self._lookup[key] = {
                fold(name): value
                for value, names in self.values.get(kind, {}).items()
                for name in [value, *names]
            }
        return self._lookup[key].get(fold(text))

    def words_of(self, kind: str, value: str) -> str:
        """The first Chinese word of a value (national -> 国定), for the template."""
        names = self.values.get(kind, {}).get(value)
        return names[0] if names else value

    def is_one_of(self, kind: str, text: str) -> bool:
        """Whether a text is one of a list of this dictionary (totals, subtotals, ...)."""
        key = f"list:{kind}"
        if key not in self._lookup:
            self._lookup[key] = {fold(name): kind for name in getattr(self, kind)}
        return fold(text) in self._lookup[key]

    def tables_named(self, text: str) -> dict[str, int]:
        """The tables whose sheet words a text (a sheet name or a title) holds, each with the
        length of its longest word found."""
        folded = fold(text)
        found: dict[str, int] = {}
        for table, words in self.sheets.items():
            longest = max((len(fold(w)) for w in words if fold(w) in folded), default=0)
            if longest:
                found[table] = longest
        return found

    def skip_sheet(self, name: str) -> bool:
        return fold(name) in {fold(s) for s in self.skip_sheets}


@cache
def _packaged() -> dict:
    from optimiser.io.yaml_files import load_text

    doc, problems = load_text(FILE.read_text(encoding="utf-8"), FILE.name)
    if problems or doc is None:  # the file ships with the package: a fault here is ours
        raise RuntimeError(f"{FILE}: {problems[0] if problems else 'empty'}")
    return doc.data


def load_dictionary(extra: object = None) -> Dictionary:
    """The packaged dictionary, with the names a dataset adds (`import_names` of its policy:
    an ImportNames, a mapping of the same shape, or None) after the packaged ones."""
    raw = _packaged()
    columns = {
        table: {column: list(spec["names"]) for column, spec in specs.items()}
        for table, specs in raw["columns"].items()
    }
    help_ = {
        table: {column: str(spec.get("help", "")) for column, spec in specs.items()}
        for table, specs in raw["columns"].items()
    }
    for table in TABLES:  # every column of every table has a name (a test holds this)
        columns.setdefault(table, {})
    words = {
        "sheets": {t: list(w) for t, w in raw["sheets"].items()},
        "sources": {c: list(w) for c, w in raw["sources"].items()},
        "categories": {c: list(w) for c, w in raw["categories"].items()},
        "counties": {},
    }
    if extra is not None:
        added = extra.model_dump() if hasattr(extra, "model_dump") else dict(extra)
        for table, named in (added.get("columns") or {}).items():
            for column, names in named.items():
                columns[table].setdefault(column, []).extend(str(n) for n in names)
        for kind in ("sheets", "sources", "categories", "counties"):
            for code, names in (added.get(kind) or {}).items():
                words[kind].setdefault(str(code), []).extend(str(n) for n in names)
    return Dictionary(
        columns=columns,
        help=help_,
        skip_sheets=list(raw["skip_sheets"]),
        county_suffixes=list(raw["county_suffixes"]),
        district_words=list(raw["district_words"]),
        county_marks=list(raw["county_marks"]),
        former_names={str(k): str(v) for k, v in raw["county_former_names"].items()},
        units={str(k): float(v) for k, v in raw["units"].items()},
        totals=list(raw["totals"]),
        subtotals=list(raw["subtotals"]),
        index_columns=list(raw["index_columns"]),
        note_columns=list(raw["note_columns"]),
        note_rows=list(raw["note_rows"]),
        group_words=list(raw["group_words"]),
        year_words=list(raw["year_words"]),
        values={k: {str(v): list(n) for v, n in m.items()} for k, m in raw["values"].items()},
        **words,
    )


def year_of(label: str, dictionary: Dictionary) -> int | None:
    """The year a header names (2018, 2018年, 2018年度, 2018年分配), or None."""
    text = fold(label)
    found = re.fullmatch(r"(\d{4})(.*)", text)
    if not found or not YEAR.fullmatch(found.group(1)):
        return None
    rest = found.group(2)
    words = sorted((fold(w) for w in dictionary.year_words), key=len, reverse=True)
    while rest:
        word = next((w for w in words if rest.startswith(w)), None)
        if word is None:
            return None
        rest = rest[len(word) :]
    return int(found.group(1))


def years_in(text: str) -> list[int]:
    """Every distinct four-digit year followed by 年 in a text (a title, a sheet name)."""
    folded = fold(text)
    found = re.findall(r"(?<!\d)(\d{4})(?=年)", folded) or re.findall(r"^(\d{4})(?!\d)", folded)
    return sorted({int(y) for y in found if YEAR.fullmatch(y)})

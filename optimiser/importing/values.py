"""One cell read as the dataset format writes it: numbers typed as text (1,234.5, full-width
digits, a percent sign), a dash for nothing, years written 2018年, words of a list (国定, 是),
money in the unit the sheet states. Each reading that changed what was typed is named, so the
report can list every conversion made."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

DASHES = {"-", "--", "—", "——", "–", "－", "/", "／", "\\", "无", "空", "—-"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
LIST_SEPARATORS = re.compile(r"[;；、,，]")


@dataclass(frozen=True)
class Read:
    value: float | None  # None: empty (or a dash)
    conversion: str | None = None  # text, percent, dash: what was done to the typed value
    error: bool = False


def number(value: object) -> Read:
    """A number from a cell: a number, or text that writes one."""
    if value is None:
        return Read(None)
    if isinstance(value, bool):
        return Read(None, error=True)
    if isinstance(value, int | float):
        if not math.isfinite(float(value)):
            return Read(None, error=True)
        return Read(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = re.sub(r"\s+", "", text)
    if not text:
        return Read(None)
    if text in DASHES:
        return Read(None, "dash")
    percent = text.endswith("%")
    body = text.rstrip("%").replace(",", "")
    if not _NUMBER.fullmatch(body):
        return Read(None, error=True)
    read = float(body)
    if percent:
        return Read(read / 100, "percent")
    return Read(read, "text")


def decimals(value: float) -> int:
    """The decimals a number is written with (1234.56 -> 2), at most 6."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 6
    return min(6, len(text.split(".")[1].rstrip("0"))) if "." in text else 0


def csv_number(value: float) -> str:
    """A number as the dataset's CSV writes it: whole numbers without a decimal point."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def scaled(value: float, factor: float) -> float:
    """A figure in another unit, without the float noise of the multiplication."""
    if factor == 1:
        return value
    return round(value * factor, 10)


def year(value: object) -> Read:
    """A year: 2018, 2018.0, 2018年, 2018年度."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        found = re.fullmatch(r"(\d{4})\s*年?度?", text)
        if found:
            return Read(float(found.group(1)), None if text == found.group(1) else "year")
    read = number(value)
    if read.value is not None and not float(read.value).is_integer():
        return Read(None, error=True)
    return read


def text(value: object) -> str:
    """A cell as text: whole numbers without .0, the rest as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def parts(value: object) -> list[str]:
    """A list in one cell, split at ; ； 、 , or ，."""
    return [p.strip() for p in LIST_SEPARATORS.split(text(value)) if p.strip()]


def number_parts(value: object) -> list[str]:
    """A list of numbers in one cell, split at ; ； or 、 (a comma may be a thousands mark)."""
    return [p.strip() for p in re.split(r"[;；、]", text(value)) if p.strip()]

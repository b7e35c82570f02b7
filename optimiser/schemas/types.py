"""Cell types shared by the table schemas, each carrying the sentence a user reads when a cell
does not fit ("expected: ...")."""

from __future__ import annotations

import math
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

TRUE = {"true", "1", "yes", "y", "是", "t"}
FALSE = {"false", "0", "no", "n", "否", "f"}
CODE_RE = re.compile(r"^[A-Za-z0-9_\-]+$")
NUMBER_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _empty_to_none(value: object) -> object:
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


def _bool(value: object) -> object:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError("true or false")
    return value


def _number(value: object) -> object:
    """Plain decimal numbers only: a thousands separator or a percent sign is refused, not guessed."""
    if isinstance(value, str):
        text = value.strip()
        if "," in text or "，" in text:
            raise ValueError("a plain number without thousands separators")
        if text.endswith("%"):
            raise ValueError("a plain number; write 30% as 0.3")
        if not NUMBER_RE.fullmatch(text):
            raise ValueError("a number written with the digits 0-9")
        number = float(text)
        if not math.isfinite(number):
            raise ValueError("a finite number")
        return number
    return value


def _year(value: object) -> object:
    value = _number(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("a four-digit year such as 2018")
        return int(value)
    return value


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.replace("；", ";").split(";") if part.strip()]
    return value


def _code(value: str) -> str:
    if not CODE_RE.match(value):
        raise ValueError("a code of letters, digits, '_' or '-'")
    return value


Code = Annotated[
    str, AfterValidator(_code), Field(description="a code of letters, digits, '_' or '-'")
]
Text = Annotated[str, Field(min_length=1, description="some text")]
OptText = Annotated[str | None, BeforeValidator(_empty_to_none)]
OptCode = Annotated[Code | None, BeforeValidator(_empty_to_none)]
Bool = Annotated[bool, BeforeValidator(_bool), Field(description="true or false")]
OptBool = Annotated[Bool | None, BeforeValidator(_empty_to_none)]
Year = Annotated[
    int,
    BeforeValidator(_year),
    Field(ge=1949, le=2100, description="a four-digit year such as 2018"),
]
Term = Annotated[int, BeforeValidator(_year), Field(ge=1, le=30, description="whole years ≥ 1")]
OptYear = Annotated[Year | None, BeforeValidator(_empty_to_none)]
NonNeg = Annotated[
    float, BeforeValidator(_number), Field(ge=0, le=1e12, description="a number ≥ 0")
]
OptNonNeg = Annotated[NonNeg | None, BeforeValidator(_empty_to_none)]
Positive = Annotated[
    float, BeforeValidator(_number), Field(gt=0, le=1e12, description="a number > 0")
]
Share = Annotated[
    float, BeforeValidator(_number), Field(ge=0, le=1, description="a share between 0 and 1")
]
OptShare = Annotated[Share | None, BeforeValidator(_empty_to_none)]
CodeList = Annotated[
    list[Code], BeforeValidator(_split), Field(description="codes separated by ';'")
]
NumberList = Annotated[
    list[NonNeg],
    BeforeValidator(_split),
    Field(min_length=1, description="numbers separated by ';'"),
]

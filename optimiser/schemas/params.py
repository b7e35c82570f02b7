"""A rule's parameters as a person writes them, in policy.yaml or in an override: status words in
any case, and shares in percent.

Status words: `hard`, `on`, `yes`, `true` mean hard (the rule must hold; a rule that is "on" is
applied as written); `soft` means soft; `off`, `no`, `false` mean off. Any case (`OFF`, `Hard`);
a YAML boolean true or false reads as on or off.

Shares: a parameter that is a share or a fraction (bounded above by 1, or described as a
fraction: `share`, `max_share`, `margin`, ...) also takes a percent: `35%` is 0.35, never a
change of the current value; a percent outside the parameter's range is refused as written.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

STATUS_WORDS = {
    "hard": "hard",
    "on": "hard",
    "yes": "hard",
    "true": "hard",
    "soft": "soft",
    "off": "off",
    "no": "off",
    "false": "off",
}
PERCENT = re.compile(r"^\s*([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+))\s*%\s*$")


def status_word(value: object) -> str | None:
    """hard, soft or off for a status as written (a word in any case, or a boolean); None for
    anything else."""
    if isinstance(value, bool):
        return "hard" if value else "off"
    if isinstance(value, str):
        return STATUS_WORDS.get(value.strip().lower())
    return None


def bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """The (lowest, highest) a numeric parameter may take, from its field's ge/le."""
    low = high = None
    for item in model.model_fields[name].metadata:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    return low, high


def is_fraction(model: type[BaseModel], name: str) -> bool:
    """A parameter that is a share or a fraction: a number bounded above by 1, or one its
    description calls a fraction."""
    found = model.model_fields.get(name)
    if found is None or found.annotation is not float:
        return False
    high = bounds(model, name)[1]
    return (high is not None and high <= 1) or "fraction" in (found.description or "")


def fractions(model: type[BaseModel]) -> list[str]:
    return [name for name in model.model_fields if is_fraction(model, name)]


def read_percent(model: type[BaseModel], name: str, value: object) -> tuple[object, str | None]:
    """A parameter's value with a percent read as a fraction: (value, None), or (value, what was
    expected) when a percent is refused (not a share, or outside the share's range)."""
    if not isinstance(value, str):
        return value, None
    match = PERCENT.match(value)
    if match is None or name not in model.model_fields:
        return value, None
    if not is_fraction(model, name):
        return value, (
            f"a number: {name} is not a share, so a percent is not taken for it "
            "(a percent is taken for a share or a fraction: " + ", ".join(fractions(model)) + ")"
        )
    fraction = float(match.group(1)) / 100
    low, high = bounds(model, name)
    if (low is not None and fraction < low) or (high is not None and fraction > high):
        span = f"{_pct(low)} to {_pct(high)}" if low is not None and high is not None else None
        limit = span or (f"at least {_pct(low)}" if low is not None else f"at most {_pct(high)}")
        described = model.model_fields[name].description or name
        return value, f"a share from {limit}: {described}"
    return fraction, None


def _pct(value: float | None) -> str:
    return f"{value * 100:g}%"

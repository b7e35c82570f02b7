"""Numbers as every output prints them: money in 万元 to the fen, signed changes, shares and
percentage points, weighted people, and figures in sentences. A missing number is "-"; a
negative change in a table or chart takes a real minus sign (−), which lines up and does not
break before the digits."""

from __future__ import annotations

import math

MINUS = "−"


def money(amount: float) -> str:
    """万元 with thousands separators and no more decimals than it has (to 0.01)."""
    if abs(amount - round(amount)) < 0.005:
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


def fen(amount: float) -> int:
    """万元 as a whole number of fen (0.01 万元): what printed figures are added in, so that a
    printed total is exactly the sum of the printed rows."""
    return round(amount * 100)


def wan(amount: float, signed: bool = False) -> str:
    """万元 to the fen, always two decimals: 1,309,388.02; signed: +12.50 / -3.00."""
    cents = fen(amount)
    text = f"{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
    if cents < 0:
        return "-" + text
    return ("+" + text) if signed and cents > 0 else text


def wan_of(cents: int, signed: bool = False) -> str:
    """A sum of fen (see `fen`) as 万元."""
    return wan(cents / 100, signed)


def figure(value: float | None) -> str:
    """A figure in a sentence: 万元-sized ones as `money`, small ones to 4 significant digits;
    - for none, ∞ for an unbounded one."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) >= 100:
        return money(value)
    return f"{value:,.4g}"


def number(value: object) -> float | None:
    """A figure as a float, None where there is none (an empty CSV cell, NaN)."""
    if value is None or value == "":
        return None
    value = float(value)
    return None if math.isnan(value) else value


def signed_points(value: float | None) -> str:
    """Percentage points of a change: +1.25, −0.50, 0.00."""
    if value is None:
        return "-"
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text.replace("-", MINUS)


def signed_money(value: float) -> str:
    """万元 of a change to the fen, with its sign: +12.50, −3.00, 0.00."""
    text = f"{value:+,.2f}".replace("-", MINUS)
    return "0.00" if text in ("+0.00", MINUS + "0.00") else text


def money_or_dash(value: object) -> str:
    """万元 to the fen, "-" for none."""
    value = number(value)
    return "-" if value is None else f"{value:,.2f}"


def whole(value: float) -> str:
    """A number to the unit: 1,234."""
    return f"{float(value):,.0f}"


def people(value: object, signed: bool = False) -> str:
    """Weighted people: whole where whole, else to 0.01 below a hundred; "-" for none."""
    value = number(value)
    if value is None:
        return "-"
    text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if abs(value - round(value)) < 0.005:
        text = f"{value:,.0f}"
    text = text.replace("-", MINUS)
    return ("+" + text) if signed and value > 0 else text


def share(value: float | None, places: int = 2) -> str:
    """A share to `places` decimals of a percent: 54.12%; "-" for none."""
    return "-" if value is None else f"{value:.{places}%}"


def percent(value: float) -> str:
    """A share as a whole percent where whole, else to a tenth: 30%, 55.3%."""
    return f"{value:.0%}" if abs(value * 100 - round(value * 100)) < 1e-6 else f"{value:.1%}"

"""Numbers as every output prints them: money in 万元 to the fen, signed changes, shares and
percentage points, weighted people, and figures in sentences. A missing number is "-"; a
negative change in a table or chart takes a real minus sign (−), which lines up and does not
break before the digits."""

from __future__ import annotations

import math

MINUS = "−"


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


def share(value: float | None) -> str:
    """A share to a hundredth of a percent: 54.12%; "-" for none."""
    return "-" if value is None else f"{value:.2%}"


def percent(value: float) -> str:
    """A share as a whole percent where whole, else to a tenth: 30%, 55.3%."""
    return f"{value:.0%}" if abs(value * 100 - round(value * 100)) < 1e-6 else f"{value:.1%}"

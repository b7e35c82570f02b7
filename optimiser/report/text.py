"""Plain-text tables that stay aligned with Chinese characters (two terminal columns each)."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def table(
    headers: list[str], rows: list[list[str]], right: set[int] | None = None, indent: str = "  "
) -> str:
    """Columns sized to their widest cell; columns in `right` are right-aligned (numbers)."""
    right = right or set()
    sizes = [width(h) for h in headers]
    for row in rows:
        sizes = [max(s, width(c)) for s, c in zip(sizes, row, strict=True)]
    lines = [
        indent
        + "  ".join(
            pad(h, s, i in right) for i, (h, s) in enumerate(zip(headers, sizes, strict=True))
        )
    ]
    lines.append(indent + "  ".join("-" * s for s in sizes))
    for row in rows:
        lines.append(
            indent
            + "  ".join(
                pad(c, s, i in right) for i, (c, s) in enumerate(zip(row, sizes, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


def money(amount: float) -> str:
    """万元 with thousands separators and no more decimals than it has (to 0.01)."""
    if abs(amount - round(amount)) < 0.005:
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"

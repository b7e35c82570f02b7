"""Plain text for the terminal: tables that stay aligned with Chinese characters (two columns
each), and lines wrapped where a reader breaks them, never inside a name."""

from __future__ import annotations

import unicodedata

# money is formatted in optimiser.report.numbers; these names stay importable from here, where
# other modules have long imported them
from optimiser.report.numbers import fen, money, wan, wan_of  # noqa: F401


def width(text: str) -> int:
    """Terminal columns: 2 for a Chinese character, 0 for a format mark, 1 for the rest."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 0 if ch == JOINER else 1 for ch in text
    )


def pad(text: str, size: int, right: bool = False) -> str:
    gap = " " * max(0, size - width(text))
    return gap + text if right else text + gap


def warning_lines(warning: dict | None, lang: str) -> list[str]:
    """The data warning (summary.json's `data_warning`) as the terminal says it first: "! ..."."""
    return ["! " + (warning.get(lang) or warning["zh"])] if warning else []


def table(
    headers: list[str],
    rows: list[list[str]],
    right: set[int] | None = None,
    indent: str = "  ",
    rule: bool = True,
) -> str:
    """Columns sized to their widest cell; columns in `right` are right-aligned (numbers);
    `rule`: a line of dashes under the headers."""
    right = right or set()
    sizes = [width(h) for h in headers]
    for row in rows:
        sizes = [max(s, width(c)) for s, c in zip(sizes, row, strict=True)]
    lines = [
        (
            indent
            + "  ".join(
                pad(h, s, i in right) for i, (h, s) in enumerate(zip(headers, sizes, strict=True))
            )
        ).rstrip()
    ]
    if rule:
        lines.append(indent + "  ".join("-" * s for s in sizes))
    for row in rows:
        lines.append(
            indent
            + "  ".join(
                pad(c, s, i in right) for i, (c, s) in enumerate(zip(row, sizes, strict=True))
            ).rstrip()
        )
    return "\n".join(lines)


# where a line may break: after Chinese punctuation (a good place), or after a space or a
# middle dot (between the parts of a name: only when no good place is near); never inside a name,
# never before a closing mark
STRONG = set("，。；：、）】」")
WEAK = set(" ·")
JOINER = "\u2060"  # no break here (inside a name kept whole); never printed
NO_START = set("，。；：、）】」,.;:)%" + JOINER)


def wrap(text: str, limit: int = 100, indent: str = "", hang: str | None = None) -> list[str]:
    """`text` in lines of at most `limit` display columns (a Chinese character counts 2), broken
    after punctuation, else after a space, so that no name is cut; `indent` starts the first
    line, `hang` (default: `indent` and two spaces) the others. A run longer than a line (a
    long path) is left whole, past the width."""
    hang = indent + "  " if hang is None else hang
    lines: list[str] = []
    line = indent
    start = len(indent)  # where the text of this line starts
    breaks: list[tuple[int, bool]] = []  # (position after which the line may break, strong)
    i = 0
    while i < len(text):
        ch = text[i]
        at = _choose(line, start, breaks, limit) if width(line) + width(ch) > limit else None
        if at is not None and line[start:at].strip():
            lines.append(line[:at].rstrip())
            rest = line[at:].lstrip()
            line, start = hang + rest, len(hang)
            breaks = _breaks(line, start)
            continue
        line += ch
        following = text[i + 1] if i + 1 < len(text) else ""
        if following not in NO_START and (ch in STRONG or ch in WEAK):
            breaks.append((len(line), ch in STRONG))
        i += 1
    if line[start:].strip():
        lines.append(line.rstrip())
    return lines


def _breaks(line: str, start: int) -> list[tuple[int, bool]]:
    found = []
    for i in range(start, len(line)):
        following = line[i + 1] if i + 1 < len(line) else ""
        if following not in NO_START and (line[i] in STRONG or line[i] in WEAK):
            found.append((i + 1, line[i] in STRONG))
    return found


def _choose(line: str, start: int, breaks: list[tuple[int, bool]], limit: int) -> int | None:
    """The last strong break that keeps the line at least half full, else the last break."""
    for at, strong in reversed(breaks):
        if strong and width(line[:at]) >= limit // 2:
            return at
    return breaks[-1][0] if breaks else None


NBSP = "\u00a0"  # a space that does not break: inside a name kept whole


def block(lines: list[str], limit: int = 100, keep: list[str] | tuple[str, ...] = ()) -> str:
    """Lines joined, each wrapped to `limit` columns keeping its own indent; the names in `keep`
    (project names with spaces, say) are never broken across lines."""
    whole = [name for name in keep if any(ch in STRONG or ch in WEAK for ch in name)]
    out: list[str] = []
    for line in lines:
        if width(line) <= limit:
            out.append(line)
            continue
        for name in whole:
            line = line.replace(name, _joined(name))
        indent = line[: len(line) - len(line.lstrip(" "))]
        bullet = "- " if line.lstrip().startswith("- ") else ""
        out += wrap(
            line.strip(), limit, indent, indent + " " * len(bullet) + ("" if bullet else "  ")
        )
    return "\n".join(out).replace(NBSP, " ").replace(JOINER, "")


def _joined(name: str) -> str:
    """`name` with no place to break: spaces that do not break, a joiner after punctuation."""
    return "".join(
        NBSP if ch == " " else ch + JOINER if ch in STRONG or ch in WEAK else ch for ch in name
    )

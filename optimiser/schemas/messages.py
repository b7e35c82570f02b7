"""Pydantic's error records turned into the plain "expected ..." a user reads, shared by the
table and the policy validators."""

from __future__ import annotations

from typing import Any

TYPE_WORDS = {
    "float_parsing": "a number",
    "float_type": "a number",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of names to values",
    "finite_number": "a finite number",
    "missing": "a value (required)",
}
LIMIT_WORDS = (("ge", "at least"), ("gt", "above"), ("le", "at most"), ("lt", "below"))


def expected_text(error: dict[str, Any], description: str | None = None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])
    if kind == "literal_error" and "expected" in ctx:
        return "one of " + ctx["expected"].replace("'", "")
    limit = next(
        (
            f"{words} {ctx[key]:g}"
            for key, words in LIMIT_WORDS
            if isinstance(ctx.get(key), int | float)
        ),
        None,
    )
    words = TYPE_WORDS.get(kind)
    if description:
        bound = next(
            (ctx[key] for key, _ in LIMIT_WORDS if isinstance(ctx.get(key), int | float)), None
        )
        if limit and (bound is None or f"{bound:g}" not in description):
            return f"{description}, {limit}"
        if words:
            return f"{words}: {description}"
        return description if limit else f"{description} ({error['msg']})"
    return limit or words or error["msg"]


def nearest(typed: str, valid: dict[str, list[str]], limit: int = 3) -> list[str]:
    """The valid codes closest to what was typed: the code in another case, codes and names
    (Chinese or English) containing it or contained in it, then the closest by spelling
    (difflib). `valid` maps each code to its names."""
    import difflib

    text = typed.strip().lower()
    if not text:
        return []
    found: list[str] = []

    def add(codes) -> None:
        found.extend(c for c in codes if c not in found)

    add(code for code in valid if code.lower() == text)
    add(code for code, names in valid.items() if any(n.strip().lower() == text for n in names))
    if found:  # the code in another case, or a name of it: nothing else is as near
        return found[:limit]
    by_text = {code.lower(): code for code in valid}
    add(by_text[c] for c in difflib.get_close_matches(text, list(by_text), limit, 0.6))
    add(
        code
        for code, names in valid.items()
        if any(
            text in word or (len(word) > 1 and word in text)
            for word in [code.lower(), *(n.strip().lower() for n in names if n)]
        )
    )
    names = {n.strip().lower(): code for code, ns in valid.items() for n in ns if n}
    add(names[n] for n in difflib.get_close_matches(text, list(names), limit, 0.5))
    return found[:limit]


def choices_text(
    typed: str, valid: dict[str, list[str]] | list[str], shown: int = 12, near: int = 3
) -> str:
    """ "did you mean X (name)? valid: a, b, c, ... (N in all)" for a typed code not among
    `valid` (codes, or codes with their names)."""
    if not isinstance(valid, dict):
        valid = {code: [] for code in valid}
    if not valid:
        return "none are defined"
    close = nearest(typed, valid, near)
    parts = []
    if close:
        labels = [c + (f" ({valid[c][0]})" if valid[c] and valid[c][0] else "") for c in close]
        parts.append("did you mean " + " or ".join(labels) + "?")
    codes = list(valid)
    listed = ", ".join(codes[:shown])
    if len(codes) > shown:
        listed += f", ... ({len(codes)} in all)"
    parts.append("valid: " + listed)
    return " ".join(parts)

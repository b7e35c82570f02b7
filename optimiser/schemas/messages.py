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

"""What every page (report.html, the scenario comparison, the sweep) is built of: escaped text,
the head with its inline style, and the data warning that comes first."""

from __future__ import annotations

import html


def e(text: object) -> str:
    """Text as HTML shows it, quotes included (it may stand in an attribute)."""
    return html.escape(str(text), quote=True)


def head(title: str, lang: str, style: str, script: str = "") -> str:
    """The page up to its body: language, title, inline style (and a script: nothing fetched)."""
    return (
        f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        '<meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        f'initial-scale=1"><title>{e(title)}</title><style>{style}</style>'
        + (f"<script>{script}</script>" if script else "")
        + "</head><body>"
    )


def warning_block(warning: dict | None, lang: str) -> str:
    """The data warning (summary.json's `data_warning`) in `lang`, or nothing."""
    if not warning:
        return ""
    return f'<p class="warning" role="alert">{e(warning.get(lang) or warning["zh"])}</p>'

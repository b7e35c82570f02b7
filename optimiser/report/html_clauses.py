"""The clauses a rule rests on, as report.html cites them: by document and article
(《…》第三条、第七条), quoting the sentence where it is clear which, from the register of
documents (optimiser.register); a document the register only summarises is named, not quoted."""

from __future__ import annotations

import re
from collections import Counter

from optimiser.report.binding_rules import RuleGroup
from optimiser.report.html_context import Page
from optimiser.report.html_words import W
from optimiser.report.words import join
from optimiser.rules import BY_ID


def main_document(page: Page, groups: list[RuleGroup]) -> str | None:
    """The document most of these rules' clauses are of (named once above the list)."""
    titles = [
        found[0]
        for group in groups
        for one in group.rule_id.split("+")
        if one in BY_ID
        for clause_id in BY_ID[one].citations
        if (found := clause(page, clause_id, None)) and found[1]
    ]
    return Counter(titles).most_common(1)[0][0] if titles else None


def citation(page: Page, item: dict, quote_limit: int = 80, omit: str | None = None) -> str:
    """The clauses the rule rests on, by document and article (《…》第三条、第七条), quoting
    the sentence where the rule rests on one clause and it is known which sentence."""
    docs: dict[str, tuple[str, list[tuple[str, str | None]]]] = {}
    for rule_id in item["rule_id"].split("+"):
        family = BY_ID.get(rule_id)
        if family is None:
            continue
        for clause_id in family.citations:
            found = clause(page, clause_id, family.quotes.get(clause_id))
            if found is None:
                continue
            title, where, quote = found
            _, clauses = docs.setdefault(title, (title, []))
            if (where, quote) not in clauses:
                clauses.append((where, quote))
    said = []
    for title, clauses in docs.values():
        if not clauses or clauses == [("", None)]:
            said.append(title)
            continue
        wheres = join([w for w, _ in clauses if w], page.lang)
        quotes = [q for _, q in clauses if q]
        here = "_here" if title == omit and wheres else ""
        if len(clauses) == 1 and quotes and quote_limit:
            quote = _short(quotes[0], quote_limit if page.lang == "zh" else 2 * quote_limit)
            said.append(page.w(f"clause{here}_quote", doc=title, where=wheres, quote=quote))
        else:
            said.append(page.w(f"clause{here}", doc=title, where=wheres))
    return page.w("cite", text=join(said, page.lang)) if said else ""


def clause(page: Page, clause_id: str, phrase: str | None) -> tuple[str, str, str | None] | None:
    """(document's title, where in it, the sentence quoted or None) of a clause."""
    entry = _register_clause(clause_id)
    if entry is None:
        return None
    doc = entry.document
    zh = page.lang == "zh"
    title = _bare_title(doc.title if zh else doc.title_en)
    if not doc.held or (zh and not _has_cjk(title)):
        # a public source the register summarises in English: named, not quoted
        return (W("public", page.lang) if zh else title or W("public", page.lang)), "", None
    where = _where(entry.locator, page.lang)
    # quote the sentence when it is clear which: the family names it, or there is one
    quote = None
    if zh and (phrase or not entry.more_text):
        quote = entry.sentence(phrase)
    elif not zh and not phrase and not entry.more_text:
        quote = entry.text_en
    if quote and zh and not _has_cjk(quote):
        quote = None
    return title, where, quote


_CJK = re.compile(r"[\u3400-\u9fff]")


def _has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def _bare_title(title: str) -> str:
    """A document's title without the register's editorial brackets and remarks:
    '[关于…的意见] (title not printed; reconstructed)' -> '关于…的意见'."""
    title = (title or "").strip()
    match = re.match(r"^\[(.+?)\]", title)
    if match:
        return match.group(1).strip()
    return re.sub(r"\s*\((?=[^)]*[A-Za-z])[^)]*\)\s*$", "", title).strip()


def _where(locator: str, lang: str) -> str:
    """Where in the document: 第八条 / paragraph 11."""
    locator = locator or ""
    article = re.match(r"^(第[^ (（]+条)", locator)
    paragraph = re.search(r"paragraphs? ([\d\-]+)", locator)
    if lang == "zh":
        if article:
            return article.group(1)
        if paragraph:
            return f"第{paragraph.group(1)}段"
        head = locator.split(" (")[0]
        return head if _has_cjk(head) else ""
    return paragraph.group(0) if paragraph else locator


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _register_clause(clause_id: str):
    try:
        from optimiser.register import load_register

        return load_register().resolve(clause_id)
    except Exception:  # a page is still written without the register (a moved install)
        return None

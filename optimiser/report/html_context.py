"""What every part of report.html reads: the run folder, the language and its words, and the
plan's facts (optimiser.report.plan_facts), computed once for the whole page."""

from __future__ import annotations

import re

from optimiser.explain.values import objective_unit
from optimiser.report.html_words import W
from optimiser.report.plan_facts import CountyMoney, PlanFacts
from optimiser.report.rule_sentences import title
from optimiser.report.run_view import RunView
from optimiser.report.words import COMMON


class Page:
    """The run and the language a page is written in, and what it states of the plan."""

    def __init__(self, view: RunView, lang: str):
        self.view = view
        self.lang = lang
        self.s = view.summary
        self.names = view.names
        self.objunit = objective_unit(self.s.get("objective_mode", "impact"), lang)
        self.facts = PlanFacts.of(view)
        self.rules = self.facts.rules

    def w(self, key: str, **fields: object) -> str:
        return W(key, self.lang, **fields)

    def city_name(self, county: CountyMoney) -> str:
        return county.city or COMMON.say("unknown_city", self.lang)

    def rule_title(self, rule_id: str) -> str:
        return title(rule_id, self.names, self.lang)

    def audit_findings(self) -> list[str]:
        return [said for record, said in self.view.notes(self.lang) if record.startswith("audit:")]


def clean_note(note: str) -> str:
    """A note as the page says it: a mailed page has no run folder to look things up in."""
    return re.sub(r"[，,]?\s*(见|in|see) [\w.\-]+\.(csv|json)\b", "", note)

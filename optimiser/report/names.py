"""Names, never codes, in anything a person reads.

A run folder keeps codes (the CSV key columns, rule instance keys such as `loufan|grid|2018`);
reports turn each into what the dataset calls it: 娄烦县 · 电网改造 · 2018年. `Names` is built
from a run's summary.json (counties, cities in the dataset's order, sources, categories) and its
projects.csv, so a finished run is named again without its dataset."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from optimiser.notes import NOTES, Note
from optimiser.report.words import Words, join, year

YEAR = re.compile(r"^\d{4}$")

# the fixed words of rule instance keys (optimiser.rules: the names `ModelBuilder.add` is given)
PHRASES = Words(
    "instance phrases",
    {
        "all": {"zh": "规划期合计", "en": "over the run"},
        "start after": {"zh": "开工不早于", "en": "starts no earlier than"},
        "start by": {"zh": "开工不晚于", "en": "starts no later than"},
        "at most whole": {"zh": "至多全额", "en": "at most in full"},
        "min fraction": {"zh": "最低安排比例", "en": "smallest share funded"},
        "funded only if on": {"zh": "入选方可拨款", "en": "paid only if selected"},
        "outside its scopes": {"zh": "适用范围以外", "en": "outside its scopes"},
        "budget growth": {"zh": "按预算增幅", "en": "by the budget's growth"},
        "amount": {"zh": "增加额", "en": "amount"},
        "rate": {"zh": "增幅", "en": "rate"},
        "set up": {"zh": "设立", "en": "set up"},
        "province": {"zh": "省级", "en": "province"},
        "balance": {"zh": "周转金余额", "en": "fund balance"},
        "poverty county": {"zh": "限贫困县", "en": "poverty counties only"},
        "deep share": {"zh": "深度贫困县份额", "en": "deep counties' share"},
        "leverage": {"zh": "银行放大倍数", "en": "bank leverage"},
        "match": {"zh": "县级配套", "en": "county match"},
        "use": {"zh": "使用", "en": "use"},
        "deep counties first": {"zh": "深度贫困县优先", "en": "deep counties first"},
        "whole": {"zh": "全额", "en": "in full"},
        "fraction": {"zh": "安排比例", "en": "share funded"},
        "subsidies": {"zh": "培训和交通补助", "en": "training and transport subsidies"},
        "no budget": {"zh": "无预算", "en": "no budget"},
        "after": {"zh": "须在{name}之后", "en": "after {name}"},
        "project": {"zh": "项目{name}", "en": "project {name}"},
    },
)

# groups a rule's instance key names where no code of the dataset has that name
# (R-FOREST-QUOTA: `forestry|2018`; tiny datasets have a source called forestry)
GROUPS = Words(
    "instance groups",
    {"forestry": {"zh": "林业五大项目", "en": "the five forestry programmes"}},
)

Words("notes", NOTES)


@dataclass
class Names:
    """What the dataset calls each code, in either language."""

    counties: dict[str, dict] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    categories: dict[str, dict] = field(default_factory=dict)
    projects: dict[str, str] = field(default_factory=dict)
    rule_titles: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_summary(cls, summary: dict, projects: dict[str, str] | None = None) -> Names:
        from optimiser.rules import BY_ID

        return cls(
            counties=summary.get("counties", {}),
            sources=summary.get("sources", {}),
            categories=summary.get("categories", {}),
            projects=projects or {},
            rule_titles={rid: (f.title_zh, f.title_en) for rid, f in BY_ID.items()},
        )

    @classmethod
    def from_dataset(cls, data) -> Names:
        from optimiser.rules import BY_ID

        return cls(
            counties={
                c.code: {"name": c.name, "city": c.city, "deep": c.deep} for c in data.counties
            },
            sources={s.code: {"name": s.name, "name_en": s.name_en} for s in data.sources},
            categories={
                k.code: {"name": k.name, "name_en": k.name_en, "unit": k.unit}
                for k in data.categories
            },
            projects={p.id: p.name for p in data.projects},
            rule_titles={rid: (f.title_zh, f.title_en) for rid, f in BY_ID.items()},
        )

    # -- single codes -------------------------------------------------------------------------

    def county(self, code: str, lang: str = "zh") -> str:
        county = self.counties.get(code)
        return county["name"] if county else code

    def source(self, code: str, lang: str = "zh") -> str:
        return _named(self.sources.get(code), code, lang)

    def category(self, code: str, lang: str = "zh") -> str:
        return _named(self.categories.get(code), code, lang)

    def project(self, pid: str, lang: str = "zh") -> str:
        return self.projects.get(pid, pid)

    def rule(self, rule_id: str, lang: str = "zh") -> str:
        titles = self.rule_titles.get(rule_id)
        if titles is None:
            return rule_id
        return titles[0] if lang == "zh" else titles[1]

    def cities(self) -> list[str]:
        """Cities in the order the dataset lists its counties (not by code point)."""
        seen: dict[str, None] = {}
        for county in self.counties.values():
            seen.setdefault(county.get("city") or "", None)
        return list(seen)

    def code(self, code: str, lang: str = "zh") -> str:
        """Whatever a code names: a county, source, category, project or rule."""
        for table, namer in (
            (self.counties, self.county),
            (self.sources, self.source),
            (self.categories, self.category),
            (self.projects, self.project),
            (self.rule_titles, self.rule),
        ):
            if code in table:
                return namer(code, lang)
        return code

    # -- notes --------------------------------------------------------------------------------

    def note(self, note: object, lang: str = "zh") -> str:
        """A run's note in `lang` with names (optimiser.notes); a plain string as it is."""
        if not isinstance(note, Note):
            return str(note)
        fields = {key: self._field(key, value, lang) for key, value in note.fields.items()}
        return NOTES[note.key][lang].format(**fields)

    def _field(self, key: str, value: object, lang: str) -> object:
        many = value if isinstance(value, list | tuple) else None
        if key in ("against",):
            return join([self.note(v, lang) for v in many or [value]], lang)
        if key in ("counties", "cities"):
            return join([self.county(v, lang) for v in many or [value]], lang)
        if key == "county":
            return self.county(str(value), lang)
        if key == "category":
            return self.category(str(value), lang)
        if key in ("source", "sources", "group", "instance"):
            return self.instance(value, lang)
        if key == "rule":
            return self.rule(str(value), lang)
        if key == "project":
            return self.project(str(value), lang)
        return value

    # -- rule instances -----------------------------------------------------------------------

    def instance(self, key: object, lang: str = "zh") -> str:
        """A rule instance key as names: `loufan|grid|2018` -> 娄烦县 · 电网改造 · 2018年."""
        if key is None or (isinstance(key, float) and math.isnan(key)):
            return ""
        text = str(key)
        if "; " in text:  # the priority stage: several rules' instances at once
            return "；".join(self._stage_part(part, lang) for part in text.split("; "))
        parts = [self._part(p.strip(), lang) for p in text.split("|")]
        return " · ".join(p for p in parts if p)

    def _stage_part(self, part: str, lang: str) -> str:
        rule_id, _, rest = part.partition(" ")
        if rule_id in self.rule_titles:
            return f"{self.rule(rule_id, lang)}：{self.instance(rest, lang)}"
        return self.instance(part, lang)

    def _part(self, part: str, lang: str) -> str:
        if not part:
            return ""
        if YEAR.match(part):
            return year(part, lang)
        if part in PHRASES.words:
            return PHRASES.say(part, lang)
        if "=" in part:  # city=临汾市, county=loufan
            kind, _, value = part.partition("=")
            return self.county(value, lang) if kind == "county" else value
        if "+" in part:  # several sources at once
            return join([self._part(p, lang) for p in part.split("+")], lang)
        head, _, rest = part.partition(" ")
        if rest and head in ("after", "project"):
            return PHRASES.say(head, lang, name=self.project(rest, lang))
        named = self.code(part, lang)
        return GROUPS.say(part, lang) if named == part and part in GROUPS.words else named


def _named(entry: dict | None, code: str, lang: str) -> str:
    if not entry:
        return code
    if lang == "en" and entry.get("name_en"):
        return entry["name_en"]
    return entry["name"]

"""County names to codes, with the variants workbooks use.

陵川, 陵川县, 陵川县（市、区）, "陵 川 县", 陵川县★ and 晋城市陵川县 are all 陵川县; a code is itself.
城区, 市辖区 and 市区 name a city's urban districts: they match the county of that city whose
name is one of them when the city is known (a city column, a city row above, the city in the
name). A name that fits more than one county is ambiguous and returned with every candidate,
never resolved by a guess; a name that fits none is unknown, returned with the nearest names."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from optimiser.importing.headers import Dictionary, fold


@dataclass(frozen=True)
class CountyRow:
    code: str
    name: str
    city: str | None


@dataclass(frozen=True)
class Match:
    code: str | None  # the county, when exactly one fits
    candidates: tuple[CountyRow, ...] = ()  # more than one: ambiguous
    near: tuple[str, ...] = ()  # none: the nearest names, for the question
    exact: bool = True  # False when a variant was matched (陵川 for 陵川县)

    @property
    def ambiguous(self) -> bool:
        return self.code is None and len(self.candidates) > 1


class CountyBook:
    """The counties of a dataset, looked up by code, name or a variant of the name."""

    def __init__(self, counties: list[CountyRow], dictionary: Dictionary):
        self.counties = list(counties)
        self.dictionary = dictionary
        self.suffixes = sorted((fold(s) for s in dictionary.county_suffixes), key=len, reverse=True)
        self.marks = [fold(m) for m in dictionary.county_marks]
        self.districts = {self.base(w) for w in dictionary.district_words}
        self.by_code = {c.code.lower(): c for c in self.counties}
        self.by_name: dict[str, list[CountyRow]] = {}
        self.by_base: dict[str, list[CountyRow]] = {}
        for county in self.counties:
            self.by_name.setdefault(fold(county.name), []).append(county)
            self.by_base.setdefault(self.base(county.name), []).append(county)
        for code, names in dictionary.counties.items():
            county = self.by_code.get(code.lower())
            if county is not None:
                for name in names:
                    self.by_name.setdefault(fold(name), []).append(county)
        for former, name in dictionary.former_names.items():
            for county in self.by_name.get(fold(name), []):
                self.by_name.setdefault(fold(former), []).append(county)
        self.cities = {}
        for county in self.counties:
            if county.city:
                self.cities[fold(county.city)] = county.city
                self.cities.setdefault(self.base(county.city), county.city)

    def base(self, name: str) -> str:
        """A name without its administrative suffix (陵川县 -> 陵川; 县 alone stays 县)."""
        text = self.clean(name)
        for suffix in self.suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                return text[: -len(suffix)]
        return text

    def clean(self, name: str) -> str:
        """A name folded, without the marks tables put after a county (★, *)."""
        text = fold(name)
        for mark in self.marks:
            text = text.replace(mark, "")
        return text

    def city_of(self, text: str) -> str | None:
        """The city a text names (晋城市 or 晋城), when it names no county."""
        cleaned = self.clean(text)
        if cleaned in self.by_name or self.by_code.get(cleaned):
            return None
        return self.cities.get(cleaned)

    def match(self, text: str, city: str | None = None) -> Match:
        cleaned = self.clean(text)
        if not cleaned:
            return Match(None)
        if cleaned in self.by_code:
            return Match(self.by_code[cleaned].code)
        if cleaned.endswith(("(市、区)", "(市,区)")):
            cleaned = cleaned.rsplit("(", 1)[0]
        found = self._unique(self.by_name.get(cleaned, []))
        exact = True
        if not found:
            exact = False
            prefix_city, rest = self._split_city(cleaned)
            city = prefix_city or city
            base = self.base(rest)
            if base in self.districts:
                found = [c for c in self.counties if self.base(c.name) in self.districts]
            else:
                found = self._unique(self.by_name.get(rest, []) or self.by_base.get(base, []))
        if len(found) > 1 and city:
            in_city = [
                c for c in found if c.city and fold(c.city) in (fold(city), fold(city) + "市")
            ]
            in_city = in_city or [
                c for c in found if c.city and self.base(c.city) == self.base(city)
            ]
            found = in_city or found
        if len(found) == 1:
            return Match(found[0].code, exact=exact)
        if found:
            return Match(None, candidates=tuple(found))
        names = [c.name for c in self.counties]
        near = difflib.get_close_matches(str(text).strip(), names, n=3, cutoff=0.5)
        return Match(None, near=tuple(near))

    def _split_city(self, text: str) -> tuple[str | None, str]:
        """(the city a name starts with, the rest): 晋城市陵川县 -> (晋城市, 陵川县)."""
        for key in sorted(self.cities, key=len, reverse=True):
            if text.startswith(key) and len(text) > len(key):
                return self.cities[key], text[len(key) :]
        return None, text

    @staticmethod
    def _unique(rows: list[CountyRow]) -> list[CountyRow]:
        seen: dict[str, CountyRow] = {}
        for row in rows:
            seen.setdefault(row.code, row)
        return list(seen.values())

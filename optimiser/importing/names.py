"""Fund sources and project categories by name: the dataset's own names (name, name_en, code),
the dictionary's names for the codes the dataset has, and the names its policy adds. A name that
two codes answer to is ambiguous, and said so."""

from __future__ import annotations

from dataclasses import dataclass

from optimiser.importing.headers import Dictionary, fold

TRAILING = ("扶贫资金", "资金")  # 中央专项资金 is 中央专项: compared again without these


@dataclass(frozen=True)
class Named:
    code: str | None
    candidates: tuple[str, ...] = ()  # more than one code answers: ambiguous
    exact: bool = True  # False when the name is one of the dictionary's, not the dataset's


@dataclass(frozen=True)
class Entity:
    code: str
    name: str
    name_en: str | None = None


class NameBook:
    """Sources and categories of the dataset being imported, found by any of their names."""

    def __init__(self, sources: list[Entity], categories: list[Entity], dictionary: Dictionary):
        self.sources = list(sources)
        self.categories = list(categories)
        self._source = self._index(sources, dictionary.sources)
        self._category = self._index(categories, dictionary.categories)

    @staticmethod
    def _index(entities: list[Entity], aliases: dict[str, list[str]]) -> dict[str, dict]:
        own: dict[str, set[str]] = {}
        other: dict[str, set[str]] = {}
        codes = {e.code for e in entities}
        for entity in entities:
            for name in (entity.code, entity.name, entity.name_en):
                if name:
                    for key in _keys(name):
                        own.setdefault(key, set()).add(entity.code)
        for code, names in aliases.items():
            if code in codes:
                for name in names:
                    for key in _keys(name):
                        other.setdefault(key, set()).add(code)
        return {"own": own, "other": other}

    def source(self, text: str) -> Named:
        return self._find(self._source, text)

    def category(self, text: str) -> Named:
        return self._find(self._category, text)

    @staticmethod
    def _find(index: dict[str, dict], text: str) -> Named:
        keys = _keys(text)
        for kind in ("own", "other"):
            for key in keys:
                codes = index[kind].get(key)
                if codes:
                    if len(codes) == 1:
                        return Named(next(iter(codes)), exact=kind == "own")
                    return Named(None, tuple(sorted(codes)))
        return Named(None)

    def source_name(self, code: str) -> str:
        return next((e.name for e in self.sources if e.code == code), code)

    def category_name(self, code: str) -> str:
        return next((e.name for e in self.categories if e.code == code), code)


def _keys(name: str) -> list[str]:
    """The forms a name is compared in: folded, then without a trailing 资金."""
    folded = fold(name)
    keys = [folded]
    for tail in TRAILING:
        if folded.endswith(tail) and len(folded) > len(tail) + 1:
            keys.append(folded[: -len(tail)])
            break
    return keys

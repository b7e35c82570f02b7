"""Which table a block is: the one whose columns its headers name best and whose required columns
it has (a year may come from the title), the sheet's name or title deciding between tables its
headers fit equally (分配 history, 预算 budgets, ...). `--sheet NAME=TABLE` says it outright.
Tables its headers fit equally that neither name decides between are a question."""

from __future__ import annotations

from dataclasses import dataclass

from optimiser.importing.headers import Dictionary, years_in
from optimiser.importing.layout import Block
from optimiser.importing.meaning import Meaning, covered, meanings
from optimiser.importing.names import NameBook
from optimiser.schemas.rows import TABLES


@dataclass
class Choice:
    table: str | None
    how: str  # "option", "headers", "name", "tie", "none"
    meanings: list[Meaning]
    missing: list[str]  # required columns the chosen (or best) table lacks
    tied: list[str]  # tables the headers fit equally, when the name does not decide
    year: int | None  # the year the title or sheet name gives
    best: str | None = None  # with no table: the nearest, for the question


def context_year(block: Block) -> int | None:
    """The one year the titles above a block, or else the sheet's name, state."""
    for texts in (block.titles, [block.grid.sheet]):
        years = sorted({y for text in texts for y in years_in(text)})
        if len(years) == 1:
            return years[0]
        if len(years) > 1:
            return None
    return None


def choose(
    block: Block, dictionary: Dictionary, names: NameBook, forced: str | None = None
) -> Choice:
    year = context_year(block)
    if forced is not None:
        found = meanings(block, forced, dictionary, names)
        _, missing = covered(forced, found, year)
        return Choice(forced, "option", found, missing, [], year)
    hinted: dict[str, int] = {}
    for text in [block.grid.sheet, *block.titles]:
        for table, length in dictionary.tables_named(text).items():
            hinted[table] = max(hinted.get(table, 0), length)
    fits = []
    for table in TABLES:
        found = meanings(block, table, dictionary, names)
        score, missing = covered(table, found, year)
        fits.append((table, score, missing, found))
    whole = [f for f in fits if not f[2] and f[1] > 0]
    if not whole:
        best = max(fits, key=lambda f: (f[1] - len(f[2]), hinted.get(f[0], 0)))
        return Choice(None, "none", best[3], best[2], [], year, best[0])
    top = max(f[1] for f in whole)
    # a table the name gives wins among those that read at least as many columns but one
    named = [f for f in whole if f[0] in hinted and f[1] >= top - 1]
    if named:
        longest = max(hinted[f[0]] for f in named)
        named = [f for f in named if hinted[f[0]] == longest]
        if len(named) == 1:
            table, _, _, found = named[0]
            return Choice(table, "name", found, [], [], year)
    best = [f for f in whole if f[1] == top]
    if len(best) == 1:
        table, _, _, found = best[0]
        return Choice(table, "headers", found, [], [], year)
    return Choice(None, "tie", best[0][3], [], [f[0] for f in best], year)

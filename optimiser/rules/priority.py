"""What "deep counties first" (优先) means, shared by R-INDUSTRY-FUND, R-LOTTERY and the
priority clauses of 004 §2 and §5 (R-FOREST-QUOTA, R-LABOUR-SUBSIDY's `first` reading,
R-EDUCATION-FIRST). A priority is on the money of some sources (the industry fund, a city's own
budget, the lottery funds) or on the money of some categories (a programme: forestry's five,
the education accounts), or both; always on the plan's own money, not on commitments carried
in from before the run.

`lexicographic` (the default, the literal reading): the deep counties receive from the priority
sources as much as they can use under every other rule before any other county receives from
them. The solver first maximises the deep counties' take T* — summed over every source,
programme and year the rules apply to (the industry fund, each city's own budget among its
counties, the lottery funds, the programmes' money), since these compete for the same
deep-county needs — then requires the take to stay at T* (less a relative `tolerance`) while it
optimises the main objective. On a programme paid by sources that also pay other things, the
most the deep counties can take of it is also the most those sources can put into the programme
there: the programme then comes first among the deep counties' uses of those sources too.

`share`: a weaker reading solved at once: at least `min_deep_share` of what the source (or the
programme) pays goes to deep counties.

`weighted`: 优先 as a preference, not an order: every 万元 the deep counties receive from the
priority sources counts `weight` more in the objective (people reached per 万元 in impact mode,
万元 of deviation in formula mode), so the deep counties come first wherever the gain elsewhere
is smaller than the weight.
"""

from typing import Literal

from pydantic import Field

from optimiser.rules.base import RuleParams


class PriorityParams(RuleParams):
    method: Literal["lexicographic", "share", "weighted"] = Field(
        "lexicographic",
        description="lexicographic: deep counties take all they can use first; "
        "share: at least min_deep_share goes to deep counties; weighted: each 万元 to them "
        "counts `weight` more in the objective",
    )
    min_deep_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description="with method share: minimum "
        "share to deep counties (an assumption, no clause sets it)",
    )
    weight: float = Field(
        1.0,
        ge=0,
        le=1e6,
        description="with method weighted: objective units per 万元 the deep counties "
        "receive from the priority sources (an assumption, no clause sets it)",
    )
    tolerance: float = Field(
        1e-9,
        ge=0,
        le=0.1,
        description="with method lexicographic: "
        "relative slack allowed below the deep counties' maximum take",
    )


def deep_first(
    family,
    b,
    params: PriorityParams,
    instance: str,
    year: int,
    sources,
    deep,
    counties,
    categories=None,
) -> None:
    """Register the deep counties' priority on `sources` (None: every source) in `year` among
    `counties`, on the money of `categories` only when given (a clause that puts the deep
    counties first for a programme, such as forestry's, rather than for a source). Commitments
    carried in from before the run are not part of it: the priority is on the plan's money."""
    if params.method == "weighted":  # a bonus per 万元 in the objective
        for var in b.money_terms(year, sources=sources, counties=deep, categories=categories):
            b.bonus_terms.append((params.weight, var))
        return
    take = b.money(year, sources=sources, counties=deep, categories=categories)
    if isinstance(take, float):
        return
    if params.method == "lexicographic":
        b.prioritise(family, instance, take, params.tolerance)
    else:
        total = b.money(year, sources=sources, counties=counties, categories=categories)
        b.add(
            family,
            params,
            instance,
            take - params.min_deep_share * total,
            ">=",
            0.0,
            show=(take, params.min_deep_share * total),
        )

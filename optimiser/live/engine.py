"""The held model a session's answers are solved on: a HeldPlan (optimiser.scenario.held) of the
server's dataset and years, the base solved once and each answer re-solved on the model it keeps,
anchored to the base plan's money (among equally good plans, the one that moves least).

    plan = make_plan(data, years)
    plan.base                                   # the base run
    run = plan.answer(variant_dataset)          # run.route: "updated" or "rebuilt: <why>"
    plan.reset()
"""

from __future__ import annotations

from optimiser.dataset import Dataset
from optimiser.scenario.held import HeldPlan


def make_plan(data: Dataset, years: list[int] | tuple[int, ...]) -> HeldPlan:
    return HeldPlan(data, list(years))

"""Money to the fen that adds up: every amount a run writes is rounded to 0.01 万元 so that the rows
of each county and source sum exactly to the printed totals, and each source's total to its
budget as printed.

Rounding each amount on its own does not add up (three thirds of 1.00 print as 0.33 each). The
largest-remainder method does: round every amount down, then give the cents the group lost back,
one each, to the amounts that lost the most. Applied twice: the county totals of each source and
year against the source's total, then each county's rows against its county total. So the
county x source summary, the per-source totals and the detailed rows all agree to the cent."""

from __future__ import annotations

import numpy as np
import pandas as pd

CENTS = 100  # 0.01 万元


def apportion(cents: np.ndarray, group: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Integers near `cents` whose sum in each group (ids 0..n-1) is `target[group]`."""
    floor = np.floor(cents + 1e-9)
    short = target - np.bincount(group, weights=floor, minlength=len(target))
    frame = pd.DataFrame({"group": group, "frac": cents - floor})
    rank = frame.groupby("group")["frac"].rank(method="first", ascending=False).to_numpy()
    return (floor + (rank <= short[group])).astype("int64")


def round_allocation(
    allocation: pd.DataFrame,
    column: str = "amount_wan",
    budget: tuple[str, ...] = ("year", "source"),
    cell: tuple[str, ...] = ("year", "source", "county_code"),
) -> pd.DataFrame:
    """The allocation with `column` in 0.01 万元 that sums to the rounded totals of each budget
    (`budget` columns) and each county within it (`cell`); rows that round to nothing dropped."""
    if allocation.empty:
        return allocation.copy()
    frame = allocation.reset_index(drop=True).copy()
    cents = frame[column].clip(lower=0.0).to_numpy() * CENTS
    cell_id = frame.groupby(list(cell), sort=False).ngroup().to_numpy()
    cell_cents = np.bincount(cell_id, weights=cents)
    first_row = pd.Series(np.arange(len(frame))).groupby(cell_id).first().to_numpy()
    cells = frame.iloc[first_row]
    budget_id = cells.groupby(list(budget), sort=False).ngroup().to_numpy()
    budget_target = np.rint(np.bincount(budget_id, weights=cell_cents))
    cell_target = apportion(cell_cents, budget_id, budget_target)
    rounded = apportion(cents, cell_id, cell_target.astype(float))
    frame[column] = rounded / CENTS
    return frame[rounded > 0].reset_index(drop=True)

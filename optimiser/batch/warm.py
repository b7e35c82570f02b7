"""The warm base a worker holds for each dataset it has met: the base plan solved once, its HiGHS
model kept, and every variant answered on it by the in-place update (optimiser.api.what_if: the
variant's numbers pushed into the held model and re-solved warm), anchored to the base plan, or
built afresh when the variant changes the model's structure (a rule switched off).

Every answer starts from the same state, whatever was answered before it on this worker: the
model's bases are put back to the ones the base's own warm re-solve ended at, and HiGHS's other
solver state is cleared. So a point's plan does not depend on which worker solved it or in what
order, and a batch gives the same results on one process, several, or a cluster (a test holds
this). A worker keeps at most KEEP warm bases, the least recently used given up first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from optimiser.api import Run, solve, what_if
from optimiser.dataset import Dataset

KEEP = 4  # warm bases a worker holds at once (about 20 MB each for Shanxi 2018)


@dataclass(frozen=True)
class Settings:
    """How every point of a batch is solved (optimiser.api.solve's options)."""

    objective: str | None = None
    time_limit: float | None = None
    mip_gap: float = 1e-4
    mip_method: str = "auto"


class WarmBase:
    """One dataset's base run and the model variants are answered on (see the module's text)."""

    def __init__(self, data: Dataset, years: tuple[int, ...], settings: Settings):
        self.lock = threading.RLock()  # one answer at a time on the held model
        self.base: Run = solve(
            data,
            list(years),
            settings.objective,
            settings.time_limit,
            settings.mip_gap,
            mip_method=settings.mip_method,
        )
        self.base.route = "built"
        self._bases: dict | None = None
        held = self.base.held
        if held is not None and self.base.result is not None and self.base.solution.has_plan:
            # the base answered on its own model once: the state every answer starts from
            what_if(self.base, data, anchor=True)
            self._bases = held.kept_bases()

    def answer(self, variant: Dataset) -> Run:
        """The plan of `variant` (the base's dataset changed), anchored to the base plan; call
        with `lock` held when the run is read further on the model (its conflict explained)."""
        with self.lock:
            held = self.base.held
            if held is not None and self._bases is not None:
                held.start_from(self._bases)
            run, _how = what_if(self.base, variant, anchor=True)
            return run


_held: OrderedDict[tuple, WarmBase] = OrderedDict()
_guard = threading.Lock()


def warm_base(data: Dataset, years: tuple[int, ...], settings: Settings) -> WarmBase:
    """This process's warm base of `data` (by content hash) for `years` and `settings`, solved
    on first use."""
    key = (data.input_hash, data.name, tuple(years), settings)
    with _guard:
        found = _held.get(key)
        if found is not None:
            _held.move_to_end(key)
            return found
    made = WarmBase(data, tuple(years), settings)
    with _guard:
        found = _held.setdefault(key, made)
        _held.move_to_end(key)
        while len(_held) > KEEP:
            _held.popitem(last=False)
    return found


def forget() -> None:
    """Give up every warm base of this process (tests, benchmarks)."""
    with _guard:
        _held.clear()

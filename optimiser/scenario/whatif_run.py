"""A what-if from end to end, as `allocate whatif` needs it: solve the base, solve the variant by
updating the base's model in place where it can, write both run folders and diff.csv, and enter
both in the ledger. Rendering is left to the caller. (The live page answers on a held plan,
optimiser.scenario.held, and writes its folders through optimiser.live.store.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from optimiser.api import Run, solve, what_if
from optimiser.dataset import Dataset
from optimiser.exits import exit_code
from optimiser.scenario.overrides import Override, apply


@dataclass
class WhatIf:
    overrides: list[Override]
    base: Run
    variant: Run
    how: str  # "updated" (the base model re-solved in place) or "rebuilt: <why>"
    diff: dict  # optimiser.scenario.diff.compare
    base_folder: Path
    variant_folder: Path


def run_whatif(
    data: Dataset,
    years: list[int] | tuple[int, ...],
    overrides: list[Override],
    out_dir: Path,
    encoding: str = "utf-8-sig",
) -> WhatIf:
    """The base and the variant solved, written, diffed and entered in the ledger. Overrides are
    applied (and so validated) before anything is solved or written."""
    from optimiser import ledger
    from optimiser.explain.collect import explain_run
    from optimiser.report.names import Names
    from optimiser.report.run_files import write_run
    from optimiser.scenario.diff import compare, diff_table

    variant_data = apply(data, overrides)
    base = solve(data, years)
    base_folder = write_run(
        base, out_dir, explanation=explain_run(base), scenario="base", encoding=encoding
    )
    variant, how = what_if(base, variant_data)  # updates the base model in place when it can
    label = "whatif: " + "; ".join(o.text for o in overrides)
    variant_folder = write_run(
        variant, out_dir, explanation=explain_run(variant), scenario=label, encoding=encoding
    )
    ledger.record_run(out_dir, base, base_folder, "base", "whatif", exit_code(base.solution.status))
    ledger.record_run(
        out_dir, variant, variant_folder, label, "whatif", exit_code(variant.solution.status)
    )
    diff = compare(base.solution, variant.solution)
    diff_table(diff, Names.from_dataset(data)).to_csv(
        variant_folder / "diff.csv", index=False, encoding=encoding, lineterminator="\n"
    )
    return WhatIf(list(overrides), base, variant, how, diff, base_folder, variant_folder)

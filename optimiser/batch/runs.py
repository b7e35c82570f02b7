"""Batches of whole runs (scenario sets, batch files): each point's run folder written under
`--out` as it arrives and entered in the ledger, and one row per point in the batch's results
file (`points.csv`, `batch.csv`) naming the folder; a re-run skips the points whose folder is
still there."""

from __future__ import annotations

import json
from pathlib import Path

from optimiser.batch.driver import Progress, run_batch
from optimiser.batch.points import RUN, Point
from optimiser.batch.store import Results, record, unpack
from optimiser.dataset import Dataset

COLUMNS = [
    "dataset",
    "years",
    "scenario",
    "status",
    "objective",
    "people_reached",
    "deep_share",
    "money_wan",
    "folder",
    "reason",
]


def run_points(
    points: list[Point],
    datasets: dict[str, Dataset],
    executor,
    path: Path,
    out_root: Path,
    command: str,
    on_start=None,
    on_result=None,
    stop_after: int | None = None,
) -> tuple[Progress, dict[str, dict]]:
    """Solve the run points not yet finished, writing each one's folder, ledger entry and row
    of `path`. Returns the progress and every point's row by key (read back from the file)."""
    names = {h: d.name for h, d in datasets.items()}
    results = Results(path, COLUMNS)

    def write(point: Point, result: dict) -> dict:
        row = {
            "dataset": names.get(point.data_hash, ""),
            "years": _years(point.years),
            "scenario": point.name,
            "status": result["status"],
            "reason": result.get("reason", ""),
        }
        packed = result.get("run")
        if packed is None:
            return row
        folder = unpack(out_root, packed)
        record(out_root, packed["ledger"], folder, point.name, command)
        summary = json.loads(packed["files"]["summary.json"].decode("utf-8"))
        row.update(
            objective=summary.get("objective"),
            people_reached=summary.get("people_reached"),
            deep_share=summary.get("deep_share"),
            money_wan=summary.get("money_wan"),
            folder=str(folder),
        )
        return row

    def keep(row: dict) -> bool:
        if row.get("status") == "failed":
            return False
        return not row.get("folder") or Path(row["folder"]).is_dir()

    progress = run_batch(
        points,
        datasets,
        executor,
        results,
        write,
        keep=keep,
        on_start=on_start,
        on_result=on_result,
        stop_after=stop_after,
    )
    return progress, results.finished()


def run_point(
    index: int, data: Dataset, years, name: str = "base", overrides=(), settings=None
) -> Point:
    """The point of one run: `data` for `years` with `overrides` (texts), named `name`."""
    from optimiser.batch.warm import Settings

    return Point(
        index,
        RUN,
        data.input_hash,
        tuple(years),
        tuple(overrides),
        name=name,
        settings=settings or Settings(),
    )


def _years(years) -> str:
    years = list(years)
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"

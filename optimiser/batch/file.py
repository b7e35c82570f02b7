"""The batch file (`allocate batch FILE`): datasets, their years, and scenarios to run on each —
every dataset's base plan and every scenario on every dataset.

    # batch.yaml
    years: 2018                       # the years of every dataset that does not say its own
    datasets:
      - data/shanxi                   # a dataset folder, relative to this file's folder
      - data: data/jincheng           # ... or with its own years
        years: 2018
      - data: data/shanxi
        years: 2017-2020              # a horizon; or a list: [2017, 2018]
    scenarios:                        # optional; written as in a scenario file (based_on too)
      - name: 中央资金减10%
        set: [budget.central_special.2018=-10%]
      - name: 取消增幅要求
        off: [R-GROWTH]

Read with the project's YAML loader (optimiser.io.yaml_files: a key written twice and alias
bombs refused). Every problem of the file — an unknown key, a folder that is not there, years
outside a dataset's plan years — is reported at once, with its line, before anything is solved.
An override a dataset does not have (a source another province names differently) is not the
file's fault: that point is recorded with the reason and the batch goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from optimiser.dataset import Dataset
from optimiser.io.yaml_files import read_yaml
from optimiser.problems import InputError, Problem
from optimiser.scenario.sets import Scenario, read_scenarios

TOP_KEYS = {"datasets", "years", "scenarios", "note"}
DATASET_KEYS = {"data", "years"}
YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")
YEARS_EXPECTED = "a year (2018), a range (2017-2020) or a list of consecutive years"


@dataclass(frozen=True)
class Entry:
    folder: Path
    years: tuple[int, ...]
    line: int | None


@dataclass(frozen=True)
class BatchFile:
    path: Path
    entries: tuple[Entry, ...]
    scenarios: tuple[Scenario, ...]


def read_batch(path: Path) -> BatchFile:
    """The batch file at `path`, every problem of it raised at once (InputError)."""
    path = Path(path)
    doc, problems = read_yaml(path)
    if problems:
        raise InputError(problems)
    file = path.name
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("datasets"), list):
        raise InputError(
            [
                Problem(
                    file,
                    doc.line("datasets"),
                    "datasets",
                    None,
                    "a list of dataset folders under `datasets:` (see the README, Batches)",
                )
            ]
        )
    found: list[Problem] = []
    unknown = set(map(str, data)) - TOP_KEYS
    if unknown:
        found.append(
            Problem(
                file,
                doc.line(sorted(unknown)[0]),
                None,
                ", ".join(sorted(unknown)),
                "only the keys " + ", ".join(sorted(TOP_KEYS)),
            )
        )
    default = None
    if "years" in data:
        default = _years(data["years"])
        if default is None:
            found.append(
                Problem(file, doc.line("years"), "years", str(data["years"]), YEARS_EXPECTED)
            )
    entries: list[Entry] = []
    if not data["datasets"]:
        found.append(Problem(file, doc.line("datasets"), "datasets", None, "at least one dataset"))
    for index, item in enumerate(data["datasets"]):
        where = ("datasets", index)
        column = f"datasets[{index}]"
        if isinstance(item, str):
            item = {"data": item}
        if not isinstance(item, dict) or not isinstance(item.get("data"), str):
            found.append(
                Problem(
                    file,
                    doc.line(*where),
                    column,
                    None,
                    "a dataset folder, or a mapping with `data:` (the folder) and `years:`",
                )
            )
            continue
        extra = set(map(str, item)) - DATASET_KEYS
        if extra:
            found.append(
                Problem(
                    file,
                    doc.line(*where),
                    column,
                    ", ".join(sorted(extra)),
                    "only the keys " + ", ".join(sorted(DATASET_KEYS)),
                )
            )
            continue
        years = default
        if "years" in item:
            years = _years(item["years"])
            if years is None:
                found.append(
                    Problem(
                        file,
                        doc.line(*where, "years"),
                        f"{column}.years",
                        str(item["years"]),
                        YEARS_EXPECTED,
                    )
                )
                continue
        if years is None:
            found.append(
                Problem(
                    file,
                    doc.line(*where),
                    column,
                    item["data"],
                    "the years to plan: `years:` at the top of the file or with the dataset",
                )
            )
            continue
        folder = Path(item["data"]).expanduser()
        if not folder.is_absolute():
            folder = path.parent / folder
        if not folder.is_dir():
            found.append(
                Problem(
                    file,
                    doc.line(*where, "data") if "data" in item else doc.line(*where),
                    f"{column}.data",
                    item["data"],
                    f"a dataset folder (a path relative to the batch file's folder "
                    f"{path.parent.resolve()}); {folder} is not one",
                )
            )
            continue
        entries.append(Entry(folder, years, doc.line(*where)))
    scenarios: list[Scenario] = []
    if data.get("scenarios") is not None:
        try:
            scenarios = read_scenarios(path)
        except InputError as exc:
            found += exc.problems
    if found:
        raise InputError(found)
    return BatchFile(path, tuple(entries), tuple(scenarios))


def _years(value: object) -> tuple[int, ...] | None:
    if isinstance(value, int) and 1900 <= value <= 2200:
        return (value,)
    if isinstance(value, str):
        match = YEARS.match(value)
        if match:
            first = int(match[1])
            last = int(match[2] or match[1])
            return tuple(range(first, last + 1)) if last >= first else None
        return None
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        years = tuple(sorted(value))
        if years == tuple(range(years[0], years[-1] + 1)):
            return years
    return None


def load(batch: BatchFile) -> tuple[dict[str, Dataset], list]:
    """The datasets of a batch file (by content hash) and its points: each dataset's base run,
    then each scenario on it. A dataset that cannot be read, or years outside its plan years,
    is the file's problem (InputError, every one at once)."""
    from optimiser.batch.runs import run_point
    from optimiser.dataset import load_dataset

    datasets: dict[str, Dataset] = {}
    by_folder: dict[Path, Dataset] = {}
    problems: list[Problem] = []
    points = []
    for entry in batch.entries:
        folder = entry.folder.resolve()
        if folder not in by_folder:
            try:
                by_folder[folder] = load_dataset(entry.folder)
            except InputError as exc:
                problems += exc.problems
                continue
        data = by_folder[folder]
        outside = [y for y in entry.years if y not in data.years.plan]
        if outside:
            problems.append(
                Problem(
                    batch.path.name,
                    entry.line,
                    "years",
                    ", ".join(map(str, outside)),
                    f"years among the plan years of the dataset {entry.folder}: "
                    f"{', '.join(map(str, data.years.plan))} (years.plan in its policy.yaml)",
                )
            )
            continue
        datasets[data.input_hash] = data
        points.append(run_point(len(points), data, entry.years))
        for scenario in batch.scenarios:
            overrides = [o.text for o in scenario.overrides]
            points.append(run_point(len(points), data, entry.years, scenario.name, overrides))
    if problems:
        raise InputError(problems)
    return datasets, points

"""The two kinds of `allocate batch`, from their inputs to what is printed: a batch file
(`FileBatch`) and a Monte Carlo study (`DrawsBatch`). Each is read and checked when made (bad
input raises InputError before anything is solved), `run` solves what is not yet finished on an
executor with a progress bar (optimiser.batch.progress), and `report` writes what follows from
the results and returns what to print and the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from optimiser.batch.driver import run_batch
from optimiser.batch.points import batch_key
from optimiser.batch.progress import exit_of, failure_lines
from optimiser.batch.store import Results, typed


@dataclass
class Done:
    text: str  # for stdout
    notes: list[str] = field(default_factory=list)  # for stderr: points that failed
    code: int = 0


class FileBatch:
    """Every dataset and scenario of a batch file (optimiser.batch.file)."""

    label = "batch.label"

    def __init__(self, file: Path, out_dir: Path, lang: str | None):
        from optimiser.batch.file import load, read_batch

        self.datasets, self.points = load(read_batch(file))
        self.out_dir = out_dir
        first = next(iter(self.datasets.values()))
        self.lang = lang or first.policy.dataset.lang
        self.path = out_dir / f"batch-{batch_key(self.points, 'batch')[:8]}" / "batch.csv"
        self.rows: dict[str, dict] = {}

    def run(self, executor, bar) -> None:
        from optimiser.batch.runs import run_points

        with executor:
            _progress, rows = run_points(
                self.points,
                self.datasets,
                executor,
                self.path,
                self.out_dir,
                "batch",
                on_start=bar.start,
                on_result=bar.advance,
            )
        self.rows.update(rows)

    def report(self) -> Done:
        """Each dataset's scenario comparison written; the batch's table to print."""
        from optimiser.batch.table import render_batch
        from optimiser.batch.words import W
        from optimiser.report.scenarios import comparison_row, write_comparison

        ordered = [self.rows[p.key] for p in self.points if p.key in self.rows]
        groups: dict[tuple, list[dict]] = {}
        for point, row in zip(self.points, ordered, strict=True):
            groups.setdefault((point.data_hash, point.years), []).append(row)
        tables = []
        for group in groups.values():
            written = [r for r in group if r.get("folder")]
            if len(written) > 1 and group[0] is written[0]:  # the base and a scenario at least
                base = Path(written[0]["folder"])
                table = [comparison_row(r["scenario"], Path(r["folder"]), base) for r in written]
                tables.append(str(write_comparison(table, base, lang=self.lang)))
        lines = [render_batch(ordered, self.datasets, self.lang), ""]
        lines.append(W("batch.files", self.lang, path=self.path))
        if tables:
            lines.append(W("batch.compared", self.lang, tables=", ".join(tables)))
        notes = failure_lines(
            ordered, self.lang, self.path, lambda r: f"{r['dataset']} · {r['scenario']}"
        )
        return Done("\n".join(lines), notes, exit_of(ordered))


class DrawsBatch:
    """A Monte Carlo study of one dataset (optimiser.batch.draws) and its report."""

    label = "draws.label"

    def __init__(
        self,
        data,
        years: tuple[int, ...],
        draws: int,
        vary: list[str],
        seed: int,
        out_dir: Path,
        lang: str | None,
    ):
        from optimiser.batch.draws import check_varies, draw_points, draws_columns, parse_vary

        self.varies = [parse_vary(text) for text in vary]
        self.data = data
        self.years = list(years)
        check_varies(self.data, self.varies, self.years)
        self.seed = seed
        self.lang = lang or self.data.policy.dataset.lang
        self.points = draw_points(self.data, self.years, self.varies, draws, seed)
        ranges = [(v.path, v.low, v.high, v.percent) for v in self.varies]
        key = batch_key(self.points[:1], "draws", seed, ranges)  # not N: more draws extend it
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        self.folder = out_dir / self.data.name / span / f"draws-{key[:8]}"
        self.path = self.folder / "draws.csv"
        self.columns = draws_columns(self.data, self.varies)

    def run(self, executor, bar) -> None:
        def write(point, result: dict) -> dict:
            row = result.get("row") or {**dict(point.fields), "status": result["status"]}
            return {**row, "reason": result.get("reason", "")}

        with executor:
            run_batch(
                self.points,
                {self.data.input_hash: self.data},
                executor,
                Results(self.path, self.columns),
                write,
                on_start=bar.start,
                on_result=bar.advance,
            )

    def report(self) -> Done:
        """The distribution report written beside draws.csv; its summary to print."""
        from optimiser.batch.draws import distribution, text_columns
        from optimiser.batch.draws_report import write_report

        found = Results(self.path, self.columns).finished()
        text = text_columns(self.varies)
        rows = [typed(found[p.key], text) for p in self.points if p.key in found]
        summary = write_report(
            distribution(rows, self.data),
            self.data,
            self.years,
            self.varies,
            self.seed,
            self.folder,
            self.lang,
        )
        notes = failure_lines(rows, self.lang, self.path, lambda r: f"#{int(r.get('draw') or 0)}")
        return Done(summary, notes, exit_of(rows))

"""The progress bar of a batch on the terminal (stderr): points finished of all, and points per
second in this run; the points an earlier run finished said once and counted in. Off the
terminal (cron) click prints the label once and no bar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimiser.batch.driver import Progress
from optimiser.batch.words import W


class Bar:
    def __init__(self, label: str, lang: str, path: Path, quiet: bool = False):
        self.label, self.lang, self.path, self.quiet = label, lang, path, quiet
        self.progress: Progress | None = None
        self._bar = None

    def start(self, progress: Progress) -> None:
        self.progress = progress
        if self.quiet:
            return
        if progress.skipped:
            click.echo(
                W(
                    "skipped",
                    self.lang,
                    done=progress.skipped,
                    path=self.path,
                    todo=progress.total - progress.skipped,
                ),
                err=True,
            )
        self._bar = click.progressbar(
            length=progress.total,
            label=self.label,
            file=sys.stderr,
            show_pos=True,
            item_show_func=lambda text: text,
        )
        self._bar.__enter__()
        if progress.skipped:
            self._bar.update(progress.skipped)

    def advance(self, _point, _result, progress: Progress) -> None:
        self.progress = progress
        if self._bar is not None:
            rate = W("rate", self.lang, rate=f"{progress.rate:.2f}")
            self._bar.update(1, rate)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def stopped(self, terminated: bool) -> str:
        """What to say when the batch is stopped: what is kept, and how to go on."""
        self.close()
        if self.progress is None:
            return W("stopped_early", self.lang)
        done = self.progress.finished if self.progress else 0
        total = self.progress.total if self.progress else 0
        key = "terminated" if terminated else "interrupted"
        return W(key, self.lang, done=done, path=self.path, left=max(0, total - done))


def failure_lines(rows: list[dict], lang: str, path: Path, name=None, shown: int = 10) -> list[str]:
    """The points that failed on their own (no result: an error, an override refused), each
    with its reason (an override's refusal said in `lang`; the results file keeps it as made);
    `name(row)` says which point it is."""
    name = name or (lambda row: row.get("scenario") or row.get("value") or row.get("key"))
    bad = [r for r in rows if r.get("status") in ("failed", "bad-input")]
    if not bad:
        return []
    from optimiser.report.problem_words import reason_words

    lines = [W("failed.title", lang)]
    for row in bad[:shown]:
        reason = reason_words(row.get("reason") or "", lang)
        lines.append(W("failed.line", lang, name=name(row), reason=reason))
    if len(bad) > shown:
        lines.append(W("failed.more", lang, count=len(bad) - shown, path=path))
    return lines


def exit_of(rows: list[dict]) -> int:
    """A batch's exit code: 4 when a point failed (an error, a worker that died too often), 2
    when an override was refused, else 0 (a point without a plan is a result, listed)."""
    from optimiser.exits import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK

    statuses = {r.get("status") for r in rows}
    if "failed" in statuses:
        return EXIT_INTERNAL
    if "bad-input" in statuses:
        return EXIT_BAD_INPUT
    return EXIT_OK

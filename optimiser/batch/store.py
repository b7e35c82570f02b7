"""Where a batch's results go, as they arrive.

`Results` is a batch's results file: a CSV in UTF-8 with a byte-order mark (Excel reads it), one
row per finished point with the point's key in the last column. A row is appended and flushed as
soon as its point finishes, so Ctrl-C, a crash or a killed process keeps every finished point; a
run of the same batch again reads the file and skips the points already in it. A row is written
once per key: a key already in the file is never appended again. When every point is finished
the file is rewritten (aside, then renamed) in the batch's own order, so the same batch gives
the same file whichever executor ran it and in whatever order the points finished.

`unpack` writes a run folder a worker sent back (optimiser.batch.points) under `--out`, as
`write_run` does: into a staging folder beside its place, renamed when whole; `record` enters
it in the ledger as `allocate scenarios` does.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from optimiser import staging
from optimiser.surroundings import from_os_error

KEY = "key"


class Results:
    """A batch's results file (see the module's text)."""

    def __init__(self, path: Path, columns: list[str]):
        self.path = Path(path)
        self.columns = [c for c in columns if c != KEY] + [KEY]
        self.written: set[str] = set()

    def finished(self) -> dict[str, dict]:
        """The rows already in the file, by key (as text: read them with `typed`). A file whose
        header is not this batch's is moved aside (`.replaced-<time>`) and the batch starts
        afresh; a last line cut short (a process killed while writing it) is dropped."""
        if not self.path.exists():
            return {}
        try:
            self._mend()
            with open(self.path, encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                if reader.fieldnames != self.columns:
                    handle.close()
                    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
                    os.replace(self.path, self.path.with_name(f"{self.path.name}.replaced-{stamp}"))
                    return {}
                rows = {row[KEY]: row for row in reader if row.get(KEY)}
        except OSError as exc:
            raise from_os_error(exc, self.path) from exc
        self.written = set(rows)
        return rows

    def _mend(self) -> None:
        """Cut a last line left unfinished, so the next row starts on a line of its own."""
        with open(self.path, "rb+") as handle:
            data = handle.read()
            if data and not data.endswith(b"\n"):
                handle.truncate(data.rfind(b"\n") + 1)

    def append(self, row: dict) -> bool:
        """Append one finished point's row (the header first); False when its key is already
        written (a point is never written twice)."""
        key = row[KEY]
        if key in self.written:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists() or self.path.stat().st_size == 0
            with open(self.path, "a", encoding="utf-8-sig", newline="") as handle:
                writer = csv.DictWriter(
                    handle, self.columns, extrasaction="ignore", lineterminator="\n"
                )
                if new:
                    writer.writeheader()
                writer.writerow(row)
                handle.flush()
        except OSError as exc:
            raise from_os_error(exc, self.path) from exc
        self.written.add(key)
        return True

    def complete(self, order: list[str]) -> None:
        """Rewrite the file with one row per key, those of `order` (the batch's order) first,
        atomically; rows of other points (a larger batch run before) are kept after them."""
        rows = self.finished()
        handle = None
        try:
            with tempfile.NamedTemporaryFile(
                "w",
                encoding="utf-8-sig",
                newline="",
                dir=self.path.parent,
                prefix=".partial-",
                delete=False,
            ) as handle:
                writer = csv.DictWriter(handle, self.columns, lineterminator="\n")
                writer.writeheader()
                ordered = [k for k in dict.fromkeys(order) if k in rows]
                for key in ordered + [k for k in rows if k not in set(ordered)]:
                    writer.writerow(rows[key])
            os.chmod(handle.name, 0o666 & ~staging.umask())
            os.replace(handle.name, self.path)
        except OSError as exc:
            if handle is not None:
                Path(handle.name).unlink(missing_ok=True)
            raise from_os_error(exc, self.path) from exc


def typed(row: dict, text: set[str]) -> dict:
    """A row read back from a results file with its numbers as numbers: every column not in
    `text` that holds a number becomes a float, an empty cell None."""
    found: dict = {}
    for column, value in row.items():
        if value is None or value == "":
            found[column] = None
        elif column in text:
            found[column] = value
        else:
            try:
                found[column] = float(value)
            except ValueError:
                found[column] = value
    return found


def unpack(out_root: Path, packed: dict) -> Path:
    """Write the run folder `packed` (optimiser.batch.points: parent, name, files) under
    `out_root`, whole or not at all; a name already taken gets the next free suffix, as
    `write_run` gives it. Returns the folder."""
    parent = Path(out_root) / packed["parent"]
    stage = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging.tidy(parent)
        stage = Path(tempfile.mkdtemp(prefix=staging.prefix(), dir=parent))
        for name, content in packed["files"].items():
            (stage / Path(name).name).write_bytes(content)
        os.chmod(stage, 0o777 & ~staging.umask())  # mkdtemp made it 0700
        suffix = 1
        while True:
            target = parent / (packed["name"] if suffix == 1 else f"{packed['name']}-{suffix}")
            if not target.exists():
                try:
                    os.rename(stage, target)
                    return target
                except OSError:
                    if not target.exists():
                        raise
            suffix += 1
    except BaseException as exc:
        if stage is not None and stage.exists():
            import shutil

            shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, OSError):
            raise from_os_error(exc, parent / packed["name"]) from exc
        raise


def record(out_root: Path, entry: dict, folder: Path, scenario: str, command: str) -> int:
    """Enter a run folder a worker sent back in the ledger, in one step, with what
    `ledger.record_run` records for a run solved here."""
    from optimiser import ledger
    from optimiser.versions import versions

    opened = ledger.open_entry(
        out_root,
        entry["dataset"],
        list(entry["years"]),
        scenario,
        command,
        entry["input_hash"],
        versions(),
    )
    ledger.close_entry(
        out_root,
        opened,
        entry["status"],
        entry["code"],
        entry["objective"],
        folder,
        entry["timings"],
    )
    return opened

"""What the live page keeps on disk: saved scenarios, their run folders, the files it downloads.

- A saved scenario is an entry of `<out>/<dataset>/live-scenarios.yaml`, the scenario file
  `allocate scenarios FILE` reads (optimiser.scenario.sets), with the levers as overrides, and a
  run folder (optimiser.report.run_files.write_run) entered in the ledger. The file is written
  aside and renamed into place, after the new whole file has been read back as a scenario file:
  an interrupted save leaves the old file, never half a file. Entries written by hand stay.
- `live-scenarios.json` beside it records each saved scenario's run folder and years, so the
  page can list and compare them.
- A download writes the session's plan as a run folder (allocation.xlsx, report.html) and the
  server streams the file; the client never names a path.

Scenario names are text of the meeting's choosing: never part of a path (run folders are named
by time and input hash)."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import unicodedata
from pathlib import Path

import yaml

from optimiser import ledger
from optimiser.api import Run
from optimiser.exits import exit_code
from optimiser.live.levers import Invalid, Levers
from optimiser.problems import InputError
from optimiser.report.names import Names
from optimiser.report.words import Words, status_words

FILE = "live-scenarios.yaml"
INDEX = "live-scenarios.json"
NAME_LIMIT = 60

WORDS = Words(
    "live scenarios",
    {
        "name.empty": {"zh": "请填写方案名称", "en": "give the scenario a name"},
        "name.long": {
            "zh": "方案名称不能超过{limit}个字",
            "en": "a name has at most {limit} characters",
        },
        "name.chars": {
            "zh": "方案名称不能含“/”“\\”“,”或控制字符",
            "en": "a name cannot hold / \\ , or control characters",
        },
        "name.taken": {
            "zh": "已有同名方案：{name}",
            "en": "a scenario has this name already: {name}",
        },
        "file.bad": {
            "zh": "方案文件 {file} 无法读取，未保存；请先修正该文件",
            "en": "the scenario file {file} cannot be read, nothing saved; correct it first",
        },
        "names.bad": {
            "zh": "请给出已保存的方案名称，用逗号分隔",
            "en": "give the names of saved scenarios, separated by commas",
        },
        "names.unknown": {"zh": "没有这个已保存的方案：{name}", "en": "no saved scenario {name}"},
    },
)


class Store:
    def __init__(self, levers: Levers, out_dir: Path):
        self.levers = levers
        self.data = levers.data
        self.years = list(levers.years)
        self.out_dir = Path(out_dir)
        self.root = self.out_dir / self.data.name
        self.file = self.root / FILE
        self.index_file = self.root / INDEX
        self.lock = threading.Lock()
        self._base_folder: Path | None = None

    # ---- names -----------------------------------------------------------------------------
    def check_name(self, name: object, lang: str) -> str:
        """The name as saved (trimmed), or Invalid({"name": message})."""
        if not isinstance(name, str) or not name.strip():
            raise Invalid({"name": WORDS.say("name.empty", lang)})
        name = name.strip()
        if len(name) > NAME_LIMIT:
            raise Invalid({"name": WORDS.say("name.long", lang, limit=NAME_LIMIT)})
        if any(c in "/\\," for c in name) or any(
            unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name
        ):
            raise Invalid({"name": WORDS.say("name.chars", lang)})
        if name in (".", ".."):
            raise Invalid({"name": WORDS.say("name.chars", lang)})
        return name

    # ---- the scenario file -----------------------------------------------------------------
    def _entries(self, lang: str) -> list[dict]:
        """The file's entries as written (hand-written ones too); [] without a file. A file that
        is not a readable scenario file is refused, never overwritten."""
        if not self.file.exists():
            return []
        from optimiser.scenario.sets import read_scenarios

        try:
            read_scenarios(self.file)
        except InputError:
            raise Invalid({"name": WORDS.say("file.bad", lang, file=str(self.file))}) from None
        doc = yaml.safe_load(self.file.read_text(encoding="utf-8")) or {}
        return [
            {("off" if k is False else "on" if k is True else k): v for k, v in entry.items()}
            for entry in doc.get("scenarios") or []
        ]

    def _index(self) -> dict:
        if not self.index_file.exists():
            return {}
        try:
            found = json.loads(self.index_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found if isinstance(found, dict) else {}

    def entry(self, name: str, changed: dict) -> dict:
        """A scenario file entry for these lever values: numbers as `set`, statuses as
        off/soft/hard (as `allocate scenarios` reads them)."""
        entry: dict = {"name": name}
        numbers = {k: v for k, v in changed.items() if self.levers[k].group != "rule"}
        if numbers:
            entry["set"] = self.levers.overrides(numbers)
        for status in ("off", "soft", "hard"):
            rules = [
                k for k, v in changed.items() if self.levers[k].group == "rule" and v == status
            ]
            if rules:
                entry[status] = rules
        return entry

    def save(self, name: str, changed: dict, run: Run, lang: str) -> Path:
        """Write the scenario's run folder, enter it in the ledger, add it to the scenario file
        and the index. Invalid when the name is taken."""
        from optimiser.report.run_files import write_run

        with self.lock:
            entries = self._entries(lang)
            if any(e.get("name") == name for e in entries):
                raise Invalid({"name": WORDS.say("name.taken", lang, name=name)})
            folder = write_run(run, self.out_dir, scenario=name, explanation=_explained(run))
            ledger.record_run(
                self.out_dir, run, folder, name, "serve", exit_code(run.solution.status)
            )
            index = self._index()
            index[name] = {
                "folder": str(folder),
                "years": self.years,
                "status": run.solution.status,
            }
            _write_atomic(self.index_file, json.dumps(index, ensure_ascii=False, indent=2))
            text = yaml.safe_dump(
                {"scenarios": [*entries, self.entry(name, changed)]},
                allow_unicode=True,
                sort_keys=False,
            )
            _write_atomic(self.file, text, check=True)
            return folder

    def listed(self, lang: str) -> list[dict]:
        """The saved scenarios of these years, in the file's order (oldest first)."""
        with self.lock:
            try:
                names = [e.get("name") for e in self._entries(lang)]
            except Invalid:
                return []
            index = self._index()
        found = []
        for name in names:
            known = index.get(name)
            if not isinstance(known, dict) or known.get("years") != self.years:
                continue
            if not Path(known.get("folder", "")).is_dir():
                continue
            found.append(
                {
                    "name": name,
                    "status": known.get("status"),
                    "status_words": status_words(str(known.get("status")), lang, short=True),
                    "folder": known["folder"],
                }
            )
        return found

    # ---- comparison ------------------------------------------------------------------------
    def base_folder(self, base: Run) -> Path:
        """The base plan's run folder, written once (what comparisons are against)."""
        from optimiser.report.run_files import write_run

        with self.lock:
            if self._base_folder is None or not self._base_folder.is_dir():
                folder = write_run(base, self.out_dir, explanation=_explained(base))
                ledger.record_run(
                    self.out_dir, base, folder, "base", "serve", exit_code(base.solution.status)
                )
                self._base_folder = folder
            return self._base_folder

    def compare(self, asked: object, base: Run, lang: str) -> list[dict]:
        from optimiser.report.run_view import RunView
        from optimiser.report.scenarios import comparison_row

        if not isinstance(asked, str) or not asked.strip():
            raise Invalid({"names": WORDS.say("names.bad", lang)})
        names = [n.strip() for n in asked.split(",") if n.strip()]
        if len(names) > 50:
            raise Invalid({"names": WORDS.say("names.bad", lang)})
        saved = {s["name"]: s for s in self.listed(lang)}
        for name in names:
            if name not in saved:
                raise Invalid({"names": WORDS.say("names.unknown", lang, name=name[:NAME_LIMIT])})
        base_folder = self.base_folder(base)
        said = Names.from_dataset(self.data)
        rows = []
        for name in names:
            folder = Path(saved[name]["folder"])
            row = comparison_row(name, folder, base_folder)
            view = RunView.load(folder)
            broken = [r for r in (row.get("broken_rules") or "").split(";") if r]
            if not view.rules.empty:
                short = view.rules[view.rules["status"] == "violated"]["rule_id"]
                broken += [str(r) for r in short if str(r) not in broken]
            rows.append(
                {
                    "name": name,
                    "status": row["status"],
                    "status_words": status_words(row["status"], lang, short=True),
                    "people": row["people_reached"],
                    "deep_share": row["deep_share"],
                    "money": row["money_wan"],
                    "money_moved": row["gained_wan"],
                    "rules_broken": [said.rule(r.split("+")[0], lang) for r in broken],
                }
            )
        return rows

    # ---- downloads -------------------------------------------------------------------------
    def write_plan(self, run: Run, changed: dict, lang: str) -> Path:
        """The session's plan as a run folder with allocation.xlsx and report.html."""
        from optimiser.report.html import render_html
        from optimiser.report.run_files import replace_file, write_run
        from optimiser.report.run_view import RunView

        texts = self.levers.overrides(changed)
        scenario = "whatif: " + "; ".join(texts) if texts else "base"
        folder = write_run(
            run, self.out_dir, xlsx=True, scenario=scenario, explanation=_explained(run), lang=lang
        )
        replace_file(folder, "report.html", render_html(RunView.load(folder), lang))
        ledger.record_run(
            self.out_dir, run, folder, scenario, "serve", exit_code(run.solution.status)
        )
        return folder


def _explained(run: Run) -> dict:
    """The run's explanation, made once: a plan saved and then downloaded is explained once."""
    if run.explanation is None:
        from optimiser.explain.collect import explain_run

        run.explanation = explain_run(run)
    return run.explanation


def _write_atomic(path: Path, text: str, check: bool = False) -> None:
    """Write aside and rename into place; `check`: read it back as a scenario file first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=".partial-", suffix=path.suffix, delete=False
    ) as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        from optimiser.staging import umask

        os.chmod(handle.name, 0o666 & ~umask())  # mkstemp made it 0600
        if check:
            from optimiser.scenario.sets import read_scenarios

            read_scenarios(Path(handle.name))
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise

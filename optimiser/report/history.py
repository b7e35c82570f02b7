"""What `allocate history` and `allocate show` print: the ledger's runs (optimiser.ledger) in the
reader's language, statuses and scenarios in words, objectives to 0.01."""

from __future__ import annotations

import json
from pathlib import Path

from optimiser.report.names import Names
from optimiser.report.numbers import wan
from optimiser.report.override_words import scenario_words
from optimiser.report.text import table
from optimiser.report.words import DEFAULT_LANG, Words, join, status_words

WORDS = Words(
    "history",
    {
        "none": {"zh": "{file} 中没有运行记录", "en": "no runs recorded in {file}"},
        "id": {"zh": "编号", "en": "Id"},
        "started": {"zh": "开始（UTC）", "en": "Started (UTC)"},
        "finished": {"zh": "结束（UTC）", "en": "Finished (UTC)"},
        "dataset": {"zh": "数据集", "en": "Dataset"},
        "years": {"zh": "年度", "en": "Years"},
        "scenario": {"zh": "方案", "en": "Scenario"},
        "command": {"zh": "命令", "en": "Command"},
        "status": {"zh": "状态", "en": "Status"},
        "objective": {"zh": "目标值", "en": "Objective"},
        "exit_code": {"zh": "退出码", "en": "Exit code"},
        "folder": {"zh": "文件夹", "en": "Folder"},
        "input_hash": {"zh": "输入数据哈希", "en": "Input hash"},
        "versions": {"zh": "软件版本", "en": "Versions"},
        "timings": {"zh": "耗时（秒）", "en": "Time (seconds)"},
        "message": {"zh": "消息", "en": "Message"},
        "running": {"zh": "运行中（或已中断未记录）", "en": "running (or stopped unrecorded)"},
        "interrupted": {"zh": "已中断", "en": "interrupted"},
        "killed": {"zh": "被强行终止", "en": "killed"},
        "failed": {"zh": "出错", "en": "failed"},
        "killed_note": {
            "zh": "进程 {pid}（{host}）没有关闭这条记录就结束了（被 `kill -9` 强行终止、内存不足或"
            "断电）；由之后的一次运行发现",
            "en": "process {pid} on {host} ended without closing this entry (kill -9, out of "
            "memory or power lost); found by a later run",
        },
        "bad-input": {"zh": "输入有误", "en": "bad input"},
        "surroundings": {"zh": "文件夹、文件或磁盘不可用", "en": "folder, file or disk not usable"},
        "baseline": {"zh": "因素法基准", "en": "baseline"},
        "missing": {"zh": "（文件夹已不存在）", "en": "(the folder is gone)"},
        "build": {"zh": "建模", "en": "build"},
        "handover": {"zh": "交给求解器", "en": "handover"},
        "solve": {"zh": "求解", "en": "solve"},
        "solver": {"zh": "其中求解器", "en": "of which the solver"},
        "results": {"zh": "读取结果", "en": "results"},
        "audit": {"zh": "审核", "en": "audit"},
    },
)


def history_lang(entries: list[dict], asked: str | None) -> str:
    """The reader's choice, else the language of the latest run folder that says one."""
    if asked:
        return asked
    for entry in reversed(entries):
        summary = _summary(entry)
        if summary and summary.get("lang"):
            return summary["lang"]
    return DEFAULT_LANG


def _summary(entry: dict) -> dict | None:
    folder = entry.get("folder")
    if not folder or not (Path(folder) / "summary.json").exists():
        return None
    try:
        return json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def status_text(status: str, lang: str) -> str:
    if status in WORDS.words:
        return WORDS.say(status, lang)
    return status_words(status, lang, short=True)


def scenario_text(entry: dict, lang: str) -> str:
    summary = _summary(entry)
    names = Names.from_summary(summary) if summary else Names()
    return scenario_words(entry.get("scenario") or "", names, lang)


def _time(stamp: str | None) -> str:
    """2026-11-29T21:48:37+00:00 -> 2026-11-29 21:48:37 (the ledger keeps UTC)."""
    if not stamp:
        return "-"
    return stamp.replace("T", " ").removesuffix("+00:00")


def _years(text: str, lang: str) -> str:
    years = [y for y in str(text).split(",") if y]
    if not years:
        return "-"
    span = years[0] if len(years) == 1 else f"{years[0]}—{years[-1]}"
    return span + ("年" if lang == "zh" else "")


def _objective(value) -> str:
    return "-" if value is None else wan(value)


def render_history(entries: list[dict], lang: str) -> str:
    headers = [
        WORDS.say(k, lang)
        for k in ("id", "started", "dataset", "years", "status", "objective", "folder", "scenario")
    ]
    rows = [
        [
            str(e["id"]),
            _time(e["started"]),
            e["dataset"],
            _years(e["years"], lang),
            status_text(e["status"], lang),
            _objective(e["objective"]),
            e["folder"] or "-",
            scenario_text(e, lang),
        ]
        for e in entries
    ]
    return table(headers, rows, {5}, rule=False)


def render_entry(entry: dict, lang: str) -> str:
    """One ledger record, field by field."""
    rows = [
        ("id", str(entry["id"])),
        ("started", _time(entry.get("started"))),
        ("finished", _time(entry.get("finished"))),
        ("dataset", entry.get("dataset") or "-"),
        ("years", _years(entry.get("years") or "", lang)),
        ("scenario", scenario_text(entry, lang)),
        ("command", entry.get("command") or "-"),
        ("status", status_text(entry.get("status") or "", lang)),
        ("objective", _objective(entry.get("objective"))),
        ("exit_code", str(entry.get("exit_code", "-"))),
        (
            "folder",
            (entry.get("folder") or "-")
            + (
                ""
                if _summary(entry) or not entry.get("folder")
                else " " + WORDS.say("missing", lang)
            ),
        ),
        ("input_hash", entry.get("input_hash") or "-"),
        ("versions", _versions(entry.get("versions"), lang)),
        ("timings", _timings(entry.get("timings"), lang)),
    ]
    if entry.get("status") == "killed" and entry.get("pid"):
        said = WORDS.say("killed_note", lang, pid=entry["pid"], host=entry.get("host") or "-")
        rows.append(("message", said))
    elif entry.get("message"):
        rows.append(("message", entry["message"]))
    return table(["", ""], [[WORDS.say(k, lang), v] for k, v in rows], rule=False).split("\n", 1)[1]


def _versions(text: str | None, lang: str) -> str:
    try:
        versions = json.loads(text or "{}")
    except ValueError:
        return str(text)
    return join([f"{name} {version}" for name, version in versions.items()], lang) or "-"


def _timings(text: str | None, lang: str) -> str:
    try:
        timings = json.loads(text or "{}")
    except ValueError:
        return str(text)
    said = [
        f"{WORDS.say(k, lang) if k in WORDS.words else k} {v:.2f}"
        for k, v in timings.items()
        if isinstance(v, int | float)
    ]
    return join(said, lang) or "-"

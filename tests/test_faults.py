"""Faults of the surroundings and unattended runs, as a person running `allocate` from cron meets
them: an --out that is a file, read-only or on a full disk (exit 6, the path named, nothing
half-written), a folder where a table file should be (exit 2), a damaged ledger (moved aside,
the run goes on), a run killed with kill -9 (its debris removed and its entry marked killed by
the next run), --quiet (nothing printed), a command with nothing to do (exit 2), the umask
(followed), and the ledger's exit code (the one the process exits with)."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections import namedtuple
from pathlib import Path

import pytest
import tiny
from click.testing import CliRunner

from optimiser import ledger, staging
from optimiser.cli import cli
from optimiser.exits import EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_KILLED, EXIT_SURROUNDINGS

ROOT = Path(__file__).resolve().parents[1]
SHANXI = ROOT / "data" / "shanxi"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def allocate(*args: str) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


def no_traceback(result) -> None:
    assert "Traceback" not in result.output and "internal error" not in result.output


def debris(out: Path) -> list[Path]:
    return [p for p in out.rglob(".partial-*")] if out.exists() else []


@contextlib.contextmanager
def mounted(target: Path, *options: str):
    """A mount for the test's time, or a skip where this machine allows none (not root, or no
    mount permission in the container)."""
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", *options, str(target)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mount not permitted here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


# --- class 4: faults of the surroundings ------------------------------------------------------


def test_out_that_is_a_file_exits_6_naming_it_and_writes_nothing(tmp_path):
    data = tiny.write(tmp_path / "data")
    blocker = tmp_path / "plans"
    blocker.write_text("not a folder")
    for out, named in ((blocker, blocker), (blocker / "2018", blocker)):
        result = allocate("--year", "2018", "--data", data, "--out", out, "--lang", "en")
        assert result.exit_code == EXIT_SURROUNDINGS, result.output
        assert f"{named} is a file where a folder is needed" in result.output
        assert "point --out at a folder" in result.output
        no_traceback(result)
    assert blocker.read_text() == "not a folder"
    chinese = allocate("--year", "2018", "--data", data, "--out", blocker)
    assert chinese.exit_code == EXIT_SURROUNDINGS and f"{blocker} 是一个文件" in chinese.output


def test_read_only_out_is_found_before_solving(tmp_path, monkeypatch):
    """The check itself, wherever the test runs (as root a chmod binds nothing: os.access is
    made to say what it says to another user)."""
    from optimiser.surroundings import SurroundingsError, check_out

    out = tmp_path / "out"
    out.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == out else real_access(p, mode)
    )
    with pytest.raises(SurroundingsError) as caught:
        check_out(out / "plans", tmp_path)
    assert caught.value.kind == "not_writable" and caught.value.path == out
    assert f"cannot write to {out}" in caught.value.say("en")
    assert f"无法写入 {out}" in caught.value.say("zh")


def test_read_only_out_exits_6_as_a_process(tmp_path):
    """A folder the process really cannot write: mode 0500 for another user than root, a
    read-only bind mount for root (skipped where neither can be made)."""
    data = tiny.write(tmp_path / "data")
    out = tmp_path / "readonly"
    out.mkdir()
    with contextlib.ExitStack() as stack:
        if os.geteuid() == 0:
            stack.enter_context(mounted(out, "--bind", str(out)))
            remount = subprocess.run(
                ["mount", "-o", "remount,ro,bind", str(out)], capture_output=True, check=False
            )
            if remount.returncode != 0:
                pytest.skip("a read-only bind mount is not permitted here")
        else:
            out.chmod(0o500)
            stack.callback(out.chmod, 0o700)
        result = allocate("--year", "2018", "--data", data, "--out", out / "plans", "--lang", "en")
        assert result.exit_code == EXIT_SURROUNDINGS, result.output
        assert f"cannot write to {out}" in result.output and "--out" in result.output
        no_traceback(result)
        assert list(out.iterdir()) == []


def test_full_disk_is_found_before_solving(tmp_path, monkeypatch):
    import optimiser.api
    import optimiser.surroundings

    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(
        optimiser.surroundings.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 10**6, 10**6)
    )

    def no_solve(*_args, **_kwargs):
        raise AssertionError("solved on a full disk")

    monkeypatch.setattr(optimiser.api, "solve", no_solve)
    result = allocate("--year", "2018", "--data", data, "--out", out, "--lang", "en")
    assert result.exit_code == EXIT_SURROUNDINGS, result.output
    assert f"not enough space on the disk of {tmp_path}: 976.6 KB free" in result.output
    assert "the run needs about 50" in result.output and "--out" in result.output
    assert not out.exists()  # not even a ledger


def test_disk_full_during_the_write_leaves_no_half_written_folder(tmp_path, monkeypatch):
    """A disk that fills up after the check (another process wrote meanwhile)."""
    import optimiser.report.run_files as run_files

    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    written = run_files._csv

    def fills_up(frame, path, encoding="utf-8-sig"):
        if path.name == "units.csv":
            path.write_text("half")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write() raises it
        written(frame, path, encoding)

    monkeypatch.setattr(run_files, "_csv", fills_up)
    result = allocate("--year", "2018", "--data", data, "--out", out, "--lang", "en")
    assert result.exit_code == EXIT_SURROUNDINGS, result.output
    assert f"the disk filled up while writing {out / 'tiny'}" in result.output
    no_traceback(result)
    assert debris(out) == [] and list((out / "tiny").rglob("*.csv")) == []
    (entry,) = ledger.entries(out)
    assert (entry["status"], entry["exit_code"]) == ("surroundings", EXIT_SURROUNDINGS)


def test_a_real_full_disk(tmp_path, monkeypatch):
    """A 1 MB tmpfs: found before solving; and, the estimate made small, met during the write."""
    import optimiser.surroundings

    disk = tmp_path / "disk"
    with mounted(disk, "-t", "tmpfs", "-o", "size=1m", "tmpfs"):
        result = allocate("--year", "2018", "--data", SHANXI, "--out", disk / "out")
        assert result.exit_code == EXIT_SURROUNDINGS and f"{disk} 所在磁盘空间不足" in result.output
        assert list(disk.iterdir()) == []
        monkeypatch.setattr(optimiser.surroundings, "MARGIN", 0)
        monkeypatch.setattr(optimiser.surroundings, "GROWTH", 0)
        result = allocate("--year", "2018", "--data", SHANXI, "--out", disk / "out", "--xlsx")
        assert result.exit_code == EXIT_SURROUNDINGS, result.output
        assert "写入 " + str(disk / "out" / "shanxi" / "2018") in result.output
        assert "磁盘已满" in result.output
        no_traceback(result)
        assert debris(disk) == [] and [p for p in (disk / "out/shanxi/2018").iterdir()] == []


def test_a_folder_where_a_table_file_should_be_is_bad_input(tmp_path):
    for name in ("needs.csv", "policy.yaml"):
        data = tiny.write(tmp_path / name / "data")
        (data / name).unlink()
        (data / name).mkdir()
        result = allocate("--year", "2018", "--data", data, "--out", tmp_path / "out")
        assert result.exit_code == EXIT_BAD_INPUT, result.output
        assert f"{data / name}：应为一个文件，但这里是文件夹" in result.output  # in Chinese
        no_traceback(result)


def test_a_damaged_ledger_is_moved_aside_and_the_run_goes_on(tmp_path):
    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    garbage = os.urandom(4096)
    (out / ledger.FILE).write_bytes(garbage)
    result = allocate("--year", "2018", "--data", data, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    (moved,) = out.glob("ledger.sqlite.corrupt-*")
    assert moved.read_bytes() == garbage  # nothing lost
    assert result.output.strip() == (  # one line, both paths, even with --quiet
        f"运行台账 {out / ledger.FILE} 已损坏，已移到 {moved} 保存，并新建了台账；本次运行照常进行"
    )
    (entry,) = ledger.entries(out)
    assert entry["status"] == "optimal" and Path(entry["folder"], "summary.json").exists()
    again = allocate("--year", "2018", "--data", data, "--out", out, "--quiet")
    assert again.output == "" and len(ledger.entries(out)) == 2  # the fresh ledger is used


def test_a_ledger_of_an_earlier_version_still_opens(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old_schema = ledger.SCHEMA.replace(",\n    pid integer,\n    host text", "")
    with contextlib.closing(sqlite3.connect(out / ledger.FILE)) as db, db:
        db.execute(old_schema)
        db.execute(
            "insert into runs (started, dataset, years, scenario, command, input_hash, versions,"
            " status) values ('2025-12-01T02:00:00+00:00', 'shanxi', '2018', 'base', 'allocate',"
            " 'x', '{}', 'running')"
        )
    data = tiny.write(tmp_path / "data")
    assert allocate("--year", "2018", "--data", data, "--out", out, "--quiet").exit_code == 0
    old, new = ledger.entries(out)
    assert old["status"] == "running" and old["pid"] is None  # no pid: cannot be judged
    assert new["status"] == "optimal" and new["pid"] > 0 and new["host"] == staging.host()


# --- class 5: kill -9 ----------------------------------------------------------------------------


def test_kill_9_mid_write_leaves_debris_that_the_next_run_clears(tmp_path):
    out = tmp_path / "out"
    # a real run, held for a moment while it writes its run folder, so kill -9 lands mid-write
    slow = (
        "import time, optimiser.report.run_files as r; w = r._csv\n"
        "def slow(*a, **k):\n    w(*a, **k); time.sleep(60)\n"
        "r._csv = slow\nfrom optimiser.cli import main; main()"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", slow, "--year", "2018", "--data", SHANXI, "--out", out],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not debris(out) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert debris(out), "the run never reached its staging folder"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    (left,) = debris(out)
    assert left.name.startswith(f".partial-{staging.host()}-{process.pid}-")
    (entry,) = ledger.entries(out)  # `allocate history` before any other run: killed already
    assert (entry["status"], entry["exit_code"]) == ("killed", EXIT_KILLED)
    listed = allocate("history", "--out", out)
    assert "被强行终止" in listed.output
    assert "killed" in allocate("history", "--out", out, "--lang", "en").output

    # the next run on the same --out (another dataset even) clears the debris and marks the row
    data = tiny.write(tmp_path / "data")
    assert allocate("--year", "2018", "--data", data, "--out", out, "--quiet").exit_code == 0
    assert debris(out) == []
    killed, finished = ledger.entries(out)
    assert (killed["status"], killed["exit_code"], killed["pid"]) == (
        "killed",
        EXIT_KILLED,
        process.pid,
    )
    assert "ended without closing its entry" in killed["message"]
    with contextlib.closing(sqlite3.connect(out / ledger.FILE)) as db:  # written, not only shown
        assert db.execute("select status from runs where id = 1").fetchone() == ("killed",)
    shown = allocate("show", "1", "--out", out)
    assert f"进程 {process.pid}（{staging.host()}）没有关闭这条记录就结束了" in shown.output
    assert finished["status"] == "optimal"


def test_staging_of_a_living_process_is_kept(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = int(done.stdout)
    parent = tmp_path / "out" / "shanxi" / "2018"
    parent.mkdir(parents=True)
    mine = parent / f"{staging.prefix()}abcd1234"
    theirs = parent / f".partial-{staging.host()}-{gone}-abcd1234"
    elsewhere = parent / f".partial-another.host-{gone}-abcd1234"
    old_style = parent / ".partial-x1y2z3w4"
    for folder in (mine, theirs, elsewhere, old_style):
        folder.mkdir()
    assert staging.tidy_root(tmp_path / "out") == [theirs]
    day_ago = time.time() - staging.OLD_AFTER - 60
    os.utime(old_style, (day_ago, day_ago))
    assert staging.tidy_root(tmp_path / "out") == [old_style]
    assert mine.exists() and elsewhere.exists()


# --- class 7: unattended runs --------------------------------------------------------------------


def test_quiet_scheduled_run_prints_nothing(tmp_path):
    """The cron line of the README: not a byte on stdout or stderr (HiGHS's banner included)."""
    done = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "--year", "2018", "--data", SHANXI]
        + ["--out", str(tmp_path / "out"), "--html", "--quiet"],
        capture_output=True,
        env=ENV,
        timeout=300,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
    (folder,) = (tmp_path / "out" / "shanxi" / "2018").iterdir()
    assert (folder / "report.html").exists() and (folder / "run.log").read_text().strip()


def test_options_without_a_year_have_nothing_to_do(tmp_path):
    result = allocate("--html", "--quiet", "--out", tmp_path / "out")
    assert result.exit_code == EXIT_BAD_INPUT
    assert "没有要做的事：给了 --html --quiet --out，但缺少 --year 或 --years" in result.output
    english = allocate("--html", "--lang", "en")
    assert english.exit_code == EXIT_BAD_INPUT
    assert "nothing to do: --html --lang given, but --year or --years is missing" in english.output
    assert not (tmp_path / "out").exists()
    bare = allocate()
    assert bare.exit_code == 0 and bare.output.startswith("Usage:")  # alone: the help


@pytest.mark.parametrize(
    ("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)]
)
def test_run_folders_and_files_follow_the_umask(tmp_path, umask, folder, file):
    data = tiny.write(tmp_path / "data")
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "--year", "2018", "--data", str(data)]
        + ["--out", str(out), "--html", "--xlsx", "--quiet"],
        env=ENV,
        check=True,
        timeout=300,
        preexec_fn=lambda: os.umask(umask),
    )
    (run,) = (out / "tiny" / "2018").iterdir()
    modes = {p.relative_to(out): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert {p for p in modes if p.name in ("run.log", "report.html", "ledger.sqlite")} == {
        Path(ledger.FILE),
        run.relative_to(out) / "run.log",
        run.relative_to(out) / "report.html",
    }
    wrong = {
        str(p): oct(m) for p, m in modes.items() if m != (folder if (out / p).is_dir() else file)
    }
    assert wrong == {}


def test_the_ledger_records_the_code_the_process_exits_with(tmp_path):
    """Input refused before the run starts (a year outside the plan years) leaves nothing in
    --out, not even a ledger row; a run that starts is closed with the code the process exits
    with (here: no plan, exit 1)."""
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "--year", "1900", "--data", SHANXI]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert done.returncode == EXIT_BAD_INPUT, done.stderr
    assert "1900" in done.stderr
    assert not out.exists()
    pol = tiny.policy()
    pol["rules"]["R-EARMARK"] = {"status": "hard", "share": 0.99}
    folder = tiny.write(tmp_path / "tight", pol=pol)
    done = subprocess.run(
        [sys.executable, "-m", "optimiser.cli", "--year", "2018", "--data", str(folder)]
        + ["--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert done.returncode == EXIT_INFEASIBLE, done.stderr
    (entry,) = ledger.entries(out)
    assert (entry["status"], entry["exit_code"]) == ("infeasible", EXIT_INFEASIBLE)
    assert "无可行方案" in allocate("history", "--out", out).output

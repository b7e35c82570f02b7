"""python -m mutation: how well the tests notice small wrong changes to the rules and the audit.

A report, not a gate: the exit code is 0 whatever the score, 2 only when the tool itself cannot
give a trustworthy answer (the unmutated tests fail, the copy is not what the tests import).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mutation import report
from mutation.operators import Mutant, mutants_for
from mutation.runner import (
    Result,
    ToolError,
    Worker,
    copy_tree,
    export_rev,
    parallel,
    run_all,
)

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
DEFAULT_FILES = ["optimiser/rules/*.py", "optimiser/audit.py"]
# The tests that pin what the rules and the audit mean (golden models first: they fail fastest):
# a mutant they all pass is a survivor, whatever the rest of the suite (reports, pages, the CLI)
# would say. `--tests tests/` runs everything (about five times longer).
DEFAULT_TESTS = [
    "tests/test_golden_models.py",
    "tests/test_golden_parameters.py",
    "tests/test_audit_checks.py",
    "tests/test_rule_paths.py",
    "tests/test_increase_paths.py",
    "tests/test_prepay_paths.py",
    "tests/test_rules_004.py",
    "tests/test_model_rules.py",
    "tests/test_audit_coverage.py",
    "tests/test_verdict.py",
    "tests/test_rule_words.py",
    "tests/test_stability.py",
    "tests/test_overrides.py",
    "tests/test_explain.py",
    "tests/test_data_fidelity.py",
    "tests/test_datasets_solve.py",
    "tests/test_model_properties.py",
]
SEED = 20180101


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m mutation", description=__doc__)
    p.add_argument("--files", nargs="+", default=DEFAULT_FILES, help="files or globs to mutate")
    p.add_argument(
        "--tests",
        nargs="+",
        default=DEFAULT_TESTS,
        help="pytest arguments (default: the rule tests)",
    )
    p.add_argument("--max", type=int, help="run a fixed-seed sample of this many mutants")
    p.add_argument("--seed", type=int, default=SEED, help="seed of the --max sample")
    p.add_argument("--workers", type=int, default=1, help="copies run in parallel")
    p.add_argument("--timeout-factor", type=float, default=3.0, help="x the baseline run time")
    p.add_argument("--rev", help="mutate this commit (git archive) instead of the working tree")
    p.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    p.add_argument("--equivalent", type=Path, default=HERE / "equivalent.txt")
    p.add_argument("--out", type=Path, default=ROOT / "out" / "mutation")
    p.add_argument(
        "--again",
        type=Path,
        nargs="+",
        help="report.json or journal.jsonl files of earlier runs: their killed mutants whose file"
        " is unchanged are carried over (their survivors too when that run was of the same commit"
        " and tests), the rest run again",
    )
    return p.parse_args(argv)


def digests(originals: dict[str, str]) -> dict[str, str]:
    return {f: hashlib.sha256(t.encode("utf-8")).hexdigest() for f, t in originals.items()}


def earlier(path: Path) -> list[dict]:
    """The mutant rows of a report.json, or the lines of a journal.jsonl."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        data = json.loads(text)
        sha = data["config"].get("file_sha256", {})
        return [{**row, "sha256": sha.get(row["file"])} for row in data["mutants"]]
    except (OSError, ValueError, KeyError) as error:
        raise ToolError(f"--again {path}: cannot read it ({error})") from error


def carried(
    paths: list[Path] | None, chosen: list[Mutant], sha: dict[str, str], run_key: str = ""
) -> dict[str, Result]:
    """Killed or timed-out before, on a file byte for byte the same: no need to run again (more
    tests can only kill more). A survivor is carried only from a run of the same commit and the
    same tests (`run_key`): anything else may kill it now."""
    ids = {m.id: m for m in chosen}
    out: dict[str, Result] = {}
    for path in paths or []:
        for row in earlier(path):
            m = ids.get(row.get("id"))
            if m is None or row.get("sha256") != sha[m.file] or m.id in out:
                continue
            same_run = bool(run_key) and row.get("run") == run_key
            if row.get("status") in ("killed", "timeout") or (
                row.get("status") == "survived" and same_run
            ):
                out[m.id] = Result(row["status"], 0.0, None, f"carried over from {path}")
    return out


def target_files(base: Path, patterns: list[str]) -> list[str]:
    """Paths relative to the snapshot; one outside it could make a mutant land in the real tree."""
    files: set[str] = set()
    for pattern in patterns:
        if Path(pattern).is_absolute():
            if not Path(pattern).resolve().is_relative_to(ROOT):
                raise ToolError(f"{pattern} is outside the repository")
            pattern = str(Path(pattern).resolve().relative_to(ROOT))
        found = glob.glob(pattern, root_dir=base)
        if not found:
            raise ToolError(f"no file matches {pattern!r}")
        for f in found:
            if not (base / f).resolve().is_relative_to(base.resolve()):
                raise ToolError(f"{f} is outside the repository")
            if f.endswith(".py"):
                files.add(Path(f).as_posix())
    return sorted(files)


def collect(base: Path, files: list[str]) -> tuple[list[Mutant], dict[str, str]]:
    originals = {f: (base / f).read_bytes().decode("utf-8") for f in files}
    return [m for f in files for m in mutants_for(originals[f], f)], originals


def sample(mutants: list[Mutant], most: int | None, seed: int) -> list[Mutant]:
    if most is None or most >= len(mutants):
        return mutants
    chosen = sorted(random.Random(seed).sample(range(len(mutants)), most))
    return [mutants[i] for i in chosen]


def list_mutants(mutants, every, equivalents) -> None:
    for m in mutants:
        mark = "  (equivalent)" if m.id in equivalents else ""
        print(f"{m.id}{mark}\n    - {m.original.strip()}\n    + {m.mutated.strip()}")
    print(f"{len(mutants)} mutants" + (f" (a sample of {len(every)})" if mutants != every else ""))


def run(args: argparse.Namespace) -> int:
    equivalents = report.load_equivalents(args.equivalent)
    work = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        snapshot = work / "snapshot"  # one snapshot: the mutants and every copy agree
        if args.rev:
            args.rev = export_rev(ROOT, args.rev, snapshot)[:12]
        else:
            copy_tree(ROOT, snapshot)
        every, originals = collect(snapshot, target_files(snapshot, args.files))
        chosen = sample(every, args.max, args.seed)
        if args.list:
            list_mutants(chosen, every, equivalents)
            return 0
        for stale in sorted(set(equivalents) - {m.id for m in every}):
            print(f"note: {stale} in {args.equivalent.name} matches no mutant", file=sys.stderr)
        status = {m.id: "equivalent" for m in chosen if m.id in equivalents}
        sha = digests(originals)
        # which commit and tests a result belongs to: a survivor is only ever carried to the same
        run_key = f"{args.rev}|{' '.join(args.tests)}" if args.rev else ""
        before = carried(args.again, [m for m in chosen if m.id not in status], sha, run_key)
        status.update({k: r.status for k, r in before.items()})
        todo = [m for m in chosen if m.id not in status]
        n = max(1, min(args.workers, len(todo)))
        print(
            f"{len(chosen)} mutants ({len(todo)} to run, {len(before)} carried over), {n} worker(s)",
            file=sys.stderr,
        )
        args.out.mkdir(parents=True, exist_ok=True)
        journal = open(args.out / "journal.jsonl", "w", encoding="utf-8")  # noqa: SIM115
        for m in chosen:  # what was carried over stays carried if this run is interrupted too
            if m.id in before:
                row = {"id": m.id, "file": m.file, "status": before[m.id].status, "run": run_key}
                journal.write(json.dumps({**row, "sha256": sha[m.file], "seconds": 0.0}) + "\n")
        workers = [Worker(snapshot, work / f"w{i}", args.tests) for i in range(n)]
        for where in parallel(workers, Worker.canary):
            print(f"canary: tests import {where}; a broken import fails them", file=sys.stderr)
        base = parallel(workers, lambda w: w.pytest(timeout=None))
        if any(r.status != "survived" for r in base):
            bad = next(r for r in base if r.status != "survived")
            raise ToolError(f"the unmutated tests fail: {bad.detail}")
        baseline = max(r.seconds for r in base)
        timeout = args.timeout_factor * baseline
        print(f"baseline {baseline:.1f}s, timeout {timeout:.0f}s", file=sys.stderr)

        begun, done = time.monotonic(), [0]

        def progress(m: Mutant, r: Result) -> None:
            done[0] += 1
            row = {"id": m.id, "file": m.file, "status": r.status, "sha256": sha[m.file]}
            row["run"] = run_key
            journal.write(json.dumps({**row, "seconds": round(r.seconds, 2)}) + "\n")
            journal.flush()  # an interrupted run keeps what it found: --again journal.jsonl
            print(
                f"[{done[0]}/{len(todo)}] {r.status:<8} {r.seconds:5.1f}s  {m.id}", file=sys.stderr
            )

        try:
            results = run_all(todo, originals, workers, timeout, progress)
        finally:
            journal.close()
        results.update(before)
        wall = time.monotonic() - begun
        status.update({k: r.status for k, r in results.items()})
        ran = [r for k, r in results.items() if k not in before]
        per = sum(r.seconds for r in ran) / max(1, len(ran))
        header = [
            f"Mutation testing of {', '.join(args.files)} at {args.rev or 'the working tree'}"
            f" with pytest {' '.join(args.tests)}",
            f"{len(chosen)} mutants"
            + (f" (seed {args.seed} sample of {len(every)})" if args.max else "")
            + (
                f"; {len(before)} results of earlier runs on the same file text"
                f" ({', '.join(map(str, args.again))}) carried over, not run again"
                if before
                else ""
            ),
            f"baseline {baseline:.1f}s, timeout {timeout:.0f}s, {n} worker(s), "
            f"{wall / 60:.1f} min, {per:.1f}s per mutant run ({wall / max(1, len(todo)):.1f}s wall)",
        ]
        text = report.render(chosen, status, results, equivalents, header)
        config = {
            "files": args.files,
            "tests": args.tests,
            "max": args.max,
            "seed": args.seed,
            "rev": args.rev,
            "population": len(every),
            "workers": n,
            "baseline_seconds": round(baseline, 2),
            "timeout_seconds": round(timeout, 2),
            "wall_seconds": round(wall, 1),
            "again": None if args.again is None else [str(a) for a in args.again],
            "carried": len(before),
            "file_sha256": sha,
        }
        (args.out / "report.txt").write_text(text, encoding="utf-8")
        (args.out / "report.json").write_text(
            report.to_json(chosen, status, results, equivalents, config), encoding="utf-8"
        )
        print(text + f"\nwritten to {args.out}/report.txt and report.json")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parse(argv))
    except ToolError as error:
        print(f"mutation: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

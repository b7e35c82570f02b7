"""python -m soak: the plan properties (soak/check.py) on many random instances (soak/instances.py)
in parallel processes.

    python -m soak [--examples 500] [--seed S] [--workers 2]
    python -m soak --replay SEED        # one instance again, in this process, told in full

Instance i of a soak with seed S is drawn from the seed S * 1,000,000 + i, the number a failure is
reported with. Writes out/soak/report.txt (counts of instances with a plan, without one and
failed, the share with a plan, the time, and each failure with its seed and overrides) and exits 1
if any instance fails a property, 0 otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from soak.check import Outcome, examine
from soak.instances import ROOT, from_seed

STRIDE = 1_000_000
TARGET_FEASIBLE = 0.85


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--examples", type=int, default=500, help="random instances (default 500)")
    p.add_argument("--seed", type=int, default=0, help="seed of the soak (default 0)")
    p.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes (default 2, or the cores if fewer)",
    )
    p.add_argument("--replay", type=int, metavar="SEED", help="check one instance by its seed")
    p.add_argument("--out", type=Path, default=ROOT / "out" / "soak", help="report folder")
    p.add_argument("--cache", type=Path, help="folder for the generated datasets (default: temp)")
    return p.parse_args(argv)


_CACHE: Path | None = None


def _init(cache: Path) -> None:
    global _CACHE
    _CACHE = cache
    from soak.instances import template

    template()  # read the template once per process


def _one(seed: int) -> Outcome:
    assert _CACHE is not None
    try:
        spec = from_seed(seed, _CACHE)
    except Exception as exc:  # noqa: BLE001 - drawing failed: report it as the seed's failure
        from soak.instances import Spec

        outcome = Outcome(Spec(0, 0, 0, 0, seed=seed))
        outcome.failures.append(f"drawing the instance failed: {exc!r}")
        return outcome
    return examine(spec, _CACHE)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        if args.replay is not None:
            return replay(args.replay, cache)
        return soak(args, cache)


def replay(seed: int, cache: Path) -> int:
    _init(cache)
    outcome = _one(seed)
    print(outcome.describe())
    print(f"  time {outcome.seconds:.1f} s")
    print("ok" if outcome.ok else "FAILED")
    return 0 if outcome.ok else 1


def soak(args: argparse.Namespace, cache: Path) -> int:
    seeds = [args.seed * STRIDE + i for i in range(args.examples)]
    start = time.perf_counter()
    outcomes: list[Outcome] = []
    kinds: Counter[str] = Counter()
    context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    with context.Pool(max(1, args.workers), initializer=_init, initargs=(cache,)) as pool:
        for done, outcome in enumerate(pool.imap_unordered(_one, seeds, chunksize=1), 1):
            outcomes.append(outcome)
            kinds[_kind(outcome)] += 1
            if done % 10 == 0 or done == len(seeds) or not outcome.ok:
                mark = "" if outcome.ok else f"  FAILED seed {outcome.spec.seed}"
                print(
                    f"\r{done}/{len(seeds)}  plan {kinds['feasible']}  no plan "
                    f"{kinds['infeasible']}  failed {kinds['failed']}  "
                    f"{time.perf_counter() - start:.0f} s{mark}",
                    end="\n" if mark else "",
                    flush=True,
                )
    print()
    elapsed = time.perf_counter() - start
    text = report(args, outcomes, elapsed)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.txt").write_text(text, encoding="utf-8")
    print(text.split("\n\n", 1)[0])
    print(f"report: {args.out / 'report.txt'}")
    return 0 if all(o.ok for o in outcomes) else 1


def _property(failure: str) -> str:
    """The property a failure message names (P1..P9), or 'exception'."""
    for word in failure.replace(")", " ").split():
        if len(word) >= 2 and word[0] == "P" and word[1:].isdigit():
            return word
    return "exception" if failure.startswith("exception") else "other"


def _kind(outcome: Outcome) -> str:
    return "failed" if not outcome.ok else outcome.kind


def report(args: argparse.Namespace, outcomes: list[Outcome], elapsed: float) -> str:
    outcomes = sorted(outcomes, key=lambda o: o.spec.seed or 0)
    n = len(outcomes)
    feasible = sum(o.kind == "feasible" for o in outcomes)
    infeasible = sum(o.kind == "infeasible" for o in outcomes)
    failed = [o for o in outcomes if not o.ok]
    share = feasible / n if n else 0.0
    softened = Counter(f for o in outcomes if o.kind == "infeasible" for f in o.softened)
    rounds = Counter(o.rounds for o in outcomes if o.kind == "infeasible")
    statuses = Counter(o.status for o in outcomes)
    conflicting = Counter(
        f
        for o in outcomes
        if o.kind == "infeasible"
        for f in sorted({c.split(" ", 1)[0] for c in o.conflict})
    )
    times = sorted(o.seconds for o in outcomes)
    failed_plan = sum(o.kind == "feasible" for o in failed)
    failed_none = sum(o.kind == "infeasible" for o in failed)
    by_property = Counter(p for o in failed for p in sorted({_property(f) for f in o.failures}))
    lines = [
        f"soak: {n} instances, seed {args.seed}, {args.workers} workers, {elapsed:.0f} s "
        f"({elapsed / max(n, 1):.2f} s an instance)",
        f"  feasible (a plan):        {feasible - failed_plan} passed, {failed_plan} failed",
        f"  infeasible (no plan):     {infeasible - failed_none} passed, {failed_none} failed",
        f"  errors (neither):         {n - feasible - infeasible}",
        f"  failed a property:        {len(failed)}"
        + (
            " (" + ", ".join(f"{k} {v}" for k, v in sorted(by_property.items())) + ")"
            if by_property
            else ""
        ),
        f"  share with a plan: {share:.1%}"
        + ("" if share >= TARGET_FEASIBLE else f" (below the {TARGET_FEASIBLE:.0%} aimed at)"),
        "",
        "statuses: " + ", ".join(f"{k or '-'} {v}" for k, v in statuses.most_common()),
        "families in the conflicts (instances without a plan): "
        + (", ".join(f"{k} {v}" for k, v in conflicting.most_common()) or "none"),
        "families made soft to reach a plan: "
        + (", ".join(f"{k} {v}" for k, v in softened.most_common()) or "none"),
        "rounds of softening: " + ", ".join(f"{k}: {v}" for k, v in sorted(rounds.items())),
    ]
    if times:
        lines.append(
            f"seconds an instance: median {times[n // 2]:.2f}, 95% {times[int(n * 0.95)]:.2f}, "
            f"max {times[-1]:.2f}"
        )
    lines.append("")
    if failed:
        lines.append(f"{len(failed)} failure(s), each replayed by python -m soak --replay SEED:")
        for o in failed:
            lines += ["", f"seed {o.spec.seed}:", o.describe()]
    else:
        lines.append("no failure")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())

"""Reading large datasets (python -m bench.reading), each in a fresh process:

- a large table: Shanxi with a history.csv of a million rows (generated in a temporary folder:
  the dataset's counties, sources and categories, years of its actuals, amounts with two
  decimals), read and validated by `load_dataset`. Prints the file's size, the time to read it,
  and the memory reading takes as a multiple of the file's size: the process's peak resident
  memory (/proc/self/status VmHWM) less its resident memory just before reading (VmRSS, the
  interpreter and libraries already loaded). Targets: at most 5 times the file's size and 5 s.
  `--rows N` for another size. The folder has no provenance.yaml.
- a national dataset: `allocate generate --counties 832 --projects 100000 --years 1 --seed 1`
  from data/shanxi (generated in a temporary folder, or `--national DIR` for one made already),
  loaded by `optimiser.api.load` with every check and provenance's warning, after a load of
  data/jincheng in the same process so that first imports are not counted. `--repeat N` fresh
  processes (default 3): each time, the median, the peak memory, and the target (1.5 s); and,
  as the ratio that holds across machines, the load against reading the same CSV files into
  rows of strings with the csv module in the same process (the least any loader spends).

The machine's load average is printed first: the times are for orientation on a shared machine."""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORY_TARGET = 5.0  # peak memory of reading / the file's size
TIME_TARGET = 5.0  # seconds
NATIONAL_TARGET = 1.5  # seconds to load the national dataset
NATIONAL = (832, 100_000, 1, 1)  # counties, projects, years, seed


def make_dataset(folder: Path, rows: int, seed: int = 1) -> Path:
    """Shanxi with `rows` rows of history (valid codes and years; distinct-looking amounts)."""
    shutil.copytree(ROOT / "data" / "shanxi", folder)
    (folder / "provenance.yaml").unlink()
    with open(ROOT / "data" / "shanxi" / "history.csv", encoding="utf-8") as handle:
        shipped = list(csv.DictReader(handle))
    counties = sorted({r["county_code"] for r in shipped})
    pairs = sorted({(r["source"], r["category"]) for r in shipped})
    years = sorted({r["year"] for r in shipped})
    draw = random.Random(seed)
    with open(folder / "history.csv", "w", encoding="utf-8", newline="") as handle:
        handle.write("year,county_code,source,category,amount_wan\n")
        block = []
        for _ in range(rows):
            source, category = draw.choice(pairs)
            block.append(
                f"{draw.choice(years)},{draw.choice(counties)},{source},{category},"
                f"{draw.randrange(1, 10_000_000) / 100:.2f}\n"
            )
            if len(block) == 100_000:
                handle.write("".join(block))
                block = []
        handle.write("".join(block))
    return folder


def status_mb(key: str) -> float:
    """A figure of /proc/self/status in MB: VmRSS (resident now), VmHWM (the peak). The peak is
    read there, not from getrusage's ru_maxrss: on Linux a child started by fork keeps its
    parent's peak in ru_maxrss across exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} in /proc/self/status")


def child(folder: Path, warm: bool = False) -> dict:
    """In the measuring process: read the dataset once (`warm`: after a load of data/jincheng,
    not measured, so that first imports and first uses are not counted)."""
    from optimiser.dataset import load_dataset

    baseline = None
    if warm:
        load_dataset(ROOT / "data" / "jincheng")
        baseline = min(reference(folder) for _ in range(3))
    before = status_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    data = load_dataset(folder)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = status_mb("VmHWM")
    return {
        "rows": len(data.history),
        "projects": len(data.projects),
        "counties": len(data.counties),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "before_mb": before,
        "peak_mb": peak,
        "reference_seconds": baseline,
    }


def reference(folder: Path) -> float:
    """The reference measured beside a load, in the same process just before it: the dataset's
    CSV files read into rows of strings by the csv module, nothing checked (what any loader must
    spend at least), the cycle collector paused as `load_dataset` pauses it."""
    from optimiser.io.raw import paused_gc

    with paused_gc():
        start = time.perf_counter()
        for path in sorted(folder.glob("*.csv")):
            with open(path, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
            del rows
        return time.perf_counter() - start


def run_child(folder: Path, warm: bool = False) -> dict:
    """`child` in a fresh process."""
    command = [sys.executable, "-m", "bench.reading", "--child", str(folder)]
    done = subprocess.run(
        command + (["--warm"] if warm else []),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(rows: int) -> dict:
    """Generate the dataset, read it in a fresh process, return the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-reading-") as scratch:
        folder = make_dataset(Path(scratch) / "shanxi-large", rows)
        size_mb = (folder / "history.csv").stat().st_size / 2**20
        found = run_child(folder)
    found["size_mb"] = size_mb
    found["ratio"] = (found["peak_mb"] - found["before_mb"]) / size_mb
    return found


def measure_national(folder: Path | None, repeat: int) -> dict:
    """Load the national dataset `repeat` times, each in a fresh process warmed up on
    data/jincheng; generate it into a temporary folder first when no folder is given."""
    with tempfile.TemporaryDirectory(prefix="bench-national-") as scratch:
        if folder is None:
            from optimiser.api import load
            from optimiser.synthetic import generate

            counties, projects, years, seed = NATIONAL
            folder = Path(scratch) / f"synthetic-{counties}-{projects}"
            generate(load(ROOT / "data" / "shanxi"), counties, projects, years, seed, folder)
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
        runs = [run_child(folder, warm=True) for _ in range(repeat)]
    times = sorted(r["seconds"] for r in runs)
    cpu = sorted(r["cpu_seconds"] for r in runs)
    ratios = sorted(r["seconds"] / r["reference_seconds"] for r in runs)
    return {
        "ratio": ratios[len(ratios) // 2],
        "reference": sorted(r["reference_seconds"] for r in runs)[len(runs) // 2],
        "runs": runs,
        "times": [r["seconds"] for r in runs],
        "median": times[len(times) // 2],
        "cpu": cpu[len(cpu) // 2],
        "peak_mb": max(r["peak_mb"] for r in runs),
        "grew_mb": max(r["peak_mb"] - r["before_mb"] for r in runs),
        "size_mb": size_mb,
        "projects": runs[0]["projects"],
        "counties": runs[0]["counties"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reading")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--national", type=Path, help="an existing 832 x 100,000 dataset folder")
    parser.add_argument("--repeat", type=int, default=3, help="fresh loads of the national one")
    parser.add_argument("--only", choices=["history", "national"])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.warm)))
        return 0
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.only != "national":
        report_history(measure(args.rows))
    if args.only != "history":
        report_national(measure_national(args.national, args.repeat))
    return 0


def report_national(f: dict) -> None:
    met = f["median"] <= NATIONAL_TARGET
    print(
        f"loading the national dataset ({f['counties']} counties, {f['projects']:,} projects, "
        f"{f['size_mb']:.1f} MB), {len(f['times'])} fresh processes"
    )
    print(
        f"  time {f['median']:5.2f} s (median of "
        + ", ".join(f"{t:.2f}" for t in f["times"])
        + f"; {f['cpu']:.2f} s of CPU)  target {NATIONAL_TARGET:.1f} s "
        + f"({'met' if met else 'not met'})"
    )
    print(
        f"  = {f['ratio']:.1f} x reading its CSV files with the csv module alone in the same "
        f"process ({f['reference']:.2f} s)"
    )
    print(
        f"  memory {f['grew_mb']:6.1f} MB over what the process held before loading; peak of "
        f"the process {f['peak_mb']:.0f} MB"
    )


def report_history(f: dict) -> None:
    memory_met = f["ratio"] <= MEMORY_TARGET
    time_met = f["seconds"] <= TIME_TARGET
    print(f"reading a history.csv of {f['rows']:,} rows ({f['size_mb']:.1f} MB), a fresh process")
    print(
        f"  time {f['seconds']:5.2f} s ({f['cpu_seconds']:.2f} s of CPU)  target "
        f"{TIME_TARGET:.0f} s ({'met' if time_met else 'not met'})"
    )
    print(
        f"  memory {f['peak_mb'] - f['before_mb']:6.1f} MB over the {f['before_mb']:.0f} MB before "
        f"reading = {f['ratio']:.2f} x the file  target {MEMORY_TARGET:.0f} x "
        f"({'met' if memory_met else 'not met'}); peak of the process {f['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main())

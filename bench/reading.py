"""Reading a large table (python -m bench.reading): Shanxi with a history.csv of a million rows
(generated in a temporary folder: the dataset's counties, sources and categories, years of its
actuals, amounts with two decimals), read and validated by `load_dataset` in a fresh process.

Prints the file's size, the time to read it, and the memory reading takes as a multiple of the
file's size: the process's peak resident memory (/proc/self/status VmHWM) less its resident
memory just before reading (VmRSS, the interpreter and libraries already loaded).
Targets: at most 5 times the file's size and 5 s. `--rows N` for another size.

The folder has no provenance.yaml: provenance's profile looks at every cell (optimiser.provenance)
and is measured apart from reading."""

from __future__ import annotations

import argparse
import csv
import json
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


def child(folder: Path) -> dict:
    """In the measuring process: read the dataset once."""
    from optimiser.dataset import load_dataset

    before = status_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    data = load_dataset(folder)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = status_mb("VmHWM")
    return {
        "rows": len(data.history),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "before_mb": before,
        "peak_mb": peak,
    }


def measure(rows: int) -> dict:
    """Generate the dataset, read it in a fresh process, return the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-reading-") as scratch:
        folder = make_dataset(Path(scratch) / "shanxi-large", rows)
        size_mb = (folder / "history.csv").stat().st_size / 2**20
        done = subprocess.run(
            [sys.executable, "-m", "bench.reading", "--child", str(folder)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    found["size_mb"] = size_mb
    found["ratio"] = (found["peak_mb"] - found["before_mb"]) / size_mb
    return found


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reading")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    f = measure(args.rows)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())

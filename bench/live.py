"""The live page's speed and memory (python -m bench.live): `allocate serve`'s application run by
uvicorn on a local port, asked over HTTP as the page asks it.

- Request to answer: ten moves of the central special funds (-25% .. +20%) in one session, each
  a POST /api/plan timed from sending to the whole answer read; the median, on Shanxi 2018 and
  2017-2020, as a ratio to a base solve measured in the same run (targets: 0.3 s and 1 s). The
  session's first move, which builds its held model, is shown apart.
- Memory: the server process's resident memory (Linux /proc) with 10 sessions that have each
  planned once: Shanxi 2018 with room for all ten and with the default cap of 8 held models,
  and 2017-2020 with the cap."""

from __future__ import annotations

import gc
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOVES = (-0.10, -0.20, -0.05, 0.10, 0.15, -0.15, 0.05, -0.25, 0.20, -0.02)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """The application on a free local port, in a thread, until stopped."""

    def __init__(self, app):
        import uvicorn

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def move(http, url: str, token: str, session: str, seq: int, levers: dict) -> float:
    t = time.perf_counter()
    response = http.post(
        f"{url}/api/plan",
        json={"session": session, "seq": seq, "levers": levers},
        headers={"X-Token": token},
        timeout=600,
    )
    response.json()
    seconds = time.perf_counter() - t
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.text[:200]}")
    return seconds


def speed(data, years: list[int], http) -> tuple[float, float, float]:
    from optimiser.api import solve
    from optimiser.live.app import create_app

    t = time.perf_counter()
    solve(data, years)
    base = time.perf_counter() - t
    out = Path(tempfile.mkdtemp())
    app = create_app(data, years, out, token="bench")
    server = Server(app)
    try:
        year = years[1] if len(years) > 1 else years[0]
        lever = f"budget.central_special.{year}"
        amount = app.state.live.levers[lever].base
        first = move(http, server.url, "bench", "bench000000000001", 0, {lever: amount * 0.97})
        times = [
            move(http, server.url, "bench", "bench000000000001", i + 1, {lever: amount * (1 + m)})
            for i, m in enumerate(MOVES)
        ]
    finally:
        server.stop()
    return base, first, statistics.median(times)


def memory(cap: int, years: list[int]) -> tuple[float, float, int]:
    """In this (fresh) process: resident memory with the server started, and after 10
    sessions have planned once each; and how many models are held."""
    import httpx

    from optimiser.api import load
    from optimiser.live.app import create_app

    data = load(ROOT / "data" / "shanxi")
    app = create_app(data, years, Path(tempfile.mkdtemp()), token="bench", max_sessions=cap)
    server = Server(app)
    try:
        with httpx.Client() as http:
            lever = f"budget.central_special.{years[-1]}"
            amount = app.state.live.levers[lever].base
            move(http, server.url, "bench", "warm000000000001", 1, {lever: amount * 0.95})
            gc.collect()
            before = rss_mb()
            for i in range(10):
                move(http, server.url, "bench", f"memory{i:010d}", 1, {lever: amount * 0.9})
            gc.collect()
            after = rss_mb()
        return before, after, app.state.live.sessions.holding()
    finally:
        server.stop()


def main() -> int:
    import httpx

    from optimiser.api import load, solve

    data = load(ROOT / "data" / "shanxi")
    solve(data, [2018])  # first use loads compiled modules
    print("live page: request to answer over HTTP, Shanxi (seconds; median of 10 moves)")
    targets = {1: 0.3, 4: 1.0}
    with httpx.Client() as http:
        for years in ([2018], [2017, 2018, 2019, 2020]):
            base, first, median = speed(data, years, http)
            span = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
            target = targets[len(years)]
            print(
                f"  shanxi {span:9}  base solve {base:6.3f}  answer {median:6.3f}  "
                f"ratio {median / base:5.2f}  target {target:.1f} s "
                f"({'met' if median <= target else 'not met'})  first move {first:6.3f}"
            )
    print("live page: resident memory with 10 sessions, Shanxi (MB; a fresh process each)")
    for cap, years in ((10, "2018"), (8, "2018"), (8, "2017,2018,2019,2020")):
        done = subprocess.run(
            [sys.executable, "-m", "bench.live", "--memory", str(cap), years],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        before, after, held = done.stdout.split()[-3:]
        before, after, held = float(before), float(after), int(held)
        span = years if "," not in years else f"{years[:4]}-{years[-4:]}"
        print(
            f"  {span:9} --max-sessions {cap:2}: {before:7.1f} with one session, {after:7.1f} "
            f"after 10 more ({held} models held; {(after - before) / 10:5.1f} per session added)"
        )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--memory":
        print(*memory(int(sys.argv[2]), [int(y) for y in sys.argv[3].split(",")]))
        sys.exit(0)
    sys.exit(main())

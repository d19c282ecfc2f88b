"""Speed of ssvssj against its floors, on a generated workspace. Run by hand; commit the table.

    python benchmarks/run.py --cases 10000
    python benchmarks/run.py --cases 1000 --cases 10000 --cases 100000
    python benchmarks/run.py --cases 100 --cases 10000 --history

--history also commits each workspace twice into a git repository (which takes a while) and
times `journey diff` between the two commits, against a cold `check` of one, and `case log`,
which should cost the same at every size.

Each figure is the median of --repeat runs of a fresh process, with every measured command's
floor timed in the same repetition: the CSafeLoader parse of all case files (in a process of its
own, so both sides pay for starting Python) and `python -c "import typer"` for start-up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import make_history
from synthetic import make_workspace

FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1], "cases").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def timed(command: list[str], cwd: Path, **env: str) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**ENV, **env}
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss


ENV = {**os.environ, "NO_COLOR": "1"}


def ssvssj(*args: str) -> list[str]:
    return [sys.executable, "-m", "ssvssj", *args]


def drop_cache(root: Path) -> None:
    shutil.rmtree(root / ".ssvssj", ignore_errors=True)


def measure(root: Path, repeat: int) -> dict[str, list[tuple[float, int]]]:
    runs: dict[str, list[tuple[float, int]]] = {}

    def record(name: str, command: list[str], **env: str) -> None:
        runs.setdefault(name, []).append(timed(command, root, **env))

    timed(ssvssj("report", "all"), root)  # so that every timed `report all` is warm
    for _ in range(repeat):
        record("floor: CSafeLoader parse", [sys.executable, "-c", FLOOR, str(root)])
        drop_cache(root)
        record("check, cold", ssvssj("check"))
        drop_cache(root)
        record("check, cold, one core", ssvssj("check"), SSVSSJ_WORKERS="1")
        drop_cache(root)
        record("journey export json, cold", ssvssj("journey", "export", "--format", "json"))
        record("journey export json, warm", ssvssj("journey", "export", "--format", "json"))
        record("report all, warm", ssvssj("report", "all"))
        record("floor: import typer", [sys.executable, "-c", "import typer"])
        record("--version", ssvssj("--version"))
        record("--help", ssvssj("--help"))
    return runs


def measure_history(root: Path, repeat: int, logged: str) -> dict[str, list[tuple[float, int]]]:
    """In the workspace's git repository: `logged` is a case both commits change."""
    runs: dict[str, list[tuple[float, int]]] = {}
    for _ in range(repeat):
        drop_cache(root)
        with tempfile.TemporaryDirectory() as nothing_cached:
            cold = timed(ssvssj("check"), root, XDG_CACHE_HOME=nothing_cached)
        runs.setdefault("check, cold", []).append(cold)
        for name, command in (
            ("journey diff, two commits", ssvssj("journey", "diff", "HEAD~1", "HEAD")),
            ("case log", ssvssj("case", "log", logged)),
            ("report portfolio, loop clock from git", ssvssj("report", "portfolio")),
            ("floor: import typer", [sys.executable, "-c", "import typer"]),
        ):
            runs.setdefault(name, []).append(timed(command, root))
    return runs


def table(cases: int, runs: dict[str, list[tuple[float, int]]]) -> str:
    median = {name: statistics.median(t for t, _ in values) for name, values in runs.items()}
    memory = {name: max(m for _, m in values) for name, values in runs.items()}
    floors = {
        "check, cold": "floor: CSafeLoader parse",
        "check, cold, one core": "floor: CSafeLoader parse",
        "journey export json, cold": "floor: CSafeLoader parse",
        "journey export json, warm": "floor: CSafeLoader parse",
        "report all, warm": "floor: CSafeLoader parse",
        "--version": "floor: import typer",
        "--help": "floor: import typer",
        "journey diff, two commits": "check, cold",
        "case log": "floor: import typer",
        "report portfolio, loop clock from git": "check, cold",
    }
    lines = [
        f"{cases} cases",
        "",
        "| what | median s | × floor | peak MiB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in runs:
        floor = floors.get(name)
        ratio = f"{median[name] / median[floor]:.2f}" if floor in median else "1.00"
        lines.append(f"| {name} | {median[name]:.3f} | {ratio} | {memory[name] / 1024:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, action="append", help="workspace size (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--history", action="store_true", help="also time journey diff and case log over git"
    )
    args = parser.parse_args()
    sizes = args.cases or [10000]
    cold: dict[int, float] = {}
    logs: dict[int, float] = {}
    for cases in sizes:
        base = args.keep or Path(tempfile.mkdtemp(prefix="ssvssj-bench-"))
        root = base / f"ws-{cases}"
        if not (root / "ssvssj.yaml").exists():
            started = time.perf_counter()
            make_workspace(root, cases)
            print(f"generated {cases} cases in {time.perf_counter() - started:.1f} s", flush=True)
        runs = measure(root, args.repeat)
        cold[cases] = statistics.median(t for t, _ in runs["journey export json, cold"])
        print(table(cases, runs), flush=True)
        print()
        if args.history:
            started = time.perf_counter()
            logged = _history(root)
            print(f"committed {cases} cases in {time.perf_counter() - started:.1f} s", flush=True)
            runs = measure_history(root, args.repeat, logged)
            logs[cases] = statistics.median(t for t, _ in runs["case log"])
            print(table(cases, runs), flush=True)
            print()
        if args.keep is None:
            shutil.rmtree(base)
    if len(cold) > 1:
        smallest, largest = min(cold), max(cold)
        print(
            f"scale: {largest} cases take {cold[largest] / cold[smallest]:.1f}x the time of "
            f"{smallest} ({largest / smallest:.0f}x the cases), cold journey export"
        )
    if len(logs) > 1:
        smallest, largest = min(logs), max(logs)
        print(
            f"scale: case log over {largest} cases takes {logs[largest] / logs[smallest]:.2f}x "
            f"the time of {smallest}"
        )


def _history(root: Path) -> str:
    """The workspace in git (made once, kept with --keep); the id of a case both commits change."""
    marker = root / ".git" / "ssvssj-bench-case"
    if not marker.exists():
        logged = make_history(root)
        marker.write_text(logged, encoding="utf-8")
    return marker.read_text(encoding="utf-8")


if __name__ == "__main__":
    main()

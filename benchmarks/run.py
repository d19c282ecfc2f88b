"""Speed of ssvssj against its floors, on a generated workspace. Run by hand; commit the table.

    python benchmarks/run.py --cases 10000
    python benchmarks/run.py --cases 1000 --cases 10000 --cases 100000

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
    }
    lines = [
        f"{cases} cases",
        "",
        "| what | median s | × floor | peak MiB |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in runs:
        ratio = f"{median[name] / median[floors[name]]:.2f}" if name in floors else "1.00"
        lines.append(f"| {name} | {median[name]:.3f} | {ratio} | {memory[name] / 1024:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, action="append", help="workspace size (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    sizes = args.cases or [10000]
    cold: dict[int, float] = {}
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
        if args.keep is None:
            shutil.rmtree(base)
    if len(cold) > 1:
        smallest, largest = min(cold), max(cold)
        print(
            f"scale: {largest} cases take {cold[largest] / cold[smallest]:.1f}x the time of "
            f"{smallest} ({largest / smallest:.0f}x the cases), cold journey export"
        )


if __name__ == "__main__":
    main()

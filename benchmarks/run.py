"""Speed of ssvssj against its goals, on generated workspaces. Run by hand; commit the table.

    python benchmarks/run.py                    # 10,000 cases (and 100 for single-case commands)
    python benchmarks/run.py --large            # also 100,000 cases (takes long)
    python benchmarks/run.py --history          # also journey diff and case log over git
    python benchmarks/run.py --single           # only the single-case commands, at both sizes
    python benchmarks/run.py --only "^warm"     # only the figures whose names match

Every figure is the median of --repeat runs of a fresh process. The floor is parsing every case
file with libyaml's C loader, in a process of its own, timed in the same repetition; a figure's
ratio is to that floor. The index lives in the user's cache folder; this script points
XDG_CACHE_HOME at a folder of its own and removes it for every cold run.

- cold: no index. warm: nothing changed since the last command. one changed: one case file
  was changed just before the command.
- single-case commands run at 100 cases and at the large size, cold and warm; the goal is the
  same cost (at most 1.5x), judged by the CPU seconds the command used (user + system): on a
  shared machine the wall time of a command under a second swings more than that with the
  load. The wall time's ratio is shown beside it.
- `case list`, first screen: until the first 50 lines have arrived.
- at 100,000 cases (--large): every command's peak memory and its time against the 10,000
  figure of the same run.
- --history commits each workspace twice into a git repository (which takes a while) and times
  `journey diff` between the two commits against a cold `check`, and `case log`, which should
  cost the same at every size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from history import make_history, new_commit
from synthetic import make_workspace

FLOOR = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1], "cases").rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
FORMATS = ("mermaid", "mermaid-journey", "dot", "graphml", "json", "csv", "blueprint", "svg")
FORMATS += ("html",)
READ_ONLY: list[tuple[str, list[str]]] = [
    ("check", ["check"]),
    ("case list", ["case", "list"]),
    ("case list --json", ["case", "list", "--json"]),
    ("case show", ["case", "show", "CASE"]),
    ("journey show", ["journey", "show"]),
    *[(f"journey export {fmt}", ["journey", "export", "--format", fmt]) for fmt in FORMATS],
    ("touchpoints", ["touchpoints"]),
    ("report journey", ["report", "journey"]),
    ("report all", ["report", "all"]),
]
SINGLE: list[tuple[str, list[str]]] = [
    ("case show", ["case", "show", "CASE"]),
    ("case solve", ["case", "solve", "CASE", "s1", "--status", "STATUS"]),
    ("case new --no-input", ["case", "new", "--no-input", "--title", "基准", "--touchpoint"]),
    ("case continue --from", ["case", "continue", "CASE", "--from", "PART"]),
    ("report case", ["report", "case", "CASE"]),
]
FIRST_SCREEN = 50
CACHE = Path(tempfile.mkdtemp(prefix="ssvssj-bench-cache-"))
# As installed: Python keeps its compiled modules (a shell that turned that off would make every
# command compile the package again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.update(NO_COLOR="1", COLUMNS="120", XDG_CACHE_HOME=str(CACHE))

Run = tuple[float, int, float]  # wall seconds, peak KiB, CPU seconds (user + system)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**ENV, **(env or {})},
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}")
    if "new" in command:
        created = out.decode().strip().splitlines()
        if created:
            (cwd / created[-1]).unlink(missing_ok=True)
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def first_screen(command: list[str], cwd: Path) -> Run:
    """Seconds until the first lines arrive (the rest is read and dropped)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV
    )
    assert process.stdout is not None
    for _ in range(FIRST_SCREEN):
        if not process.stdout.readline():
            break
    elapsed = time.perf_counter() - started
    process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def ssvssj(*args: str) -> list[str]:
    return [sys.executable, "-m", "ssvssj", *args]


def drop_index() -> None:
    shutil.rmtree(CACHE, ignore_errors=True)


class Workspace:
    """A generated workspace, with one case to show, solve, continue and change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.case = self._solved_case()
        self.part = root.parent / f"{root.name}-part.yaml"
        self.flip = False
        # Counted on from the clock: a workspace kept (--keep) from an earlier run of this
        # script never gets back words that run wrote, which its index would know.
        self.edits = time.time_ns() // 1000

    def _solved_case(self) -> Path:
        for path in sorted((self.root / "cases").rglob("*.yaml")):
            if "\nsolve:" in path.read_text(encoding="utf-8"):
                return path
        raise SystemExit("no case with solutions")

    def args(self, template: list[str]) -> list[str]:
        self.flip = not self.flip
        self.part.write_text(f"consultant: {'甲' if self.flip else '乙'}\n", encoding="utf-8")
        values = {
            "CASE": self.case.stem,
            "STATUS": "done" if self.flip else "doing",
            "PART": str(self.part),
        }
        done = [values.get(arg, arg) for arg in template]
        if done[:2] == ["case", "new"]:
            done += ["前台", "--problem", "基准测试"]
        return ssvssj(*done)

    def change_one(self) -> None:
        """Change one case's title and problem, as an editor would, to words it never had: bytes
        the index has seen before would flatter the figure, and the problem is shown by the
        journey's maps and reports."""
        self.edits += 1
        text = self.case.read_text(encoding="utf-8")
        mark = f"改{self.edits}"
        text = re.sub(r"\ntitle: (改\d+)?", f"\ntitle: {mark}", text, count=1)
        text = re.sub(r"\n  problem: (改\d+)?", f"\n  problem: {mark}", text, count=1)
        self.case.write_text(text, encoding="utf-8")


LARGE = {
    "check",
    "case list",
    "case list --json",
    "case show",
    "journey show",
    "journey export json",
    "journey export blueprint",
    "report journey",
}


def measure(
    ws: Workspace,
    repeat: int,
    single_only: bool = False,
    large: bool = False,
    only: re.Pattern[str] | None = None,
) -> dict[str, list[Run]]:
    """With `large`, the read-only commands are a few of each kind (at 100,000 cases every
    full load takes a minute). With `only`, just the figures whose names it matches (and the
    floor) are measured."""
    runs: dict[str, list[Run]] = {}
    root = ws.root
    read_only = [(name, args) for name, args in READ_ONLY if not large or name in LARGE]

    def wanted(name: str) -> bool:
        return only is None or only.search(name) is not None

    def record(name: str, run: Callable[[], Run]) -> None:
        if wanted(name):
            runs.setdefault(name, []).append(run())

    def command(template: list[str], env: dict[str, str] | None = None) -> Callable[[], Run]:
        return lambda: timed(ws.args(template), root, env)

    def cold(template: list[str], env: dict[str, str] | None = None) -> Callable[[], Run]:
        def run() -> Run:
            drop_index()
            return timed(ws.args(template), root, env)

        return run

    def warm(template: list[str]) -> Callable[[], Run]:
        def run() -> Run:
            timed(ws.args(template), root)  # so that the next run is warm
            return timed(ws.args(template), root)

        return run

    def changed(run: Callable[[], Run]) -> Callable[[], Run]:
        def after_a_change() -> Run:
            ws.change_one()
            return run()

        return after_a_change

    def list_screen() -> Run:
        return first_screen(ssvssj("case", "list"), root)

    def import_typer() -> Run:
        return timed([sys.executable, "-c", "import typer"], root)

    for _ in range(repeat):
        runs.setdefault("floor", []).append(timed([sys.executable, "-c", FLOOR, str(root)], root))
        for name, template in SINGLE:
            record(f"cold: {name}", cold(template))
        if not single_only:
            record("cold: check (2 cores)", cold(["check"]))
            if not large:
                record("cold: check (1 core)", cold(["check"], {"SSVSSJ_WORKERS": "1"}))
            record("cold: journey export json", cold(["journey", "export", "-f", "json"]))
            for name, template in read_only:
                record(f"warm: {name}", warm(template))
            record("warm: case list, first screen", list_screen)
            for name, template in read_only:
                record(f"one changed: {name}", changed(command(template)))
            record("one changed: case list, first screen", changed(list_screen))
        for name, template in SINGLE:
            record(f"warm: {name}", warm(template))
        if not single_only:
            record("start-up: import typer", import_typer)
            record("start-up: --version", command(["--version"]))
            record("start-up: --help", command(["--help"]))
    return runs


def measure_history(root: Path, repeat: int, logged: str) -> dict[str, list[Run]]:
    """In the workspace's git repository: `logged` is a case both commits change. Cold runs
    start with no index; the portfolio after a new commit (one changing no file, as a review's
    might) has the index its cold run left."""
    runs: dict[str, list[Run]] = {}

    def record(name: str, command: list[str]) -> None:
        runs.setdefault(name, []).append(timed(command, root))

    for _ in range(repeat):
        drop_index()
        record("check, cold", ssvssj("check"))
        drop_index()
        record("journey diff, two commits", ssvssj("journey", "diff", "HEAD~1", "HEAD"))
        drop_index()
        record("report portfolio, loop clock, cold", ssvssj("report", "portfolio"))
        with new_commit(root):
            record(
                "report portfolio, loop clock, after a new commit", ssvssj("report", "portfolio")
            )
        record("case log", ssvssj("case", "log", logged))
        record("start-up: import typer", [sys.executable, "-c", "import typer"])
    return runs


def history_table(cases: int, runs: dict[str, list[Run]]) -> str:
    bases = {
        "journey diff, two commits": "check, cold",
        "report portfolio, loop clock, cold": "check, cold",
        "report portfolio, loop clock, after a new commit": "check, cold",
        "case log": "start-up: import typer",
    }
    lines = [
        f"{cases:,} cases in git",
        "",
        "| what | median s | × | against | peak MiB |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for name, values in runs.items():
        base = bases.get(name)
        ratio = f"{median(values) / median(runs[base]):.2f}" if base else ""
        lines.append(
            f"| {name} | {median(values):.3f} | {ratio} | {base or ''} | {peak(values):.0f} |"
        )
    return "\n".join(lines)


def _history(root: Path) -> str:
    """The workspace in git (made once, kept with --keep); the id of a case both commits change."""
    marker = root / ".git" / "ssvssj-bench-case"
    if not marker.exists():
        logged = make_history(root)
        marker.write_text(logged, encoding="utf-8")
    return marker.read_text(encoding="utf-8")


def median(runs: list[Run]) -> float:
    return statistics.median(run[0] for run in runs)


def cpu(runs: list[Run]) -> float:
    return statistics.median(run[2] for run in runs)


def peak(runs: list[Run]) -> float:
    return max(run[1] for run in runs) / 1024


def goal_of(name: str) -> float | None:
    if name.startswith("warm:"):
        return 0.1
    if name.startswith("one changed:"):
        return 0.2
    if name.startswith("cold: check (2"):
        return 1.0
    if name.startswith("start-up:"):
        return None
    return None


def table(cases: int, runs: dict[str, list[Run]], small: dict[str, list[Run]] | None) -> str:
    floor = median(runs["floor"])
    lines = [
        f"{cases:,} cases; floor (libyaml C loader parsing every case file): {floor:.3f} s",
        "",
        "| what | median s | × floor (start-up: × import typer) | goal | peak MiB |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for name, values in runs.items():
        if name == "floor":
            continue
        against = runs.get("start-up: import typer") if name.startswith("start-up:") else None
        ratio = median(values) / (median(against) if against else floor)
        goal = goal_of(name)
        verdict = "" if goal is None else f"≤ {goal:.1f}× {'✓' if ratio <= goal else '✗'}"
        if small is not None and name in small and any(name.endswith(n) for n, _ in SINGLE):
            scale = cpu(values) / cpu(small[name])
            wall = median(values) / median(small[name])
            verdict = (
                f"≤ 1.5× of 100 cases: CPU {scale:.2f}× {'✓' if scale <= 1.5 else '✗'} "
                f"(wall {wall:.2f}×)"
            )
        lines.append(
            f"| {name} | {median(values):.3f} | {ratio:.3f} | {verdict} | {peak(values):.0f} |"
        )
    return "\n".join(lines)


def scale_table(base: dict[str, list[Run]], large: dict[str, list[Run]]) -> str:
    lines = [
        "100,000 cases against 10,000 (goal: at most 11× the time, at most 512 MiB)",
        "",
        "| what | 10,000 s | 100,000 s | × | peak MiB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, values in large.items():
        if name == "floor" or name not in base:
            continue
        times = median(values) / median(base[name])
        memory = peak(values)
        mark = "✓" if times <= 11 and memory <= 512 else "✗"
        lines.append(
            f"| {name} | {median(base[name]):.3f} | {median(values):.3f} | {times:.1f} {mark} "
            f"| {memory:.0f} |"
        )
    return "\n".join(lines)


def workspace(base: Path, cases: int) -> Workspace:
    root = base / f"ws-{cases}"
    if not (root / "ssvssj.yaml").exists():
        started = time.perf_counter()
        make_workspace(root, cases)
        print(f"generated {cases} cases in {time.perf_counter() - started:.1f} s", flush=True)
    return Workspace(root)


def compile_package() -> None:
    """Bytecode for every module of ssvssj, as an installed package has it (pip compiles on
    install): where PYTHONDONTWRITEBYTECODE is set, every run would otherwise also time Python
    compiling the modules it imports."""
    import compileall

    import ssvssj

    compileall.compile_dir(Path(ssvssj.__file__).parent, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000, help="the workspace's size")
    parser.add_argument("--large", action="store_true", help="also 100,000 cases (slow)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--history", action="store_true", help="also time journey diff and case log over git"
    )
    parser.add_argument(
        "--single", action="store_true", help="only the single-case commands, at both sizes"
    )
    parser.add_argument(
        "--only", type=re.compile, help="only the figures whose names match this pattern"
    )
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="ssvssj-bench-"))
    compile_package()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    small: dict[str, list[Run]] = {}
    runs: dict[str, list[Run]] = {}
    small_ws, large_ws = workspace(base, 100), workspace(base, args.cases)
    for _ in range(args.repeat):  # both sizes in every repetition: the machine's load is shared
        for name, values in measure(small_ws, 1, single_only=True, only=args.only).items():
            small.setdefault(name, []).extend(values)
        measured = measure(large_ws, 1, single_only=args.single, only=args.only)
        for name, values in measured.items():
            runs.setdefault(name, []).extend(values)
    print(table(args.cases, runs, small), flush=True)
    if args.large:
        large = measure(workspace(base, 100_000), 1, large=True, only=args.only)
        print()
        print(table(100_000, large, None))
        print()
        print(scale_table(runs, large))
    if args.history:
        for cases in (100, args.cases):
            root = base / f"ws-{cases}"
            started = time.perf_counter()
            logged = _history(root)
            print(f"\ncommitted {cases} cases in {time.perf_counter() - started:.1f} s", flush=True)
            print(history_table(cases, measure_history(root, args.repeat, logged)), flush=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    drop_index()
    if args.keep is None:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()

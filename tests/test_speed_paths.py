"""What keeps ssvssj fast, tested for behaviour (never timed here; see benchmarks/run.py):
light start-up, the workspace index and what it may never do, and parallel parsing."""

from __future__ import annotations

import json
import math
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import ssvssj.store.index
import ssvssj.store.parallel
import ssvssj.store.scan
import ssvssj.store.store
from ssvssj.store.index import Index, index_path
from ssvssj.store.store import load_workspace
from tests.conftest import Cli, lines_run

HEAVY = ("pydantic", "networkx", "jinja2", "yaml", "ruamel", "rich")

PROBE = """
import runpy, sys
HEAVY = set(sys.argv.pop(1).split(","))
sys.argv = ["ssvssj", *sys.argv[1:]]
try:
    runpy.run_module("ssvssj", run_name="__main__")
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & HEAVY)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_start_up_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert "ssvssj" in result.stdout
    assert "HEAVY=\n" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args",
    [["case", "list"], ["case", "list", "--json"], ["journey", "export", "--format", "mermaid"]],
    ids=["case list", "case list --json", "journey export mermaid"],
)
def test_a_warm_command_imports_nothing_heavy(args: list[str], example: Path) -> None:
    """Asked again over unchanged files, a command answers from the index: its options, the
    survey of the files and its answer need none of the heavy modules."""
    command = [sys.executable, "-c", PROBE, ",".join(HEAVY), "--workspace", str(example), *args]
    for _ in range(2):  # the first run fills the index
        result = subprocess.run(command, capture_output=True, text=True, cwd=example, check=False)
    assert result.stdout.strip()
    assert "HEAVY=\n" in result.stderr, result.stderr


def test_unchanged_files_are_not_parsed_again(example: Path, parses: list[str]) -> None:
    first = load_workspace(example)
    assert len(parses) == 17
    parses.clear()
    second = load_workspace(example)
    assert parses == []
    assert second.cases == first.cases
    assert second.problems == first.problems
    assert second.files == first.files


def test_the_index_lives_outside_the_workspace(example: Path, tmp_path: Path) -> None:
    Cli(example)("check")
    Cli(example)("case", "list")
    assert not (example / ".ssvssj").exists()
    assert index_path(example).is_file()
    assert index_path(example).is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))


def test_a_changed_added_or_removed_file_reparses_only_that_file(
    example: Path, parses: list[str], settled: None
) -> None:
    load_workspace(example)
    cases = example / "cases"
    changed = cases / "20261104-m2pq.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("severity: 4", "severity: 5", 1))
    (cases / "sub").mkdir()
    shutil.copy(cases / "20261111-b3k5.yaml", cases / "sub" / "20261111-b3k5.yaml")
    (cases / "20261116-w8j3.yaml").unlink()
    parses.clear()
    workspace = load_workspace(example)
    assert sorted(parses) == ["cases/20261104-m2pq.yaml", "cases/sub/20261111-b3k5.yaml"]
    assert next(c for c in workspace.cases if c.id == "20261104-m2pq").spot.severity == 5
    assert "20261116-w8j3" not in workspace.files
    assert [p.field for p in workspace.problems] == ["id"]  # the copy is a duplicate id
    with Index(example) as index:
        assert "cases/20261116-w8j3.yaml" not in index.hints()


def _same_size_and_mtime(path: Path, old: str, new: str) -> None:
    """Change a file's content while keeping its size and modification time, as a copy that
    keeps times (tar, zip, rsync) can."""
    assert len(old.encode()) == len(new.encode())
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    assert path.stat().st_mtime_ns == info.st_mtime_ns


def test_a_file_changed_under_the_same_size_and_mtime_is_read_again(
    example: Path, settled: None
) -> None:
    cli = Cli(example)
    cli("case", "show", "20261104-m2pq")
    assert "severity: 4" in (example / "cases" / "20261104-m2pq.yaml").read_text(encoding="utf-8")
    _same_size_and_mtime(example / "cases" / "20261104-m2pq.yaml", "severity: 4", "severity: 2")
    shown = json.loads(cli("case", "list", "--json").stdout)["cases"]
    assert next(row for row in shown if row["id"] == "20261104-m2pq")["severity"] == 2
    assert load_workspace(example).cases == load_workspace(example, use_cache=False).cases


def test_a_planted_cache_in_the_workspace_changes_no_output(
    example: Path, tmp_path: Path, settled: None
) -> None:
    """A workspace that arrives with a `.ssvssj/` from elsewhere (the old cache, made to agree
    in size and mtime with a file that was then changed) shows what its files hold."""
    clean = tmp_path / "clean"
    shutil.copytree(example, clean)
    planted = example / ".ssvssj" / "cache"
    (planted / "results").mkdir(parents=True)
    (planted / "parsed.jsonl").write_text('{"format": 2, "tool": "0.1.0"}\n', encoding="utf-8")
    (planted / "results" / "x").write_bytes(b'{"key": "x"}\nplanted\n')
    (planted / "index.sqlite3").write_bytes(pickle.dumps({"planted": True}))
    commands = [
        ("check",),
        ("case", "list", "--json"),
        ("case", "show", "20261104-m2pq"),
        ("journey", "export", "--format", "json"),
        ("report", "case", "20261104-m2pq"),
    ]
    for command in commands:
        assert Cli(example)(*command).stdout == Cli(clean)(*command).stdout


def test_a_corrupt_index_is_ignored_and_rebuilt(example: Path, parses: list[str]) -> None:
    first = load_workspace(example)
    path = index_path(example)
    path.write_bytes(b"not a database at all " * 1000)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    parses.clear()
    again = load_workspace(example)
    assert len(parses) == 17
    assert again.cases == first.cases and again.problems == []
    parses.clear()
    assert load_workspace(example).cases == first.cases
    assert parses == []


@pytest.mark.parametrize(
    "body",
    ["[" * 200_000, '"' + "x" * (ssvssj.store.index.MAX_VALUE_BYTES + 10) + '"', "{broken", "[]"],
    ids=["deep", "huge", "broken", "wrong-shape"],
)
def test_a_deep_huge_or_broken_index_value_is_ignored(
    example: Path, body: str, parses: list[str]
) -> None:
    cli = Cli(example)
    expected = {
        args: cli(*args).stdout
        for args in [("check",), ("case", "list", "--json"), ("case", "list")]
    }
    first = load_workspace(example)
    with sqlite3.connect(index_path(example)) as db:
        db.execute("UPDATE outcomes SET body = ?", (body,))
        db.execute("UPDATE documents SET body = ?", (body,))
    for args, output in expected.items():
        assert cli(*args).stdout == output
    with sqlite3.connect(index_path(example)) as db:
        db.execute("UPDATE outcomes SET body = ?", (body,))
        db.execute("UPDATE documents SET body = ?", (body,))
    workspace = load_workspace(example)
    assert workspace.cases == first.cases and workspace.problems == []


def test_a_changed_vocabulary_changes_what_is_derived(example: Path) -> None:
    cli = Cli(example)

    def touchpoint_of(case_id: str) -> str:
        rows = json.loads(cli("case", "list", "--json").stdout)["cases"]
        return str(next(row for row in rows if row["id"] == case_id)["touchpoint"])

    assert touchpoint_of("20261104-m2pq") == "报价"
    vocabulary = example / "touchpoints.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    assert "  报价:\n" in text
    vocabulary.write_text(text.replace("  报价:\n", "  报价说明:\n    aliases: [报价]\n"))
    assert touchpoint_of("20261104-m2pq") == "报价说明"


@pytest.mark.parametrize("kind", ["a-file", "read-only"])
def test_commands_work_without_a_writable_cache_folder(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    cache = tmp_path / "no-cache"
    if kind == "a-file":
        cache.write_text("not a folder", encoding="utf-8")
    else:
        cache.mkdir()
        cache.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    try:
        cli = Cli(example)
        assert "17 个有效案例" in cli("check").stdout
        assert len(json.loads(cli("case", "list", "--json").stdout)["cases"]) == 17
        assert json.loads(cli("journey", "export", "--format", "json").stdout)["cases"] == 17
    finally:
        if kind == "read-only":
            cache.chmod(0o700)


def test_the_index_of_another_workspace_is_not_used(example: Path, tmp_path: Path) -> None:
    """An index file copied over the one of this workspace (its real path differs) is emptied."""
    other = tmp_path / "other"
    shutil.copytree(example, other)
    case = other / "cases" / "20261104-m2pq.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("severity: 4", "severity: 1", 1))
    load_workspace(other)
    load_workspace(example)
    shutil.copy(index_path(other), index_path(example))
    changed = next(c for c in load_workspace(example).cases if c.id == "20261104-m2pq")
    assert changed.spot.severity == 4


def test_parallel_parsing_gives_the_same_workspace(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example / "cases" / "20261201-bad1.yaml").write_text("title: [\n", encoding="utf-8")
    sequential = load_workspace(example, use_cache=False)
    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    monkeypatch.setenv("SSVSSJ_WORKERS", "2")
    calls: list[int] = []
    original = ssvssj.store.parallel.multiprocessing.get_context

    def spying(method: str):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(method)

    monkeypatch.setattr(ssvssj.store.parallel.multiprocessing, "get_context", spying)
    parallel = load_workspace(example, use_cache=False)
    assert calls == [1]
    assert parallel.cases == sequential.cases
    assert parallel.problems == sequential.problems


def test_the_index_never_holds_a_case_it_could_not_give_back(example: Path) -> None:
    """JSON has no NaN: a case whose free-form data holds one is parsed again each time."""
    case = example / "cases" / "20261104-m2pq.yaml"
    case.write_text(
        case.read_text(encoding="utf-8") + "extra:\n  x: !!float .nan\n", encoding="utf-8"
    )
    load_workspace(example)
    with sqlite3.connect(index_path(example)) as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone() == (16,)
    again = next(c for c in load_workspace(example).cases if c.id == "20261104-m2pq")
    assert again.extra is not None and math.isnan(again.extra["x"])


def test_the_index_knows_the_agreed_journey_file_by_its_name() -> None:
    from ssvssj.journey.agreed import JOURNEY_FILE
    from ssvssj.store.paths import JOURNEY_FILE as LISTED

    assert LISTED == JOURNEY_FILE


@pytest.mark.parametrize(
    "args",
    [
        ("case", "show", "20261104"),
        ("case", "show", "20261104-m2pq", "--json"),
        ("case", "solve", "20261104-m2pq", "s1", "--status", "done"),
        ("case", "continue", "20261104-m2pq", "--from", "PART"),
        ("case", "edit", "20261104-m2pq"),
    ],
)
def test_a_command_about_one_case_reads_only_that_case(
    example: Path,
    case_reads: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    part = tmp_path / "part.yaml"
    part.write_text("tags: [交付]\n", encoding="utf-8")
    monkeypatch.setenv("EDITOR", "true")
    Cli(example)(*[str(part) if arg == "PART" else arg for arg in args])
    assert set(case_reads) <= {"cases/20261104-m2pq.yaml"}


def test_a_new_case_reads_no_other_case(example: Path, case_reads: list[str]) -> None:
    result = Cli(example)(
        "case",
        "new",
        "--no-input",
        "--title",
        "无人接待",
        "--touchpoint",
        "前台",
        "--problem",
        "等",
    )
    assert case_reads == [] or set(case_reads) == {result.stdout.strip()}


@pytest.mark.parametrize(
    "args",
    [
        ("journey", "export", "--format", "mermaid"),
        ("journey", "export", "--format", "json", "--tag", "交付"),
        ("journey", "show"),
        ("journey", "show", "--json"),
        ("touchpoints",),
        ("touchpoints", "--json"),
        ("report", "journey"),
        ("report", "case", "20261104"),
    ],
)
def test_a_result_asked_again_over_unchanged_files_is_not_made_again(
    example: Path, loads: list[Path], args: tuple[str, ...]
) -> None:
    cli = Cli(example)
    first = cli(*args).stdout
    assert len(loads) == 1
    assert cli(*args).stdout == first
    assert len(loads) == 1
    case = example / "cases" / "20261104-m2pq.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("报价", "报价单", 1))
    changed = cli(*args).stdout
    assert len(loads) == 2
    fresh = tmp_copy(example)
    assert changed == Cli(fresh)(*args).stdout


def tmp_copy(root: Path) -> Path:
    copy = root.parent / f"{root.name}-copy"
    shutil.copytree(root, copy)
    return copy


def test_a_kept_result_still_warns_about_bad_files(example: Path, loads: list[Path]) -> None:
    (example / "cases" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    cli = Cli(example)
    for _ in range(2):
        result = cli("journey", "export", "--format", "json")
        assert "已跳过 1 个有问题的文件（共 1 个问题）" in result.stderr
    assert len(loads) == 1


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    executable = shutil.which("ssvssj")
    assert executable
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([executable, *args], cwd=root, capture_output=True, env=env, check=False)


def test_a_changed_workspace_template_changes_the_report(example: Path) -> None:
    before = run_cli(example, "report", "journey").stdout
    assert run_cli(example, "report", "journey").stdout == before
    (example / "templates").mkdir()
    (example / "templates" / "journey.md.j2").write_text("# own template\n", encoding="utf-8")
    after = run_cli(example, "report", "journey").stdout
    assert after == b"# own template\n"


def test_a_template_reached_through_an_inside_link_changes_the_report(example: Path) -> None:
    own = example / "own-templates"
    own.mkdir()
    (example / "templates").mkdir()
    (example / "templates" / "zh").symlink_to(own, target_is_directory=True)
    (own / "journey.md.j2").write_text("# first\n", encoding="utf-8")
    assert run_cli(example, "report", "journey").stdout == b"# first\n"
    (own / "journey.md.j2").write_text("# second\n", encoding="utf-8")
    assert run_cli(example, "report", "journey").stdout == b"# second\n"


def test_report_all_over_unchanged_files_renders_nothing_and_trusts_no_report_file(
    example: Path, loads: list[Path]
) -> None:
    cli = Cli(example)
    cli("report", "all")
    reports = example / "reports"
    assert "写入 0 个" in cli("report", "all").stderr
    assert len(loads) == 1
    case_report = reports / "cases" / "20261104-m2pq.md"
    original = case_report.read_bytes()
    case_report.write_text("edited by hand\n", encoding="utf-8")
    (reports / "index.md").unlink()
    result = cli("report", "all")
    assert "写入 2 个" in result.stderr
    assert case_report.read_bytes() == original
    assert (reports / "index.md").is_file()
    stale = reports / "cases" / "20261130-gone.md"
    stale.write_text("old\n", encoding="utf-8")
    told = cli("report", "all").stderr
    assert "删除 0 个" in told and "20261130-gone.md 没有对应的案例" in told
    assert stale.exists()
    (example / "cases" / "20261104-m2pq.yaml").unlink()
    assert "删除 1 个" in cli("report", "all").stderr
    assert not case_report.exists()


def test_files_new_to_the_index_in_bulk_are_read_once_by_the_loader(
    example: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    """A first run (or a checkout that touched every file) reads each file once, in the
    loader; what it knows is the same as when each file is hashed first."""
    monkeypatch.setattr(ssvssj.store.scan, "READ_IN_LOADER_FROM", 1)
    reads: list[str] = []
    original = ssvssj.store.store.read_file

    def counting(path: Path, rel: str):  # type: ignore[no-untyped-def]
        reads.append(rel)
        return original(path, rel)

    monkeypatch.setattr(ssvssj.store.store, "read_file", counting)
    original_case = ssvssj.store.store.read_case_file

    def counting_case(item, inside=None):  # type: ignore[no-untyped-def]
        with monkeypatch.context() as inner:
            inner.setattr(ssvssj.store.store, "read_file", original)
            reads.append(item.rel)
            return original_case(item, inside)

    monkeypatch.setattr(ssvssj.store.store, "read_case_file", counting_case)
    (example / "cases" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    first = load_workspace(example)
    assert sorted(r for r in reads if r.startswith("cases/")) == sorted(
        p.relative_to(example).as_posix() for p in (example / "cases").glob("*.yaml")
    )
    expected = load_workspace(example, use_cache=False)
    assert first.cases == expected.cases and first.problems == expected.problems
    for path in (example / "cases").glob("*.yaml"):
        os.utime(path)  # every file touched: new ctimes, the same bytes
    again = load_workspace(example)
    assert again.cases == expected.cases and again.problems == expected.problems
    assert json.loads(Cli(example)("case", "list", "--json").stdout)["cases"]
    assert Cli(example)("check", code=1).stdout == run_cli_text(example)


def run_cli_text(root: Path) -> str:
    return run_cli(root, "check").stdout.decode("utf-8")


def test_check_over_unchanged_files_answers_from_the_index(
    example: Path, loads: list[Path]
) -> None:
    cli = Cli(example)
    first = cli("check", "--format", "json", code=cli("check").exit_code).stdout
    assert json.loads(first)["warnings"], "the example has method warnings"
    count = len(loads)
    assert cli("check", "--format", "json").stdout == first
    assert len(loads) == count
    case = example / "cases" / "20261104-m2pq.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("severity: 4", "severity: 2", 1))
    changed = cli("check", "--format", "json").stdout
    assert changed == Cli(tmp_copy(example))("check", "--format", "json").stdout


def _case_with_a_long_log(lines: int) -> bytes:
    head = (
        "schema_version: 1\nid: 20261120-abcd\ntitle: T\ncreated: 2026-11-20\n"
        "updated: 2026-11-20\nspot:\n  touchpoint: 前台\n  problem: P\n  severity: 3\n"
        "extra:\n  log:\n" + "    - 是\n" * lines
    )
    tail = (
        "split:\n  - id: d1\n    detail: D\nsolve:\n  - id: s1\n    action: A\n"
        "    addresses: [d1]\n    status: proposed\n"
    )
    return (head + tail).encode("utf-8")


def _lines_run_writing(original: bytes) -> tuple[int, bytes]:
    """Lines of the write path's own code run while one status and `updated` change."""
    from ssvssj.store.yamlread import parse
    from ssvssj.store.yamlwrite import update_document

    doc = parse(original)
    doc["updated"] = date(2026, 11, 24)
    doc["solve"][0]["status"] = "doing"
    watched = ("difflib.py", "linediff.py", "yamlwrite.py")
    return lines_run(watched, lambda: update_document(original, doc))


def test_a_one_field_write_grows_with_the_file_not_its_square() -> None:
    """Many equal lines (a log of `- 是`) made the line diff quadratic: 141 s for a status."""
    small_work, _ = _lines_run_writing(_case_with_a_long_log(500))
    large, written = _lines_run_writing(_case_with_a_long_log(2000))
    original = _case_with_a_long_log(2000).decode().splitlines()
    changed = [
        (old, new)
        for old, new in zip(original, written.decode().splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        ("updated: 2026-11-20", "updated: 2026-11-24"),
        ("    status: proposed", "    status: doing"),
    ]
    assert large < 6 * small_work  # four times the lines


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_first_check_finds_what_a_check_over_every_case_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """A first run keeps no case, only each case's rule facts and lines: the same findings."""
    from benchmarks.synthetic import make_workspace
    from ssvssj.store.findings import method_findings
    from ssvssj.store.store import load_for_findings

    root = tmp_path / "generated"
    make_workspace(root, 80, seed=5)
    (root / "cases" / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    monkeypatch.setenv("SSVSSJ_WORKERS", workers)
    first = load_for_findings(root)
    assert first.facts is not None
    assert first.cases == []
    from_facts = method_findings(first)
    every_case = load_workspace(root, use_cache=False)
    assert every_case.facts is None
    assert from_facts == method_findings(every_case)
    assert {finding.rule for finding in from_facts} >= {"stale", "detail-unaddressed"}
    assert first.problems == every_case.problems
    again = load_for_findings(root)  # from the facts the index learned
    assert again.facts == first.facts
    assert again.cases == []
    assert method_findings(again) == from_facts
    with sqlite3.connect(index_path(root)) as db:
        db.execute(
            "UPDATE facts SET body = '[\"x\", 1]' WHERE rowid IN (SELECT rowid FROM facts LIMIT 3)"
        )
        db.execute(
            "UPDATE facts SET body = '[[[[' "
            "WHERE rowid IN (SELECT rowid FROM facts LIMIT 3 OFFSET 3)"
        )
    damaged = load_for_findings(root)
    assert damaged.facts == first.facts
    assert method_findings(damaged) == from_facts


def test_an_index_written_in_batches_is_the_whole_index(
    example: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssvssj.store.index, "FLUSH_ROWS", 2)
    first = load_workspace(example)
    parses.clear()
    second = load_workspace(example)
    assert parses == []
    assert second.cases == first.cases
    assert second.problems == first.problems
    with sqlite3.connect(index_path(example)) as db:
        outcomes = db.execute("SELECT count(*) FROM outcomes").fetchone()[0]
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert outcomes == len(case_files_of(example)) + 1  # every case file, and the settings
    assert documents == len(first.cases)


def case_files_of(root: Path) -> list[Path]:
    return sorted((root / "cases").rglob("*.yaml"))

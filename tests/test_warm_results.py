"""Results kept under a hash of every input (check's findings, rendered journeys, reports):
asked again over unchanged files they give exactly what a fresh run gives, and one that was
damaged in the index is made again, never used and never a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from benchmarks.synthetic import make_workspace
from ssvssj.store.index import index_path
from tests.conftest import Cli

FORMATS = ("mermaid", "mermaid-journey", "dot", "graphml", "json", "csv", "blueprint", "svg")
READ_ONLY: list[tuple[tuple[str, ...], int]] = [
    (("check",), 1),
    (("check", "--format", "json"), 1),
    (("check", "--format", "github", "--strict"), 1),
    (("case", "list"), 0),
    (("case", "list", "--json"), 0),
    (("case", "list", "--open", "--step", "2"), 0),
    (("journey", "show"), 0),
    (("journey", "show", "--json", "--min-count", "2"), 0),
    *[(("journey", "export", "-f", fmt), 0) for fmt in (*FORMATS, "html")],
    (("journey", "export", "--format", "json", "--tag", "交付"), 0),
    (("touchpoints",), 0),
    (("touchpoints", "--json"), 0),
    (("report", "journey"), 0),
    (("report", "portfolio"), 0),
    (("report", "index", "--lang", "en"), 0),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("warm") / "ws"
    make_workspace(root, 40)
    (root / "cases" / "2026" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    return root


@pytest.fixture
def workspace(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(generated, root)
    return root


def fresh(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int
) -> tuple[str, str]:
    """The output of a run with an empty cache folder (the cache folder is then restored)."""
    before = os.environ["XDG_CACHE_HOME"]
    folder = tmp_path / f"fresh-cache-{len(list(tmp_path.iterdir()))}"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    try:
        result = Cli(root)(*args, code=code)
        return result.stdout, result.stderr
    finally:
        monkeypatch.setenv("XDG_CACHE_HOME", before)


def derived_rows(root: Path) -> int:
    with sqlite3.connect(index_path(root)) as db:
        return int(db.execute("SELECT count(*) FROM derived").fetchone()[0])


def test_every_kept_result_gives_what_a_fresh_run_gives(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    cli = Cli(workspace)
    for args, code in READ_ONLY:
        first = cli(*args, code=code)
        again = cli(*args, code=code)
        assert (again.stdout, again.stderr) == (first.stdout, first.stderr), args
        assert (again.stdout, again.stderr) == fresh(workspace, tmp_path, monkeypatch, args, code)
    assert derived_rows(workspace) > 0


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "swapped"])
def test_a_damaged_kept_result_is_made_again(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str, settled: None
) -> None:
    cli = Cli(workspace)
    asks = [(("check",), 1), (("journey", "show"), 0), (("journey", "export", "-f", "dot"), 0)]
    expected = {args: (cli(*args, code=code).stdout, code) for args, code in asks}
    with sqlite3.connect(index_path(workspace)) as db:
        rows = db.execute("SELECT key, body FROM derived ORDER BY key").fetchall()
        assert len(rows) >= len(asks)
        for index, (key, body) in enumerate(rows):
            body = bytes(body)
            if damage == "flip":
                body = body[:-1] + bytes([body[-1] ^ 1])
            elif damage == "truncate":
                body = body[: len(body) // 2]
            elif damage == "garbage":
                body = b"[" * 100_000
            elif damage == "empty":
                body = b""
            else:
                body = bytes(rows[(index + 1) % len(rows)][1])
            db.execute("UPDATE derived SET body = ? WHERE key = ?", (body, key))
    for args, (output, code) in expected.items():
        assert cli(*args, code=code).stdout == output
        assert cli(*args, code=code).stdout == output


def test_check_says_what_the_files_hold_after_a_change_of_the_same_size_and_mtime(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    cli = Cli(workspace)
    before = cli("check", "--format", "json", code=1).stdout
    case = sorted((workspace / "cases").rglob("*.yaml"))[0]
    text = case.read_text(encoding="utf-8")
    info = case.stat()
    case.write_text(text.replace("\nconsultant: ", "\nconsultXnt: ", 1), encoding="utf-8")
    os.utime(case, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = cli("check", "--format", "json", code=1).stdout
    assert after != before and "consultXnt" in after
    assert after == fresh(workspace, tmp_path, monkeypatch, ("check", "--format", "json"), 1)[0]


def test_a_new_misnamed_file_is_a_problem_of_a_kept_check(workspace: Path, settled: None) -> None:
    cli = Cli(workspace)
    cli("check", code=1)
    (workspace / "cases" / "2026" / "20261203-abcd.yml").write_text("title: x\n", encoding="utf-8")
    assert "20261203-abcd.yml" in cli("check", code=1).stdout


def test_the_json_case_list_is_made_from_the_files_rows_warm_cold_and_after_a_change(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    cli = Cli(workspace)
    args = ("case", "list", "--json")
    cold = cli(*args)
    warm = cli(*args)
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert (warm.stdout, warm.stderr) == fresh(workspace, tmp_path, monkeypatch, args, 0)
    assert derived_rows(workspace) == 0  # no whole answer is kept: rows are kept per file
    case = sorted((workspace / "cases").rglob("*.yaml"))[0]
    text = case.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    case.write_text(text.replace(title, "title: 换了标题", 1), encoding="utf-8")
    changed = cli(*args)
    assert "换了标题" in changed.stdout and changed.stdout != warm.stdout
    assert (changed.stdout, changed.stderr) == fresh(workspace, tmp_path, monkeypatch, args, 0)
    assert cli(*args).stdout == changed.stdout


@pytest.mark.parametrize("as_json", [False, True])
def test_a_draft_made_after_a_kept_case_list_is_listed(
    workspace: Path, settled: None, as_json: bool
) -> None:
    cli = Cli(workspace)
    args = ("case", "list", *(["--json"] if as_json else []))
    cli(*args)
    assert "20261202-drft" not in cli(*args).stdout
    drafts = workspace / ".ssvssj" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "20261202-drft.yaml").write_text(
        "doc:\n  title: 草稿\npartial: {}\nstep: spot\ncase_sha256: null\n", encoding="utf-8"
    )
    assert "20261202-drft" in cli(*args).stdout
    (drafts / "20261202-drft.yaml").unlink()
    assert "20261202-drft" not in cli(*args).stdout


@pytest.mark.parametrize(
    "first",
    [
        ("report", "journey"),
        ("report", "portfolio"),
        ("journey", "show"),
        ("report", "case", "20261103-a7c2", "--lang", "en"),
    ],
)
def test_a_case_report_is_in_its_own_language_whatever_ran_before(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: tuple[str, ...]
) -> None:
    """A report is in the workspace's language (or its --lang), never in the messages' language
    --language sets, and never in the language of an outline another command kept."""
    asked = ("--language", "en", "report", "case", "20261102-k3f9")
    truth, _ = fresh(example, tmp_path, monkeypatch, asked, 0)
    assert "第 5 步，共 5 步（制定方案）" in truth
    Cli(example)("--language", "en", *first)
    assert Cli(example)(*asked).stdout == truth
    english = ("report", "case", "20261102-k3f9", "--lang", "en")
    assert "step 5 of 5 (Solve)" in Cli(example)(*english).stdout
    assert Cli(example)(*asked).stdout == truth

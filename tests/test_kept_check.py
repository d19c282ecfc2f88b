"""`check` keeps its answer as data (valid cases, problems, placed findings) under a hash of
every input: the settings files' digest, the language, the tool, and every case file's path and
digest. Whatever is kept, the output is the one an empty cache gives: after a change to one file
that moves findings in other files, after a planted, damaged or stale kept check (issue 15)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import ssvssj.store.parallel
from benchmarks.synthetic import make_workspace
from ssvssj.store.checked import CHECKED
from ssvssj.store.index import Index, index_path
from tests.conftest import Cli
from tests.kept import kept_row, put_row, with_empty_cache

ASKS: list[tuple[str, ...]] = [
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--strict"),
]
ROW = f"kept:{CHECKED}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kept") / "ws"
    make_workspace(root, 36, seed=23)
    (root / "cases" / "2027").mkdir(parents=True)
    (root / "cases" / "2027" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    return root


@pytest.fixture
def workspace(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(generated, root)
    return root


def outputs(root: Path) -> dict[tuple[str, ...], str]:
    cli = Cli(root)
    return {args: cli(*args, code=1).stdout for args in ASKS}


def fresh(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[tuple[str, ...], str]:
    return with_empty_cache(lambda: outputs(root), tmp_path, monkeypatch)


def cases(root: Path) -> list[Path]:
    return sorted(path for path in (root / "cases").rglob("*.yaml") if path.name != "broken.yaml")


def test_a_warm_check_parses_nothing_and_gives_what_an_empty_cache_gives(
    workspace: Path,
    parses: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = outputs(workspace)
    assert "broken.yaml" in first["check",]
    assert "[stale]" in first["check",]
    parses.clear()
    assert outputs(workspace) == first
    assert parses == []
    assert first == fresh(workspace, tmp_path, monkeypatch)


def test_one_newer_case_moves_every_stale_count_elsewhere(
    workspace: Path,
    parses: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The review date is the newest `updated` of all cases: one file changed moves the
    findings of every other file, and a kept check of the old inputs is not that answer."""
    before = outputs(workspace)
    old_row = kept_row(workspace, ROW)
    case = cases(workspace)[5]
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("updated:"))
    lines[at] = "updated: 2031-03-09\n"
    case.write_text("".join(lines), encoding="utf-8")
    parses.clear()
    after = outputs(workspace)
    assert parses == [case.relative_to(workspace).as_posix()]
    assert after != before
    moved = [
        line
        for line in after["check",].splitlines()
        if "[stale]" in line and case.name not in line and line not in before["check",]
    ]
    assert moved
    assert after == fresh(workspace, tmp_path, monkeypatch)
    put_row(workspace, ROW, *old_row)  # the answer before the change, under its own inputs
    assert outputs(workspace) == after


def test_a_second_file_of_an_id_and_a_file_gone_follow(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs(workspace)
    first, gone = cases(workspace)[:2]
    (workspace / "cases" / "2027" / "again.yaml").write_bytes(first.read_bytes())
    gone.unlink()
    after = outputs(workspace)
    assert "again.yaml" in after["check",]
    assert gone.name not in after["check",]
    assert after == fresh(workspace, tmp_path, monkeypatch)
    assert outputs(workspace) == after


def test_the_rule_levels_and_the_language_follow_the_settings(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = outputs(workspace)
    config = workspace / "ssvssj.yaml"
    text = config.read_text(encoding="utf-8").replace("language: zh", "language: en")
    config.write_text(text + "rules:\n  stale: error\n  no-customer-view: off\n", "utf-8")
    after = outputs(workspace)
    assert after != before
    assert "[no-customer-view]" not in after["check",]
    assert "::error" in after["check", "--format", "github"]
    assert after == fresh(workspace, tmp_path, monkeypatch)
    assert outputs(workspace) == after


def test_a_warm_check_answers_from_the_kept_check(workspace: Path, settled: None) -> None:
    """What makes the tests above bite: a kept check sealed under this user's key is what a
    warm check shows (the key is what makes a row the user's own)."""
    before = outputs(workspace)
    body, _ = kept_row(workspace, ROW)
    files, problems, texts, _ = json.loads(body[40:])
    _truthful(workspace, [files, problems, texts, []])
    after = outputs(workspace)["check",]
    assert "[stale]" in before["check",]
    assert "[stale]" not in after
    assert "broken.yaml" in after


def _truthful(root: Path, value: object) -> None:
    """A kept check of the inputs as they are, sealed under this user's key: only its fields
    stand between it and the output."""
    body, _ = kept_row(root, ROW)
    with Index(root) as index:
        index.keep(CHECKED, body[:40], value)


@pytest.mark.parametrize(
    "planted",
    [
        "body changed",
        "mac of another body",
        "not json",
        "from another workspace",
        "a text out of range, sealed",
        "a negative place, sealed",
        "a line as text, sealed",
        "a finding cut short, sealed",
        "problems of another shape, sealed",
        "an odd list of files, sealed",
    ],
)
def test_a_planted_damaged_or_foreign_kept_check_changes_no_output(
    workspace: Path, settled: None, tmp_path: Path, planted: str
) -> None:
    expected = outputs(workspace)
    body, mac = kept_row(workspace, ROW)
    files, problems, texts, findings = json.loads(body[40:])
    assert findings
    if planted == "body changed":
        put_row(workspace, ROW, body.replace('"stale"', '"xstale"', 1), mac)
    elif planted == "mac of another body":
        put_row(workspace, ROW, body[:40] + "[[],[],[null],[]]", mac)
    elif planted == "not json":
        put_row(workspace, ROW, body[:40] + "[[[[", mac)
    elif planted == "from another workspace":
        other = tmp_path / "other"
        shutil.copytree(workspace, other)
        (cases(other)[0]).unlink()
        Cli(other)("check", code=1)
        foreign, foreign_mac = kept_row(other, ROW)
        put_row(workspace, ROW, body[:40] + foreign[40:], foreign_mac)
    elif planted == "a text out of range, sealed":
        _truthful(workspace, [files, problems, texts, [len(texts), *findings[1:]]])
    elif planted == "a negative place, sealed":
        _truthful(workspace, [files, problems, texts, [-1, *findings[1:]]])
    elif planted == "a line as text, sealed":
        _truthful(workspace, [files, problems, texts, [findings[0], "7", *findings[2:]]])
    elif planted == "a finding cut short, sealed":
        _truthful(workspace, [files, problems, texts, findings[:-1]])
    elif planted == "problems of another shape, sealed":
        _truthful(workspace, [files, [["x", 1]], texts, findings])
    else:
        _truthful(workspace, [files[:-1], problems, texts, findings])
    if planted.endswith("sealed"):
        assert kept_row(workspace, ROW)[0] != body
    assert outputs(workspace) == expected
    assert kept_row(workspace, ROW)[0] == body  # made again from the files, and kept


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time the rule facts of every file are read from the index (the whole check)."""
    seen: list[str] = []
    original = Index.facts

    def counting(self: Index, context: str) -> dict[tuple[str, str], str]:
        seen.append(context)
        return original(self, context)

    monkeypatch.setattr(Index, "facts", counting)
    return seen


def _edit(case: Path, old: str, new: str) -> None:
    text = case.read_text(encoding="utf-8")
    assert old in text
    case.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with(root: Path, word: str) -> Path:
    return next(path for path in cases(root) if word in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "change",
    ["title", "customer view", "invalid", "second file of an id", "new case", "gone"],
)
def test_a_check_after_a_few_changes_is_made_from_the_kept_one(
    workspace: Path,
    parses: list[str],
    whole_reads: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    """Where the review date and the addressed causes stay, only the changed files are parsed
    and no file's kept facts are read: the findings of every other file are the kept ones."""
    before = outputs(workspace)
    unviewed = [line for line in before["check",].splitlines() if "[no-customer-view]" in line]
    case = cases(workspace)[7]
    if change == "title":
        _edit(case, "\ntitle: ", "\ntitle: 改了标题 ")
    elif change == "customer view":
        case = workspace / unviewed[0].split(":")[0]
        view = "\nview:\n- perspective: customer\n  lens: delivery\n  finding: 等太久。\n"
        _edit(case, "\nview:\n", view)
    elif change == "invalid":
        _edit(case, "\nspot:\n", "\nspot: [\n")
    elif change == "second file of an id":
        case = workspace / "cases" / "2027" / "again.yaml"
        case.write_bytes(cases(workspace)[3].read_bytes())
    elif change == "new case":
        case = workspace / "cases" / "2027" / "20270101-n3w1.yaml"
        source = cases(workspace)[3]
        text = source.read_text(encoding="utf-8").replace(source.stem, case.stem)
        case.write_text(text, encoding="utf-8")
    else:
        case = _with(workspace, "\nview:\n- perspective: customer")
        case.unlink()
    parses.clear()
    whole_reads.clear()
    after = outputs(workspace)
    assert parses == ([] if change == "gone" else [case.relative_to(workspace).as_posix()])
    assert (after == before) == (change == "title")  # a title is in no finding
    if change == "customer view":
        assert unviewed[0] not in after["check",]
    if change != "invalid" and change != "gone":
        assert whole_reads == []
    assert after == fresh(workspace, tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "planted",
    [
        "body changed",
        "not json",
        "a file's case id changed, sealed",
        "every file unchanged, sealed",
        "a date that is none, sealed",
        "a cut list, sealed",
    ],
)
def test_a_planted_or_damaged_record_of_the_kept_check_changes_no_output(
    workspace: Path,
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    planted: str,
) -> None:
    outputs(workspace)
    row = f"kept:{CHECKED}-files"
    with sqlite3.connect(index_path(workspace)) as db:
        body = db.execute("SELECT body FROM snapshots WHERE name = ?", (row,)).fetchone()[0]
    inputs = body[:40]
    value = json.loads(body[40:])
    flat = value[4]
    if planted == "body changed":
        body = body.replace(flat[0], flat[0] + "x", 1)
    elif planted == "not json":
        body = inputs + "[[["
    if planted in ("body changed", "not json"):
        with sqlite3.connect(index_path(workspace)) as db:
            db.execute("UPDATE snapshots SET body = ? WHERE name = ?", (body, row))
    else:
        if planted == "a file's case id changed, sealed":
            at = next(n for n in range(2, len(flat), 5) if flat[n] is not None)
            flat[at] = "20990101-zzzz"
        elif planted == "every file unchanged, sealed":
            flat[5 * 7 + 1] = "0" * 40  # the file that will change is known by other bytes
        elif planted == "a date that is none, sealed":
            flat[3] = "someday"
        else:
            value[4] = flat[:-1]
        with Index(workspace) as index:
            index.keep(f"{CHECKED}-files", inputs, value)
    _edit(cases(workspace)[7], "\ntitle: ", "\ntitle: 改了标题 ")
    assert outputs(workspace) == fresh(workspace, tmp_path, monkeypatch)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_check_first_made_by_workers_then_kept_gives_what_an_empty_cache_gives(
    workspace: Path,
    whole_reads: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: str,
) -> None:
    """The first check parses in forked workers, which seal the rows they made; the check kept
    from it, and the one made from it after a case gains a customer view and another a second
    file of its id, are what an empty cache gives."""
    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    monkeypatch.setenv("SSVSSJ_WORKERS", workers)
    first = outputs(workspace)
    assert outputs(workspace) == first
    unviewed = next(line for line in first["check",].splitlines() if "[no-customer-view]" in line)
    view = "\nview:\n- perspective: customer\n  lens: delivery\n  finding: 等太久。\n"
    _edit(workspace / unviewed.split(":")[0], "\nview:\n", view)
    (workspace / "cases" / "2027" / "again.yaml").write_bytes(cases(workspace)[9].read_bytes())
    whole_reads.clear()
    after = outputs(workspace)
    assert whole_reads == []  # made from the kept check, the two files parsed
    assert unviewed not in after["check",]
    assert "again.yaml" in after["check",]
    monkeypatch.setenv("SSVSSJ_WORKERS", "1")
    assert after == fresh(workspace, tmp_path, monkeypatch)

"""`check` over files the index knows answers from the rule facts kept for each file's bytes and
the rule settings kept for the settings files' bytes: nothing is parsed, no whole answer is
kept, and a planted, damaged or stale kept row changes no output (issue 15)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import ssvssj.store.index
import ssvssj.store.parallel
import ssvssj.store.store
from benchmarks.synthetic import make_workspace
from ssvssj.store.checked import CHECKED, RULE_SETTINGS
from ssvssj.store.index import index_path
from ssvssj.store.store import load_workspace
from tests.conftest import Cli
from tests.kept import with_empty_cache

ASKS: list[tuple[str, ...]] = [
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--strict"),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("facts") / "ws"
    make_workspace(root, 40, seed=7)
    (root / "cases" / "2026" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    first = sorted((root / "cases").rglob("*.yaml"))[0]
    (root / "cases" / "copies").mkdir()
    shutil.copy(first, root / "cases" / "copies" / first.name)  # a second file of the same id
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


def test_a_warm_check_parses_nothing_and_keeps_no_whole_answer(
    workspace: Path, parses: list[str], settled: None
) -> None:
    first = outputs(workspace)
    assert json.loads(first["check", "--format", "json"])["warnings"]
    assert "20261201-bad1.yaml" in first["check",]
    assert "cases/copies/" in first["check",]
    parses.clear()
    assert outputs(workspace) == first
    assert parses == []
    with sqlite3.connect(index_path(workspace)) as db:
        assert db.execute("SELECT count(*) FROM derived").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM facts").fetchone()[0] == 41


def test_one_changed_file_is_the_only_one_parsed_and_its_findings_follow(
    workspace: Path,
    parses: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = outputs(workspace)
    unviewed = _lines_with(before["check",], "[no-customer-view]")
    case = next(
        path for path in sorted((workspace / "cases").rglob("*.yaml")) if path.name in unviewed
    )
    text = case.read_text(encoding="utf-8")
    view = "\nview:\n- perspective: customer\n  lens: delivery\n  finding: 等太久。\n"
    case.write_text(text.replace("\nview:\n", view, 1), encoding="utf-8")
    parses.clear()
    after = outputs(workspace)
    assert parses == [case.relative_to(workspace).as_posix()]
    assert case.name not in _lines_with(after["check",], "[no-customer-view]")
    assert after != before
    assert after == fresh(workspace, tmp_path, monkeypatch)


def _lines_with(text: str, word: str) -> str:
    return "\n".join(line for line in text.splitlines() if word in line)


def test_the_rule_settings_follow_the_settings_file(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = outputs(workspace)
    config = workspace / "ssvssj.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "rules:\n  stale: error\n  overdue: off\n",
        encoding="utf-8",
    )
    after = outputs(workspace)
    assert after != before
    assert "[overdue]" not in after["check",]
    assert after == fresh(workspace, tmp_path, monkeypatch)


def _rewrite(root: Path, statement: str, *args: object) -> None:
    with sqlite3.connect(index_path(root)) as db:
        changed = db.execute(statement, args).rowcount
    assert changed > 0


def _forget_the_kept_check(root: Path) -> None:
    _rewrite(root, "DELETE FROM snapshots WHERE name = ?", f"kept:{CHECKED}")


@pytest.mark.parametrize(
    ("table", "body"),
    [
        ("rules", '[null, 0, {"stale": "off", "overdue": "off", "no-customer-view": "error"}]'),
        ("rules", "[[[["),
        ("rules", '["2000-01-01", -1, {}]'),
        ("facts", '["x", 1]'),
        ("facts", "[[[["),
        ("facts", "planted"),
    ],
)
def test_a_planted_or_damaged_kept_row_changes_no_output(
    workspace: Path, parses: list[str], settled: None, table: str, body: str
) -> None:
    tables = {"rules": "outcomes", "facts": "facts"}
    expected = outputs(workspace)
    _forget_the_kept_check(workspace)  # so that the rows are read
    if table == "rules":
        _rewrite(workspace, "UPDATE outcomes SET body = ? WHERE rel = ?", body, RULE_SETTINGS)
    else:
        _rewrite(workspace, "UPDATE facts SET body = ? WHERE rowid % 3 = 0", body)
    parses.clear()
    assert outputs(workspace) == expected
    if table == "facts":
        assert parses  # the files whose facts did not hold were parsed again
    with sqlite3.connect(index_path(workspace)) as db:
        assert (
            db.execute(f"SELECT count(*) FROM {tables[table]} WHERE body = ?", (body,)).fetchone()[
                0
            ]
            == 0
        )
    parses.clear()
    assert outputs(workspace) == expected
    assert parses == []  # and kept again


def test_facts_planted_under_a_true_mac_of_another_file_change_no_output(
    workspace: Path, settled: None
) -> None:
    """A row moved to another file's key fails its MAC (the MAC covers the keys)."""
    expected = outputs(workspace)
    _forget_the_kept_check(workspace)
    with sqlite3.connect(index_path(workspace)) as db:
        rows = db.execute("SELECT rowid, body, mac FROM facts ORDER BY rowid").fetchall()
        for (rowid, _, _), (_, body, mac) in zip(rows, rows[1:] + rows[:1], strict=True):
            db.execute("UPDATE facts SET body = ?, mac = ? WHERE rowid = ?", (body, mac, rowid))
    assert outputs(workspace) == expected


@pytest.mark.parametrize("workers", ["1", "2"])
def test_rows_sealed_where_the_files_were_checked_hold_on_the_next_run(
    workspace: Path,
    parses: list[str],
    settled: None,
    monkeypatch: pytest.MonkeyPatch,
    workers: str,
) -> None:
    """The MACs a worker made for the rows it checked are the index's own: the next run
    believes every row and parses nothing."""
    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    monkeypatch.setenv("SSVSSJ_WORKERS", workers)
    first = outputs(workspace)
    parses.clear()
    assert outputs(workspace) == first
    assert Cli(workspace)("case", "list", "--json").stdout
    assert parses == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_shown_in_parts_read_as_each_shown_whole(lang: str) -> None:
    """A finding's line is its file and its tail escaped apart and joined: the same line as
    the whole escaped, whatever control, invisible or line-breaking character either holds."""
    from ssvssj.cli.output import one_line, shown_findings, shown_name
    from ssvssj.i18n import set_language
    from ssvssj.store.findings import MethodFinding

    set_language(lang)
    odd = ["x\x1b]0;T\x07.yaml", "a\nb\t.yaml", "z\u200b\u202e.yaml", "c\\d.yaml", "plain.yaml"]
    messages = ["ok", "tab\there", "bell\x07 and \u2028 and \u200b", "line\nbreak"]
    findings = [
        MethodFinding(f"cases/{name}", line, field, "stale", "warning", message)
        for name in odd
        for line, field in [(None, None), (3, "solve[0].due"), (7, "view\x1b")]
        for message in messages
    ]
    expected = [one_line(f.text(shown_name(f.file))) for f in findings]
    assert list(shown_findings(findings)) == expected
    assert all("\n" not in line and "\x1b" not in line for line in expected)


def _kept_digests(root: Path) -> dict[str, set[tuple[str, ...]]]:
    with sqlite3.connect(index_path(root)) as db:
        kept = {
            table: set(db.execute(f"SELECT context, rel, digest FROM {table}").fetchall())
            for table in ("outcomes", "facts", "leans")
        }
        kept["documents"] = set(db.execute("SELECT digest FROM documents").fetchall())
    return kept


def test_what_a_changed_or_removed_file_held_is_dropped_from_the_index(
    workspace: Path, settled: None
) -> None:
    """The rows of bytes a file no longer holds go (and no row of another file with them); a
    change of settings (a new context) drops all the old ones."""
    cli = Cli(workspace)
    cli("check", code=1)
    cli("journey", "show")
    load_workspace(workspace)  # full cases: their documents are kept
    before = _kept_digests(workspace)
    cases = sorted((workspace / "cases").rglob("*.yaml"))
    changed, removed = cases[1], cases[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "tags: [改]\n", encoding="utf-8")
    removed.unlink()
    cli("check", code=1)
    cli("journey", "show")
    load_workspace(workspace)
    after = _kept_digests(workspace)
    for table in ("outcomes", "facts", "leans"):
        gone = before[table] - after[table]
        assert {rel for _, rel, _ in gone} == {
            changed.relative_to(workspace).as_posix(),
            removed.relative_to(workspace).as_posix(),
        }, table
        assert all(rel != removed.relative_to(workspace).as_posix() for _, rel, _ in after[table])
    outcome_digests = {(found,) for _, _, found in after["outcomes"]}
    assert after["documents"] <= outcome_digests
    assert len(before["documents"] - after["documents"]) == 2
    config = workspace / "ssvssj.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "stale_after_days: 9\n")
    cli("check", code=1)
    contexts = {
        context
        for table in ("outcomes", "facts", "leans")
        for context, _, _ in _kept_digests(workspace)[table]
    }
    assert len(contexts) == 1

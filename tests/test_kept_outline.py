"""`case list` reads every file's outcome from one kept value (store/outlines.py) rather than a
row a file. Whatever is kept, the list is the one an empty cache gives: warm, after one file
changed, after files were added, duplicated, broken or removed, and after the kept value was
planted, damaged, moved from another workspace or sealed with fields out of place (issue 15)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ssvssj.store.index
import ssvssj.store.outlines
from benchmarks.synthetic import make_workspace
from ssvssj.store.index import Index
from ssvssj.store.outlines import KEPT_AS
from tests.conftest import Cli
from tests.kept import kept_row, put_row, with_empty_cache

ASKS: list[tuple[str, ...]] = [
    ("case", "list", "--json"),
    ("case", "list", "--json", "--open"),
    ("case", "list", "--json", "--step", "split"),
    ("case", "list"),
    ("case", "list", "--open"),
]
ROW = f"kept:{KEPT_AS}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outline") / "ws"
    make_workspace(root, 41, seed=57)
    (root / "cases" / "2028").mkdir(parents=True)
    (root / "cases" / "2028" / "torn.yaml").write_text("title: [\n", encoding="utf-8")
    return root


@pytest.fixture
def workspace(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(generated, root)
    return root


def outputs(root: Path) -> dict[tuple[str, ...], tuple[str, str]]:
    cli = Cli(root)
    return {args: (lambda r: (r.stdout, r.stderr))(cli(*args)) for args in ASKS}


def fresh(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[tuple[str, ...], tuple[str, str]]:
    return with_empty_cache(lambda: outputs(root), tmp_path, monkeypatch)


def sealed(root: Path, value: object) -> None:
    """A kept outline for the context as it is, sealed under this user's key: only its fields
    stand between it and the output."""
    body, _ = kept_row(root, ROW)
    with Index(root) as index:
        index.keep(KEPT_AS, body[:40], value)


def cases(root: Path) -> list[Path]:
    return sorted(path for path in (root / "cases").rglob("*.yaml") if path.name != "torn.yaml")


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time every outcome of the index is read and verified, row by row."""
    reads: list[str] = []
    original = Index.outcomes

    def counting(self: Index, context: str, problems_only: bool = False):  # type: ignore[no-untyped-def]
        reads.append(context)
        return original(self, context, problems_only)

    monkeypatch.setattr(Index, "outcomes", counting)
    return reads


def test_a_warm_list_reads_one_kept_value_and_gives_what_an_empty_cache_gives(
    workspace: Path,
    parses: list[str],
    whole_reads: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = outputs(workspace)
    assert "1 " in first["case", "list", "--json"][1]  # torn.yaml's problem, told
    parses.clear()
    whole_reads.clear()
    assert outputs(workspace) == first
    assert parses == []
    assert whole_reads == []
    assert first == fresh(workspace, tmp_path, monkeypatch)


def test_one_changed_case_is_parsed_alone_and_the_list_follows(
    workspace: Path,
    parses: list[str],
    whole_reads: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = outputs(workspace)
    case = cases(workspace)[7]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\ntitle: ", "\ntitle: 换了标题 ", 1), encoding="utf-8")
    parses.clear()
    whole_reads.clear()
    after = outputs(workspace)
    assert parses == [case.relative_to(workspace).as_posix()]
    assert whole_reads == []
    assert after != before
    assert "换了标题" in after["case", "list", "--json"][0]
    assert after == fresh(workspace, tmp_path, monkeypatch)
    case.write_text(text, encoding="utf-8")
    assert outputs(workspace) == before


def test_files_added_duplicated_broken_and_gone_follow(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = outputs(workspace)
    first, gone, broken = cases(workspace)[:3]
    (workspace / "cases" / "2028" / "again.yaml").write_bytes(first.read_bytes())
    gone.unlink()
    broken.write_text(broken.read_text(encoding="utf-8") + "stray: [\n", encoding="utf-8")
    after = outputs(workspace)
    listed = after["case", "list", "--json"]
    assert gone.name in before["case", "list", "--json"][0]
    assert gone.name not in listed[0]
    assert broken.name not in listed[0]
    assert "again.yaml" not in listed[0]
    assert "3 " in listed[1]  # torn.yaml, the broken case and the second file of an id
    assert after == fresh(workspace, tmp_path, monkeypatch)
    assert outputs(workspace) == after


def test_the_language_follows_the_settings(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = outputs(workspace)
    config = workspace / "ssvssj.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("language: zh", "language: en"), "utf-8"
    )
    after = outputs(workspace)
    assert after["case", "list"] != before["case", "list"]
    assert after == fresh(workspace, tmp_path, monkeypatch)
    assert outputs(workspace) == after


def test_a_warm_list_answers_from_the_kept_outline(workspace: Path, settled: None) -> None:
    """What makes the tests above bite: a kept outline sealed under this user's key is what a
    warm list shows (the key is what makes a value the user's own)."""
    outputs(workspace)
    value = json.loads(kept_row(workspace, ROW)[0][40:])
    value["columns"][value["keys"].index("title")][0] = "只在索引里的标题"
    sealed(workspace, value)
    assert "只在索引里的标题" in outputs(workspace)["case", "list", "--json"][0]


@pytest.mark.parametrize(
    "planted",
    [
        "body changed",
        "mac of another body",
        "not json",
        "from another workspace",
        "a row of another id, sealed",
        "a row without its step, sealed",
        "a column cut short, sealed",
        "a column that is no list, sealed",
        "problems of another shape, sealed",
        "settings of another shape, sealed",
        "an entry cut short, sealed",
        "no files, sealed",
    ],
)
def test_a_planted_damaged_or_foreign_kept_outline_changes_no_output(
    workspace: Path, settled: None, tmp_path: Path, planted: str
) -> None:
    expected = outputs(workspace)
    body, mac = kept_row(workspace, ROW)
    value = json.loads(body[40:])
    bodies, keys, columns = value["bodies"], value["keys"], value["columns"]
    invalid = next(at for at, case_id in enumerate(value["ids"]) if case_id is None)
    if planted == "body changed":
        put_row(workspace, ROW, body.replace('"title":"', '"title":"x', 1), mac)
    elif planted == "mac of another body":
        put_row(
            workspace,
            ROW,
            body[:40] + '{"settings":[],"rels":[],"digests":[],"ids":[],"bodies":[]}',
            mac,
        )
    elif planted == "not json":
        put_row(workspace, ROW, body[:40] + "{{{{", mac)
    elif planted == "from another workspace":
        other = tmp_path / "other"
        shutil.copytree(workspace, other)
        cases(other)[0].unlink()
        Cli(other)("case", "list", "--json")
        foreign, foreign_mac = kept_row(other, ROW)
        put_row(workspace, ROW, body[:40] + foreign[40:], foreign_mac)
    else:
        if planted == "a row of another id, sealed":
            columns[keys.index("id")][0] = "20990101-zzzz"
        elif planted == "a row without its step, sealed":
            del columns[keys.index("step")]
            keys.remove("step")
        elif planted == "a column cut short, sealed":
            columns[keys.index("title")].pop()
        elif planted == "a column that is no list, sealed":
            columns[keys.index("tags")] = "tags"
        elif planted == "problems of another shape, sealed":
            bodies[invalid] = [["torn.yaml", "one"]]
        elif planted == "settings of another shape, sealed":
            value["settings"] = {"not": "problems"}
        elif planted == "an entry cut short, sealed":
            value["ids"] = value["ids"][:-1]
        else:
            value["rels"] = "none"
        sealed(workspace, value)
        assert kept_row(workspace, ROW)[0] != body
    assert outputs(workspace) == expected
    assert kept_row(workspace, ROW)[0] == body  # made again, and kept


def test_an_outline_too_large_to_keep_changes_nothing(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = outputs(workspace)
    monkeypatch.setattr(ssvssj.store.index, "MAX_SNAPSHOT_BYTES", 10)
    assert outputs(workspace) == expected


def test_a_few_changed_files_are_looked_up_alone_and_the_outline_kept_as_it_is(
    workspace: Path,
    parses: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outputs(workspace)
    body = kept_row(workspace, ROW)[0]
    changed = cases(workspace)[10:13]
    for number, case in enumerate(changed):
        text = case.read_text(encoding="utf-8")
        case.write_text(text.replace("\ntitle: ", f"\ntitle: 第{number}次 ", 1), "utf-8")
    parses.clear()
    after = outputs(workspace)
    assert sorted(parses) == [case.relative_to(workspace).as_posix() for case in changed]
    assert kept_row(workspace, ROW)[0] == body
    assert after == fresh(workspace, tmp_path, monkeypatch)
    monkeypatch.setattr(ssvssj.store.outlines, "KEPT_DRIFT", 2)
    assert outputs(workspace) == after
    assert kept_row(workspace, ROW)[0] != body

"""What the map, the blueprint and the Mermaid journey show of each touchpoint's cases is kept
per touchpoint under a hash of what it is made from: a warm export reads no case, one changed
case has only its touchpoint's cases read again, and whatever the index holds, every export is
byte for byte the one made from the files with an empty cache."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ssvssj.store.index
import ssvssj.store.leans
import ssvssj.store.parts
from benchmarks.synthetic import make_workspace
from ssvssj.journey.blueprint import CELLS
from ssvssj.journey.exports import export
from ssvssj.journey.infer import Journey
from ssvssj.journey.map_data import SPOTTED
from ssvssj.journey.parts import Kind, parts_from_cases
from ssvssj.journey.shapes import NotKept
from ssvssj.store.index import encode, index_path, open_index
from ssvssj.store.store import load_workspace
from tests.conftest import Cli
from tests.kept import fresh_output, with_empty_cache

SHOWN = ("blueprint", "svg", "html", "mermaid-journey")
EXPORTS = [("journey", "export", "--format", fmt) for fmt in SHOWN]


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    root = tmp_path / "ws"
    make_workspace(root, 60, 11)
    return root


@pytest.fixture
def leans_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The id of every lean case read back from the index."""
    seen: list[str] = []
    original = ssvssj.store.leans.lean_from_body

    def counting(body: str, case_id: str | None):  # type: ignore[no-untyped-def]
        seen.append(case_id or "")
        return original(body, case_id)

    monkeypatch.setattr(ssvssj.store.leans, "lean_from_body", counting)
    return seen


def each_kind() -> list[Kind[Any]]:
    return [SPOTTED, CELLS]


@pytest.mark.parametrize("seed", [3, 2026])
def test_parts_read_back_as_made_and_render_as_the_cases_do(tmp_path: Path, seed: int) -> None:
    from ssvssj.journey.infer import Filters, infer

    make_workspace(tmp_path / "ws", 80, seed)
    workspace = load_workspace(tmp_path / "ws", use_cache=False)
    for filters in (Filters(), Filters(tag="销售"), Filters(min_count=2)):
        journey = infer(
            workspace.cases, workspace.vocabulary, filters, "zh", workspace.agreed, workspace.causes
        )
        made = parts_from_cases(journey)

        def read_back(kind: Kind[Any], journey: Journey = journey) -> dict[str, Any]:
            return {
                name: kind.from_json(json.loads(encode(kind.as_json(part))))
                for name, part in parts_from_cases(journey)(kind).items()
            }

        for kind in each_kind():
            assert read_back(kind) == made(kind)
        for fmt in SHOWN:
            assert export(journey, fmt, "工作区", parts=read_back) == export(journey, fmt, "工作区")


@pytest.mark.parametrize("kind", each_kind(), ids=lambda kind: kind.name)
@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        "x",
        [1, 2, 3],
        {"a": 1},
        [[], [], []],
        [0, 1.0, None, [], None],
        ["", [], []],
        ["", ["x"] * 9, ["id"], [], []],
        ["", ["x"] * 9, ["id"], ["place"], [3]],
        [0, 1.0, None, [[5, "x"], [5]], None, []],
        [0, 1, None, [], None, []],
    ],
)
def test_data_of_another_shape_is_no_part(kind: Kind[Any], value: Any) -> None:
    with pytest.raises(NotKept):
        kind.from_json(value)


def test_a_warm_export_reads_no_case(generated: Path, leans_read: list[str]) -> None:
    cli = Cli(generated)
    first = {args: cli(*args).stdout for args in EXPORTS}
    leans_read.clear()
    for args in EXPORTS:
        assert cli(*args).stdout == first[args]
    assert leans_read == []


def _spotted_with(root: Path, case: Path) -> set[str]:
    """The ids of the cases spotted where `case` is, as the journey JSON tells them."""
    from ssvssj.journey.infer import infer

    workspace = load_workspace(root, use_cache=False)
    journey = infer(workspace.cases, workspace.vocabulary, None, "en", workspace.agreed)
    own = case.name.removesuffix(".yaml")
    return {i for i, place in journey.spots.items() if place == journey.spots[own]}


@pytest.mark.parametrize("args", EXPORTS, ids=SHOWN)
def test_one_changed_pain_reads_only_its_touchpoints_cases(
    generated: Path, tmp_path: Path, leans_read: list[str], args: tuple[str, ...]
) -> None:
    cli = Cli(generated)
    cli(*args)
    case = sorted((generated / "cases").rglob("*.yaml"))[5]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n  problem: ", "\n  problem: 改过的痛点", 1), encoding="utf-8")
    expected = fresh_output(generated, tmp_path, *args)
    leans_read.clear()
    assert cli(*args).stdout == expected
    assert leans_read and set(leans_read) <= _spotted_with(generated, case)
    leans_read.clear()
    assert cli(*args).stdout == expected
    assert leans_read == []


def test_a_changed_cause_elsewhere_shows_where_its_detail_lies(
    example: Path, tmp_path: Path
) -> None:
    """A detail placed by `at` lies at another touchpoint than its case's: changing it changes
    that touchpoint's causes."""
    cli = Cli(example)
    args = ("journey", "export", "--format", "blueprint")
    before = cli(*args).stdout
    case = example / "cases" / "20261102-k3f9.yaml"
    text = case.read_text(encoding="utf-8")
    assert "    at: 预约试驾\n    cause: 预约数据不同步\n" in text
    case.write_text(text.replace("cause: 预约数据不同步", "cause: 预约数据总是不同步"), "utf-8")
    after = cli(*args).stdout
    assert after == fresh_output(example, tmp_path, *args)
    assert "预约数据总是不同步" in after and after != before


def test_a_vocabulary_change_makes_the_parts_again(example: Path, tmp_path: Path) -> None:
    """The showroom becomes a spelling of the front desk: cases move, and so do their parts."""
    cli = Cli(example)
    before = {args: cli(*args).stdout for args in EXPORTS}
    vocabulary = example / "touchpoints.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    merged = text.replace("aliases: [前台, 接待台]", "aliases: [前台, 接待台, 展厅]")
    merged = merged.replace("  展厅:\n    owner: 销售部\n    channel: 门店\n", "")
    assert merged.count("展厅") == 1
    vocabulary.write_text(merged, "utf-8")
    for args in EXPORTS:
        after = cli(*args).stdout
        assert after == fresh_output(example, tmp_path, *args), args
        assert after != before[args], args


def _damage(root: Path, how: str) -> None:
    with sqlite3.connect(index_path(root)) as db:
        rows = db.execute("SELECT key, body FROM parts ORDER BY key").fetchall()
        assert len(rows) > 1
        for at, (key, body) in enumerate(rows):
            if how == "flip":
                middle = len(body) // 2
                body = body[:middle] + chr(ord(body[middle]) ^ 1) + body[middle + 1 :]
            elif how == "swap":
                body = rows[(at + 1) % len(rows)][1]
            elif how == "plant":
                db.execute("UPDATE parts SET mac = ? WHERE key = ?", ("0" * 40, key))
                body = body.replace("1", "2")
            db.execute("UPDATE parts SET body = ? WHERE key = ?", (body, key))


@pytest.mark.parametrize("how", ["flip", "swap", "plant"])
def test_damaged_parts_change_no_output(generated: Path, tmp_path: Path, how: str) -> None:
    cli = Cli(generated)
    expected = {args: fresh_output(generated, tmp_path, *args) for args in EXPORTS}
    for args in EXPORTS:
        assert cli(*args).stdout == expected[args]
    _damage(generated, how)
    for args in EXPORTS:
        assert cli(*args).stdout == expected[args], args
        assert cli(*args).stdout == expected[args], args


@pytest.mark.parametrize(
    "sealed",
    [
        lambda body: "[]",
        lambda body: body.replace("[", "[[", 1),
        lambda body: encode([*json.loads(body)[:-1], 7]),
        lambda body: encode(json.loads(body)[::-1]),
    ],
    ids=["empty", "nested", "wrong-type", "reversed"],
)
def test_a_verified_part_of_another_shape_is_made_again(
    generated: Path, tmp_path: Path, sealed: Callable[[str], str]
) -> None:
    """A part under this user's MAC that does not read back as a part is made again."""
    cli = Cli(generated)
    expected = {args: fresh_output(generated, tmp_path, *args) for args in EXPORTS}
    for args in EXPORTS:
        cli(*args)
    with sqlite3.connect(index_path(generated)) as db:
        rows = db.execute("SELECT key, body FROM parts").fetchall()
    index = open_index(generated)
    assert index is not None and rows
    index.keep_parts({key: sealed(body) for key, body in rows}, [])
    index.close()
    for args in EXPORTS:
        assert cli(*args).stdout == expected[args], args


def run(root: Path, cache: Path, *args: str) -> bytes:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "ssvssj", *args], cwd=root, env=env, capture_output=True, check=True
    )
    return done.stdout


def test_exports_in_real_processes_equal_those_of_an_empty_cache(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Warm, after a changed pain, and over a damaged index, a real process gives the bytes a
    process with an empty cache gives."""
    cache = tmp_path / "cache"
    for args in EXPORTS:
        run(generated, cache, *args)
    case = sorted((generated / "cases").rglob("*.yaml"))[7]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n  problem: ", "\n  problem: 新的说法", 1), encoding="utf-8")
    expected = {args: run(generated, tmp_path / f"empty-{args[-1]}", *args) for args in EXPORTS}
    for args in EXPORTS:
        assert run(generated, cache, *args) == expected[args]
        assert run(generated, cache, *args) == expected[args]
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    _damage(generated, "flip")
    for args in EXPORTS:
        assert run(generated, cache, *args) == expected[args]


def test_the_xlsx_blueprint_shows_what_the_csv_one_does(generated: Path, tmp_path: Path) -> None:
    cli = Cli(generated)
    args = ("journey", "export", "--format", "blueprint", "-o")
    cli(*args, str(tmp_path / "first.xlsx"))
    case = sorted((generated / "cases").rglob("*.yaml"))[9]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n  problem: ", "\n  problem: 表格里的", 1), encoding="utf-8")
    cli(*args, str(tmp_path / "kept.xlsx"))
    fresh_output(generated, tmp_path, *args, str(tmp_path / "fresh.xlsx"))
    kept = (tmp_path / "kept.xlsx").read_bytes()
    assert kept == (tmp_path / "fresh.xlsx").read_bytes()
    assert kept != (tmp_path / "first.xlsx").read_bytes()


def test_the_parts_used_longest_ago_make_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssvssj.store.index, "KEEP_PARTS", 5)
    monkeypatch.setattr(ssvssj.store.index, "KEEP_PART_TEXT", 40)
    index = open_index(tmp_path)
    assert index is not None
    index.keep_parts({f"old{n}": "[1]" for n in range(4)}, [])
    index.keep_parts({f"new{n}": "[2]" for n in range(4)}, ["old0"])
    assert set(index.parts([f"{age}{n}" for age in ("old", "new") for n in range(4)])) == {
        "old0",
        *(f"new{n}" for n in range(4)),
    }
    index.keep_parts({"long": "[" + "3" * 30 + "]"}, [])
    kept = {"long", "new0", "new1"}  # 32, 35 and 38 characters; ties go by key
    assert set(index.parts(["long", "old0", "new0", "new1", "new2", "new3"])) == kept
    index.close()


def test_a_detail_placed_by_a_new_spelling_remakes_only_its_own_touchpoints_part(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a detail lies is settled when the rows are made: a spelling no case used before
    (the journey is inferred again) changes no other touchpoint's part, and the detail still
    lies where its spelling names."""
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    read: list[str] = []
    original = ssvssj.store.parts._cases

    def counting(found, ids):  # type: ignore[no-untyped-def]
        read.extend(ids)
        return original(found, ids)

    monkeypatch.setattr(ssvssj.store.parts, "_cases", counting)
    cli = Cli(example)
    args = ("journey", "export", "--format", "blueprint")
    cli(*args)
    case = example / "cases" / "20261102-k3f9.yaml"
    text = case.read_text(encoding="utf-8")
    assert "在线预约" not in "".join(p.read_text("utf-8") for p in (example / "cases").iterdir())
    case.write_text(text.replace("    at: 预约试驾\n", "    at: 在线预约\n"), "utf-8")
    expected = fresh_output(example, tmp_path, *args)
    read.clear()
    assert cli(*args).stdout == expected
    assert read and set(read) == _spotted_with(example, case)


def _whole_blueprint(root: Path) -> bytes:
    """The blueprint as one sheet: every row made from the cases, written by the csv module."""
    from ssvssj.journey.blueprint import blueprint_rows, to_blueprint_csv
    from ssvssj.journey.infer import infer

    workspace = load_workspace(root, use_cache=False)
    journey = infer(
        workspace.cases,
        workspace.vocabulary,
        None,
        workspace.language,
        workspace.agreed,
        workspace.causes,
    )
    return b"\xef\xbb\xbf" + to_blueprint_csv(blueprint_rows(journey)).encode()


@pytest.mark.parametrize("seed", [5, 404])
def test_the_streamed_blueprint_is_the_whole_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Written a piece at a time from kept parts (empty cache, warm, one case changed, to a
    file), the blueprint is byte for byte the sheet the csv module writes of every row, with
    cells that need quoting: commas, quotes, line breaks, a formula's first character."""
    root = tmp_path / "ws"
    make_workspace(root, 70, seed)
    cases = sorted((root / "cases").rglob("*.yaml"))
    text = cases[2].read_text(encoding="utf-8")
    awkward = '  problem: "\\"引号\\", 逗号,\\r\\n换行 \\"\\"双引号\\"\\""'
    cases[2].write_text(re.sub("(?m)^  problem: .*$", lambda _: awkward, text), "utf-8")
    (root / "cases" / "20261130-evil.yaml").write_text(
        "schema_version: 1\nid: 20261130-evil\ntitle: x\ncreated: 2026-11-30\n"
        "spot:\n  touchpoint: '=公式'\n  problem: '+1+2'\n  evidence: ['@SUM(A1)', '-3']\n"
        "scene:\n  goal: '-目标'\n",
        encoding="utf-8",
    )
    cli = Cli(root)
    args = ("journey", "export", "--format", "blueprint")
    whole = _whole_blueprint(root)
    assert '""引号"", 逗号, 换行 """"双引号""""'.encode() in whole
    assert "'=公式,".encode() in whole and ",'-目标,".encode() in whole
    assert with_empty_cache(lambda: cli(*args).stdout_bytes, tmp_path, monkeypatch) == whole
    assert cli(*args).stdout_bytes == whole
    assert cli(*args).stdout_bytes == whole
    text = cases[6].read_text(encoding="utf-8")
    cases[6].write_text(text.replace("\n  problem: ", '\n  problem: 改, "过"', 1), "utf-8")
    whole = _whole_blueprint(root)
    assert cli(*args).stdout_bytes == whole
    cli(*args, "-o", str(tmp_path / "sheet.csv"))
    assert (tmp_path / "sheet.csv").read_bytes() == whole


def test_one_touchpoints_cases_are_looked_up_alone_and_most_cases_in_one_pass(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past a few, the lean cases a part is made from again are looked up one by one while
    they are a small share of those the index holds, and read in one pass over all of them
    when they are most: either way the export is the one an empty cache gives."""
    monkeypatch.setattr(ssvssj.store.leans, "FEW_LEANS", 1)
    asked: list[int | None] = []
    original = ssvssj.store.index.Index.leans

    def counting(self, context, only=None):  # type: ignore[no-untyped-def]
        asked.append(None if only is None else len(only))
        return original(self, context, only)

    monkeypatch.setattr(ssvssj.store.index.Index, "leans", counting)
    args = ("journey", "export", "--format", "blueprint")
    cli = Cli(generated)
    cli(*args)
    case = sorted((generated / "cases").rglob("*.yaml"))[5]
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("\n  problem: ", "\n  problem: 又改了", 1), encoding="utf-8")
    expected = fresh_output(generated, tmp_path, *args)
    asked.clear()
    assert cli(*args).stdout == expected
    spotted = len(_spotted_with(generated, case))
    assert spotted > 1 and spotted * 4 <= 60
    assert spotted in asked and None not in asked
    monkeypatch.setattr(ssvssj.store.leans, "FEW_LEANS_SHARE", 100)
    case.write_text(text.replace("\n  problem: ", "\n  problem: 再改", 1), encoding="utf-8")
    expected = fresh_output(generated, tmp_path, *args)
    asked.clear()
    assert cli(*args).stdout == expected
    assert None in asked and spotted not in asked


@pytest.mark.parametrize("args", EXPORTS, ids=SHOWN)
def test_the_cases_of_parts_made_with_an_empty_cache_are_read_in_runs(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """With an empty cache every part is made: its cases are read a run of places at a time
    (a run holds at most PART_CASES cases, or one place of more), each case once, and the
    export is the one made with every case read at once."""
    whole = fresh_output(generated, tmp_path, *args)
    monkeypatch.setattr(ssvssj.store.parts, "PART_CASES", 7)
    runs: list[list[str]] = []
    original = ssvssj.store.parts._cases

    def counting(found, ids):  # type: ignore[no-untyped-def]
        runs.append(list(ids))
        return original(found, ids)

    monkeypatch.setattr(ssvssj.store.parts, "_cases", counting)
    assert fresh_output(generated, tmp_path, *args) == whole
    read = [case_id for run in runs for case_id in run]
    assert len(runs) > 2 and len(read) == len(set(read)) == 60
    from ssvssj.journey.infer import infer

    workspace = load_workspace(generated, use_cache=False)
    journey = infer(workspace.cases, workspace.vocabulary, None, "en", workspace.agreed)
    assert all(len(run) <= 7 or len({journey.spots[i] for i in run}) == 1 for run in runs)

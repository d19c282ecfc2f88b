"""A journey made again after files changed learns which files are valid cases, and the digest
of what inferring reads of each, from one kept value of lean heads (store/leans.py) rather than
from a lean row a file. Whatever is kept, every journey output is the one an empty cache gives:
after a change inference does not read, after one it does, after files were added, duplicated,
broken or removed, and after the kept heads were planted, damaged, moved from another workspace
or sealed with fields out of place (issue 15)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ssvssj.store.leans
from benchmarks.synthetic import make_workspace
from ssvssj.store.index import Index
from ssvssj.store.leans import HEADS
from tests.conftest import Cli
from tests.kept import kept_row, put_row, with_empty_cache

ASKS: list[tuple[str, ...]] = [
    ("journey", "show"),
    ("journey", "show", "--json"),
    ("touchpoints", "--json"),
    ("journey", "export", "--format", "graphml"),
    ("journey", "export", "--format", "csv"),
    ("journey", "variants", "--json"),
]
ROW = f"kept:{HEADS}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("heads") / "ws"
    make_workspace(root, 38, seed=91)
    (root / "cases" / "2029").mkdir(parents=True)
    (root / "cases" / "2029" / "torn.yaml").write_text("spot: [\n", encoding="utf-8")
    return root


@pytest.fixture
def workspace(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(generated, root)
    return root


def outputs(root: Path) -> dict[tuple[str, ...], tuple[bytes, str]]:
    cli = Cli(root)
    done = {}
    for args in ASKS:
        result = cli(*args)
        done[args] = (result.stdout_bytes, result.stderr)
    return done


def fresh(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[tuple[str, ...], tuple[bytes, str]]:
    return with_empty_cache(lambda: outputs(root), tmp_path, monkeypatch)


def sealed(root: Path, value: object) -> None:
    """Kept heads for the context as it is, sealed under this user's key."""
    body, _ = kept_row(root, ROW)
    with Index(root) as index:
        index.keep(HEADS, body[:40], value)


def cases(root: Path) -> list[Path]:
    return sorted(path for path in (root / "cases").rglob("*.yaml") if path.name != "torn.yaml")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def made_again(root: Path) -> None:
    """A change that makes the next journey be made again from the heads: the kept heads are
    read only when the files' hash is new."""
    edit(cases(root)[-1], "\ntitle: ", "\ntitle: 又改了 ")


@pytest.fixture
def lean_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time every lean row of the index is read and verified, row by row."""
    reads: list[str] = []
    original = Index.leans

    def counting(self: Index, context: str, only=None):  # type: ignore[no-untyped-def]
        if only is None:
            reads.append(context)
        return original(self, context, only)

    monkeypatch.setattr(Index, "leans", counting)
    return reads


def test_one_changed_title_is_parsed_alone_and_no_lean_row_is_read(
    workspace: Path,
    parses: list[str],
    lean_reads: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outputs(workspace)
    case = cases(workspace)[4]
    edit(case, "\ntitle: ", "\ntitle: 新的标题 ")
    parses.clear()
    lean_reads.clear()
    after = outputs(workspace)
    assert parses == [case.relative_to(workspace).as_posix()]
    assert lean_reads == []
    assert after == fresh(workspace, tmp_path, monkeypatch)


def test_a_change_inference_reads_makes_the_journey_again(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = outputs(workspace)
    case = cases(workspace)[9]
    text = case.read_text(encoding="utf-8")
    at = text.index("\n  severity: ") + len("\n  severity: ")
    severity = "1" if text[at] != "1" else "5"
    case.write_text(text[:at] + severity + text[at + 1 :], encoding="utf-8")
    after = outputs(workspace)
    assert after != before
    assert after == fresh(workspace, tmp_path, monkeypatch)


def test_files_added_duplicated_broken_and_gone_follow(
    workspace: Path, settled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs(workspace)
    first, gone, broken = cases(workspace)[:3]
    (workspace / "cases" / "2029" / "again.yaml").write_bytes(first.read_bytes())
    gone.unlink()
    broken.write_text(broken.read_text(encoding="utf-8") + "stray: [\n", encoding="utf-8")
    after = outputs(workspace)
    assert after == fresh(workspace, tmp_path, monkeypatch)
    made_again(workspace)
    assert outputs(workspace) == fresh(workspace, tmp_path, monkeypatch)


def test_a_journey_made_again_follows_the_kept_heads(workspace: Path, settled: None) -> None:
    """What makes the tests below bite: kept heads sealed under this user's key are what a
    journey made again reads (here: a valid case told as a file of problems is left out)."""
    outputs(workspace)
    made_again(workspace)
    outputs(workspace)
    value = json.loads(kept_row(workspace, ROW)[0][40:])
    shown = json.loads(outputs(workspace)["journey", "show", "--json"][0])
    at = next(at for at, case_id in enumerate(value["ids"]) if case_id is not None)
    value["ids"][at], value["heads"][at] = None, []
    sealed(workspace, value)
    made_again(workspace)
    assert json.loads(outputs(workspace)["journey", "show", "--json"][0]) != shown


@pytest.mark.parametrize(
    "planted",
    [
        "body changed",
        "mac of another body",
        "not json",
        "from another workspace",
        "an id as a number, sealed",
        "problems of another shape, sealed",
        "an entry cut short, sealed",
        "a list, sealed",
        "facts as a number, sealed",
    ],
)
def test_planted_damaged_or_foreign_kept_heads_change_no_output(
    workspace: Path,
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    planted: str,
) -> None:
    outputs(workspace)
    made_again(workspace)
    outputs(workspace)
    body, mac = kept_row(workspace, ROW)
    value = json.loads(body[40:])
    valid = next(at for at, case_id in enumerate(value["ids"]) if case_id is not None)
    invalid = next(at for at, case_id in enumerate(value["ids"]) if case_id is None)
    if planted == "body changed":
        put_row(workspace, ROW, body[:40] + body[40:].replace('"cases/', '"cases/x', 1), mac)
    elif planted == "mac of another body":
        put_row(workspace, ROW, body[:40] + "[]", mac)
    elif planted == "not json":
        put_row(workspace, ROW, body[:40] + "[[[[", mac)
    elif planted == "from another workspace":
        other = tmp_path / "other"
        shutil.copytree(workspace, other)
        cases(other)[0].unlink()
        Cli(other)("journey", "show")
        made_again(other)
        Cli(other)("journey", "show")
        foreign, foreign_mac = kept_row(other, ROW)
        put_row(workspace, ROW, body[:40] + foreign[40:], foreign_mac)
    else:
        if planted == "an id as a number, sealed":
            value["ids"][valid] = 7
        elif planted == "problems of another shape, sealed":
            value["heads"][invalid] = [["torn.yaml", "one"]]
        elif planted == "facts as a number, sealed":
            value["heads"][valid] = 7
        elif planted == "an entry cut short, sealed":
            value["heads"] = value["heads"][:-1]
        else:
            value = [value]
        sealed(workspace, value)
    made_again(workspace)
    assert outputs(workspace) == fresh(workspace, tmp_path, monkeypatch)


def test_a_few_changed_files_are_looked_up_alone_and_the_heads_kept_as_they_are(
    workspace: Path,
    parses: list[str],
    lean_reads: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outputs(workspace)
    made_again(workspace)
    outputs(workspace)
    body = kept_row(workspace, ROW)[0]
    changed = cases(workspace)[10:13]
    for number, case in enumerate(changed):
        edit(case, "\ntitle: ", f"\ntitle: 第{number}次 ")
    parses.clear()
    lean_reads.clear()
    after = outputs(workspace)
    made_again(workspace)
    again = outputs(workspace)
    assert sorted(parses) == sorted(
        [case.relative_to(workspace).as_posix() for case in [*changed, cases(workspace)[-1]]]
    )
    assert lean_reads == []
    assert kept_row(workspace, ROW)[0] == body
    assert after == again == fresh(workspace, tmp_path, monkeypatch)
    monkeypatch.setattr(ssvssj.store.leans, "KEPT_DRIFT", 2)
    made_again(workspace)
    assert outputs(workspace) == fresh(workspace, tmp_path, monkeypatch)
    assert kept_row(workspace, ROW)[0] != body


def test_a_head_whose_lean_row_was_dropped_is_parsed_alone(
    workspace: Path,
    parses: list[str],
    settled: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file changed and changed back while the heads stayed as they were: the index keeps
    the lean row of its newest bytes only, so the head of its old bytes leads nowhere."""
    cli = Cli(workspace)
    outputs(workspace)
    changed, other = cases(workspace)[5], cases(workspace)[6]
    text = changed.read_text(encoding="utf-8")
    edit(changed, "\ntitle: ", "\ntitle: 暂时 ")
    cli("journey", "show")
    changed.write_text(text, encoding="utf-8")
    parses.clear()
    cli("journey", "export", "--format", "graphml")  # read back for these bytes: no parse
    assert parses == []
    edit(other, "\ntitle: ", "\ntitle: 另一个 ")
    parses.clear()
    after = outputs(workspace)
    assert sorted(parses) == sorted(p.relative_to(workspace).as_posix() for p in (changed, other))
    assert after == fresh(workspace, tmp_path, monkeypatch)


def test_a_file_of_problems_is_told_by_its_head_alone(
    workspace: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that is no valid case has no lean row: its head tells its problems, and it is
    never looked up alone."""
    outputs(workspace)
    made_again(workspace)
    outputs(workspace)
    asked: list[str] = []
    original = Index.outcomes_of

    def counting(self: Index, context: str, keys):  # type: ignore[no-untyped-def]
        keys = list(keys)
        asked.extend(rel for rel, _ in keys)
        return original(self, context, keys)

    monkeypatch.setattr(Index, "outcomes_of", counting)
    made_again(workspace)
    after = outputs(workspace)
    assert "1 " in after["journey", "show"][1]  # torn.yaml's problem, told
    assert not [rel for rel in asked if rel.endswith("torn.yaml")]

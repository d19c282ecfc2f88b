"""The overview reports (journey, portfolio, index) read each touchpoint's cases from a part kept
under a hash of what it is made from (reports/rows.py): warm, they read no lean case; after one
case changed, only its touchpoint's cases; and whatever the index holds, every report is byte
for byte the one made from the files with an empty cache."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ssvssj.reports.sets
import ssvssj.store.index
import ssvssj.store.leans
from benchmarks.synthetic import make_workspace
from ssvssj.journey.infer import Filters, infer
from ssvssj.journey.parts import parts_from_cases
from ssvssj.journey.shapes import NotKept
from ssvssj.reports.render import environment
from ssvssj.reports.rows import REPORT_CASES, report_case_json
from ssvssj.reports.sets import Reports
from ssvssj.reports.stages import STAGE_PARTS
from ssvssj.store.index import encode, index_path
from ssvssj.store.store import load_workspace
from tests.conftest import Cli
from tests.kept import fresh_output

OVERVIEWS = [("report", kind) for kind in ("journey", "portfolio", "index")]


@pytest.fixture(params=[11, 2026])
def generated(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    root = tmp_path / "ws"
    make_workspace(root, 60, request.param)
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


def _change(root: Path, at: int, old: str, new: str) -> Path:
    case = sorted((root / "cases").rglob("*.yaml"))[at]
    text = case.read_text(encoding="utf-8")
    assert old in text
    case.write_text(text.replace(old, new, 1), encoding="utf-8")
    return case


def _folder(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("seed", [3, 2026])
def test_report_cases_read_back_as_made_and_report_as_the_cases_do(
    tmp_path: Path, seed: int
) -> None:
    make_workspace(tmp_path / "ws", 80, seed)
    workspace = load_workspace(tmp_path / "ws", use_cache=False)
    for filters in (Filters(), Filters(tag="销售"), Filters(min_count=2)):
        journey = infer(
            workspace.cases, workspace.vocabulary, filters, "zh", workspace.agreed, workspace.causes
        )
        made = parts_from_cases(journey)(REPORT_CASES)
        for name, part in made.items():
            kept = REPORT_CASES.from_json(json.loads(encode(REPORT_CASES.as_json(part))))
            assert [report_case_json(c) for c in kept] == [report_case_json(c) for c in part]
            assert len(part) == len(journey.touchpoint(name).cases) or name not in {
                t.name for t in journey.touchpoints
            }
        stages = parts_from_cases(journey)(STAGE_PARTS)
        for part in stages.values():
            assert STAGE_PARTS.from_json(json.loads(encode(STAGE_PARTS.as_json(part)))) == part
        from_cases = Reports(journey, "工作区", "zh", None)
        from_parts = Reports(journey, "工作区", "zh", None, parts=parts_from_cases(journey))
        for kind in ("journey", "portfolio", "index"):
            assert from_parts.overview(kind) == from_cases.overview(kind)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "x",
        [None],
        [[]],
        [["id"] * 11],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", "a", 9], None, [], []]],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", "a", 3], [1, 0], [], []]],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", "a", 3], None, [], [[]]]],
        [["id", "t", "2026-01-01", None, [], "nope", None, ["pain", "a", 3], None, [], []]],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", "a", True], None, [], []]],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", "a", 2.0], None, [], []]],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", "a", 3], None, [True], []]],
        [["id", None, "2026-01-01", None, [], "spot", None, ["pain", "a", 3], None, [], []]],
        [["id", "t", "2026-01-01", 7, [], "spot", None, ["pain", "a", 3], None, [], []]],
        [["id", "t", "2026-01-01", None, [], "spot", None, ["pain", 5, 3], None, [], []]],
    ],
)
def test_data_of_another_shape_is_no_part(value: Any) -> None:
    with pytest.raises(NotKept):
        REPORT_CASES.from_json(value)


SUMMARY = ["id", "t", "spot", "open", "pain", 3, "2026-01-01"]


@pytest.mark.parametrize(
    "value",
    [
        None,
        [],
        [[], [], 0, [], 0, [], [], []],
        [[SUMMARY], [], 0, [], 0, [], [], [], [1]],
        [[SUMMARY[:6]], [], 0, [], 0, [], [], [], []],
        [[[*SUMMARY[:5], 7, SUMMARY[6]]], [], 0, [], 0, [], [], [], []],
        [[[*SUMMARY[:3], "lost", *SUMMARY[4:]]], [], 0, [], 0, [], [], [], []],
        [[], [], 0.5, [], 0, [], [], [], []],
        [[], [], 0, [[SUMMARY, [["s1"] * 10]]], 0, [], [], [], []],
        [[], [], 0, [[SUMMARY]], 0, [], [], [], []],
    ],
)
def test_data_of_another_shape_is_no_stage_part(value: Any) -> None:
    with pytest.raises(NotKept):
        STAGE_PARTS.from_json(value)


def test_a_warm_overview_reads_no_case(generated: Path, leans_read: list[str]) -> None:
    cli = Cli(generated)
    first = {args: cli(*args).stdout for args in OVERVIEWS}
    leans_read.clear()
    for args in OVERVIEWS:
        assert cli(*args).stdout == first[args]
    assert leans_read == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\ntitle: ", "\ntitle: 改过的标题"),
        ("\n  severity: 1\n", "\n  severity: 5\n"),
        ("\nconsultant: ", "\ndropped: 不再跟进\nconsultant: "),
    ],
    ids=["title", "severity", "dropped"],
)
def test_one_changed_case_gives_the_reports_of_an_empty_cache(
    generated: Path, tmp_path: Path, leans_read: list[str], old: str, new: str
) -> None:
    cli = Cli(generated)
    for args in OVERVIEWS:
        cli(*args)
    cli("report", "all")
    at = next(
        at
        for at, case in enumerate(sorted((generated / "cases").rglob("*.yaml")))
        if old in case.read_text(encoding="utf-8")
    )
    _change(generated, at, old, new)
    expected = {args: fresh_output(generated, tmp_path, *args) for args in OVERVIEWS}
    for args in OVERVIEWS:
        assert cli(*args).stdout == expected[args], args
        leans_read.clear()
        assert cli(*args).stdout == expected[args], args
        assert leans_read == []
    cli("report", "all")
    fresh = tmp_path / "fresh-reports"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
        cli("report", "all", "-o", str(fresh))
    written = _folder(generated / "reports")
    assert written.keys() == _folder(fresh).keys()
    assert {k: v for k, v in written.items() if not k.startswith(".")} == {
        k: v for k, v in _folder(fresh).items() if not k.startswith(".")
    }


@pytest.mark.parametrize("how", ["flip", "swap", "plant"])
def test_damaged_parts_change_no_report(generated: Path, tmp_path: Path, how: str) -> None:
    cli = Cli(generated)
    expected = {args: fresh_output(generated, tmp_path, *args) for args in OVERVIEWS}
    for args in OVERVIEWS:
        assert cli(*args).stdout == expected[args]
    with sqlite3.connect(index_path(generated)) as db:
        rows = db.execute("SELECT key, body FROM parts ORDER BY key").fetchall()
        assert len(rows) > 1
        for at, (key, body) in enumerate(rows):
            if how == "flip":
                middle = len(body) // 2
                body = body[:middle] + chr(ord(body[middle]) ^ 1) + body[middle + 1 :]
            elif how == "swap":
                body = rows[(at + 1) % len(rows)][1]
            else:
                db.execute("UPDATE parts SET mac = ? WHERE key = ?", ("0" * 40, key))
                body = body.replace("1", "2")
            db.execute("UPDATE parts SET body = ? WHERE key = ?", (body, key))
    for args in OVERVIEWS:
        assert cli(*args).stdout == expected[args], args
        assert cli(*args).stdout == expected[args], args


def test_a_changed_workspace_template_changes_the_overview(generated: Path, tmp_path: Path) -> None:
    cli = Cli(generated)
    before = cli("report", "index").stdout
    environment.cache_clear()  # one process per command: its templates are found anew
    (generated / "templates").mkdir()
    (generated / "templates" / "index.md.j2").write_text(
        "{% for case in cases %}{{ case.id }} {{ case.state }}\n{% endfor %}", encoding="utf-8"
    )
    after = cli("report", "index").stdout
    assert after != before and after == fresh_output(generated, tmp_path, "report", "index")
    (generated / "templates" / "index.md.j2").write_text(
        "{% for case in cases %}{{ case.title }}\n{% endfor %}", encoding="utf-8"
    )
    again = cli("report", "index").stdout
    assert again != after and again == fresh_output(generated, tmp_path, "report", "index")


def test_report_all_renders_the_journey_report_only_when_what_it_shows_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    generated = tmp_path / "ws"
    make_workspace(generated, 900, 5)  # more cases at a touchpoint than the report shows
    workspace = load_workspace(generated, use_cache=False)
    journey = infer(workspace.cases, workspace.vocabulary, None, "zh", workspace.agreed)
    in_parts = encode(
        [STAGE_PARTS.as_json(p) for p in parts_from_cases(journey)(STAGE_PARTS).values()]
    )
    cli = Cli(generated)
    cli("report", "all")
    made: list[str] = []
    original = ssvssj.reports.sets.journey_context

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        made.append("journey")
        return original(*args, **kwargs)

    monkeypatch.setattr(ssvssj.reports.sets, "journey_context", counting)
    before = (generated / "reports" / "journey.md").read_bytes()
    cases = sorted((generated / "cases").rglob("*.yaml"))
    hidden = next(case for case in cases if case.stem not in in_parts)
    text = hidden.read_text(encoding="utf-8")
    hidden.write_text(text.replace("\ntitle: ", "\ntitle: 不显示的标题", 1), encoding="utf-8")
    cli("report", "all")
    assert made == []
    assert (generated / "reports" / "journey.md").read_bytes() == before
    shown = next(case for case in cases if case.stem in before.decode("utf-8"))
    text = shown.read_text(encoding="utf-8")
    shown.write_text(text.replace("\ntitle: ", "\ntitle: 显示的标题", 1), encoding="utf-8")
    cli("report", "all")
    assert made == ["journey"]
    after = (generated / "reports" / "journey.md").read_bytes()
    assert "显示的标题".encode() in after
    assert after == fresh_output(generated, tmp_path, "report", "journey").encode()


IMPORTS = """
import sys
from ssvssj.entry import main

try:
    main()
finally:
    sys.stderr.write("PYDANTIC=" + str("pydantic" in sys.modules) + "\\n")
"""


@pytest.mark.parametrize("kind", ["journey", "index"])
def test_a_warm_overview_reads_no_settings_file_and_validates_nothing(
    generated: Path, tmp_path: Path, kind: str
) -> None:
    """The settings the reports read are kept under the hash of the settings files' bytes:
    warm, nothing is validated (pydantic is not imported); changed, they are read again."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run() -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", IMPORTS, "report", kind],
            cwd=generated,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout, done.stderr

    first, said = run()
    assert "PYDANTIC=True" in said
    again, said = run()
    assert again == first and "PYDANTIC=False" in said, said
    config = generated / "ssvssj.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("language: zh", "language: en"), "utf-8"
    )
    changed, said = run()
    assert changed != first and "PYDANTIC=True" in said
    assert changed == fresh_output(generated, tmp_path, "report", kind)


def test_one_changed_case_reads_only_the_cases_spotted_where_it_is(
    generated: Path, tmp_path: Path, leans_read: list[str]
) -> None:
    cli = Cli(generated)
    for args in OVERVIEWS:
        cli(*args)
    case = _change(generated, 5, "\ntitle: ", "\ntitle: 改过的标题")
    workspace = load_workspace(generated, use_cache=False)
    journey = infer(workspace.cases, workspace.vocabulary, None, "zh", workspace.agreed)
    place = journey.spots[case.stem]
    beside = {case_id for case_id, spot in journey.spots.items() if spot == place}
    expected = {args: fresh_output(generated, tmp_path, *args) for args in OVERVIEWS}
    leans_read.clear()
    for args in OVERVIEWS:
        assert cli(*args).stdout == expected[args], args
    assert leans_read and set(leans_read) <= beside

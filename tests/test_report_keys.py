"""`report all` renders a report only when the inputs it is made from changed (or its file no
longer holds what was written), and rewrites exactly the reports whose bytes changed: every
kind of input a report shows is changed here, and what was rendered and written is compared
with a fresh run's reports."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import ssvssj.store.index
import ssvssj.store.store
from ssvssj.reports.render import environment
from ssvssj.reports.sets import Reports
from ssvssj.store.index import index_path
from tests.conftest import Cli

OVERVIEWS = {"index.md", "journey.md", "portfolio.md"}
# The overviews made again after any change; the journey report only where what it shows changed.
LISTING = OVERVIEWS - {"journey.md"}
CASE = "20261104-m2pq"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of every report rendered."""
    seen: list[str] = []
    original = Reports.text

    def counting(self: Reports, name: str) -> str:
        seen.append(name)
        return original(self, name)

    monkeypatch.setattr(Reports, "text", counting)
    return seen


@pytest.fixture(params=["settled", "fresh"])
def looks(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways a written report is checked: by its file's look (once it has settled), and
    by reading it back (a file written just now)."""
    if request.param == "settled":
        monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every report file: its inode, mtime and bytes."""
    found = {}
    for path in sorted(folder.rglob("*.md")):
        info = path.stat()
        found[path.relative_to(folder).as_posix()] = (
            info.st_ino,
            info.st_mtime_ns,
            path.read_bytes(),
        )
    return found


class Run:
    """`report all` into reports/, told apart into what it rendered and what it wrote."""

    def __init__(self, root: Path, rendered: list[str]) -> None:
        self.root = root
        self.cli = Cli(root)
        self.rendered = rendered
        self.fresh_runs = 0

    def __call__(self, *options: str) -> tuple[set[str], set[str]]:
        folder = self.root / "reports"
        before = snapshot(folder) if folder.is_dir() else {}
        self.rendered.clear()
        self.cli("report", "all", *options)
        done = set(self.rendered)
        after = snapshot(folder)
        written = {
            rel
            for rel, (ino, mtime, _) in after.items()
            if before.get(rel, (0, 0))[:2] != (ino, mtime)
        }
        assert {rel: data for rel, (_, _, data) in after.items()} == self.fresh(*options)
        changed = {
            rel for rel, (_, _, data) in after.items() if before.get(rel, (0, 0, b""))[2] != data
        }
        assert written == changed
        return done, written

    def fresh(self, *options: str) -> dict[str, bytes]:
        """What a run into an empty folder writes, from the files alone."""
        self.fresh_runs += 1
        folder = self.root.parent / f"fresh-{self.fresh_runs}"
        self.cli("report", "all", "-o", str(folder), *options)
        self.rendered.clear()
        return {rel: data for rel, (_, _, data) in snapshot(folder).items()}


def cases_at(root: Path, touchpoint: str) -> set[str]:
    return {
        f"cases/{path.stem}.md"
        for path in (root / "cases").glob("*.yaml")
        if f"  touchpoint: {touchpoint}\n" in path.read_text(encoding="utf-8")
    }


def own_template(root: Path, text: str) -> None:
    """A workspace's own case template (a command is one process: this one forgets the
    template folders it has seen)."""
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "case.md.j2").write_text(text, encoding="utf-8")
    environment.cache_clear()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_renders_nothing(example: Path, rendered: list[str], looks: None) -> None:
    run = Run(example, rendered)
    done, written = run()
    assert len(done) == len(written) == 17 + 3
    assert run() == (set(), set())
    assert run() == (set(), set())


def test_a_case_changed_in_its_own_words_renders_its_report_and_the_overviews(
    example: Path, rendered: list[str], looks: None
) -> None:
    """The journey report is rendered again only where what it shows changed: a scene's
    words it does not show leave it as it was; a title it lists does not."""
    run = Run(example, rendered)
    run()
    edit(example / "cases" / f"{CASE}.yaml", "费用项目多且解释不一", "费用项目多，解释不一")
    assert run() == (LISTING | {f"cases/{CASE}.md"}, {f"cases/{CASE}.md"})
    edit(example / "cases" / f"{CASE}.yaml", "报价单费用项目看不懂", "报价单看不懂")
    done, written = run()
    assert done == OVERVIEWS | {f"cases/{CASE}.md"}
    assert f"cases/{CASE}.md" in written and "index.md" in written


def test_a_case_moved_to_another_touchpoint_renders_the_reports_whose_place_changed(
    example: Path, rendered: list[str], looks: None
) -> None:
    run = Run(example, rendered)
    run()
    left, joined = cases_at(example, "报价"), cases_at(example, "试驾")
    edit(example / "cases" / f"{CASE}.yaml", "  touchpoint: 报价\n", "  touchpoint: 试驾\n")
    done, written = run()
    neighbours = left | joined | {f"cases/{CASE}.md"}
    assert neighbours <= done  # each one's "other cases here" changed
    assert written - OVERVIEWS <= done
    assert written >= neighbours


def test_a_changed_template_renders_the_reports_of_that_template(
    example: Path, rendered: list[str], looks: None
) -> None:
    run = Run(example, rendered)
    run()
    own_template(example, "{{ case.id }}\n")
    done, written = run()
    every_case = {rel for rel in snapshot(example / "reports") if rel.startswith("cases/")}
    assert done == every_case | OVERVIEWS
    assert written == every_case
    assert run() == (set(), set())


def test_a_template_reading_the_workspace_renders_every_case_when_its_facts_change(
    example: Path, rendered: list[str], looks: None
) -> None:
    run = Run(example, rendered)
    own_template(example, "{{ case.id }} {{ workspace.cases }} {{ workspace.date }}\n")
    run()
    every_case = {rel for rel in snapshot(example / "reports") if rel.startswith("cases/")}
    edit(example / "cases" / f"{CASE}.yaml", "updated: 2026-11-18", "updated: 2026-12-30")
    assert run() == (every_case | OVERVIEWS, every_case | OVERVIEWS)
    edit(example / "cases" / f"{CASE}.yaml", "费用项目多且解释不一", "费用项目多，解释不一")
    assert run() == (LISTING | {f"cases/{CASE}.md"}, set())


def test_another_language_renders_and_rewrites_every_report(
    example: Path, rendered: list[str], looks: None
) -> None:
    run = Run(example, rendered)
    run()
    done, written = run("--lang", "en")
    assert done == written == set(snapshot(example / "reports"))
    assert run("--lang", "en") == (set(), set())


def test_a_report_touched_but_not_changed_is_not_rendered(
    example: Path, rendered: list[str], looks: None
) -> None:
    run = Run(example, rendered)
    run()
    report = example / "reports" / "cases" / f"{CASE}.md"
    os.utime(report, ns=(1, 1))
    assert run() == (set(), set())


def test_a_report_edited_by_hand_or_removed_is_rendered_again(
    example: Path, rendered: list[str], looks: None
) -> None:
    run = Run(example, rendered)
    run()
    edited = example / "reports" / "cases" / f"{CASE}.md"
    edited.write_bytes(edited.read_bytes().replace(b"#", b"##", 1))
    (example / "reports" / "journey.md").unlink()
    assert run() == ({f"cases/{CASE}.md", "journey.md"}, {f"cases/{CASE}.md", "journey.md"})


@pytest.mark.parametrize("damage", ["flip", "planted"])
def test_a_damaged_or_planted_record_leaves_no_report_wrong(
    example: Path, rendered: list[str], damage: str
) -> None:
    run = Run(example, rendered)
    run()
    edited = example / "reports" / "cases" / f"{CASE}.md"
    edited.write_text("edited by hand\n", encoding="utf-8")
    with sqlite3.connect(index_path(example)) as db:
        key, body, mac = db.execute(
            "SELECT key, body, mac FROM derived WHERE key LIKE 'reports written:%'"
        ).fetchone()
        if damage == "flip":
            body = body[:-2] + bytes([body[-2] ^ 1]) + body[-1:]
        else:  # what was written, as if the edited file were it, under a MAC made up
            body = bytes(body).replace(b'"cases/', b'"cases/', 1)
            mac = "0" * len(mac)
        db.execute("UPDATE derived SET body = ?, mac = ? WHERE key = ?", (body, mac, key))
    done, written = run()
    assert written == {f"cases/{CASE}.md"}
    assert done == set(snapshot(example / "reports"))


def test_without_a_usable_cache_folder_every_report_is_written_as_with_one(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_cache = tmp_path / "with-cache"
    Cli(example)("report", "all", "-o", str(with_cache))
    cache = tmp_path / "no-cache"
    cache.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    cli = Cli(example)
    for _ in range(2):
        assert "写入 0 个，未变 20 个" in cli("report", "all", "-o", str(with_cache)).stderr
    report = with_cache / "cases" / f"{CASE}.md"
    original = report.read_bytes()
    report.write_text("edited by hand\n", encoding="utf-8")
    assert "写入 1 个" in cli("report", "all", "-o", str(with_cache)).stderr
    assert report.read_bytes() == original


def test_a_changed_case_is_the_only_case_read_in_full(
    example: Path, rendered: list[str], case_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = Run(example, rendered)
    run()
    edit(example / "cases" / f"{CASE}.yaml", "费用项目多且解释不一", "费用项目多，解释不一")
    case_reads.clear()
    full_loads: list[Path] = []
    original = ssvssj.store.store.load_workspace

    def counting(root: Path, *args: Any, **kwargs: Any) -> Any:
        full_loads.append(root)
        return original(root, *args, **kwargs)

    monkeypatch.setattr(ssvssj.store.store, "load_workspace", counting)
    Cli(example)("report", "all")
    assert set(case_reads) == {f"cases/{CASE}.yaml"}
    assert full_loads == []


def test_a_record_read_counts_as_used_so_other_results_make_room_first(
    example: Path, rendered: list[str]
) -> None:
    run = Run(example, rendered)
    run()
    index = ssvssj.store.index.Index(example)
    index.remember("another result", b"{}")
    index.close()
    assert run() == (set(), set())

    def used() -> dict[str, int]:
        with sqlite3.connect(index_path(example)) as db:
            return dict(db.execute("SELECT key, used FROM derived"))

    kept = used()
    record = next(key for key in kept if key.startswith("reports written:"))
    assert kept[record] > kept["another result"]

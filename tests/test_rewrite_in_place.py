"""Stories of the tool rewriting a hand-written file: what the reader accepts, the writer
rewrites, and only the lines of what changed."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.conftest import Cli

TABBED = (
    "schema_version: 1\n"
    "id: 20261101-ffff\n"
    "title: t\t# reviewed\n"
    "created: 2026-11-01\n"
    "updated: 2026-11-01\n"
    "spot:\n"
    "  touchpoint: x\n"
    "  problem: p\n"
    "  severity: 3\n"
    "  evidence: [e]\n"
    "split:\n"
    "  - {id: d1, detail: x, lens: pathway}\n"
    "solve:\n"
    "  - {id: s1, action: a, addresses: [d1], owner: me, status: doing}\n"
)


def replacing_editor(tmp_path: Path, before: str, after: str) -> str:
    """An $EDITOR that replaces `before` with `after` in the file it is given."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        f"p.write_bytes(p.read_bytes().replace({before!r}, {after!r}, 1))\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {editor}"


def test_a_tab_before_a_comment_is_rewritten_by_edit_and_solve(
    cli_empty: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YAML allows a tab as the blank before a comment; the reader accepts it, so every
    command that rewrites the file must too, keeping the tab and the comment."""
    case_file = cli_empty.root / "cases" / "20261101-ffff.yaml"
    case_file.write_text(TABBED, encoding="utf-8")
    cli_empty("check")
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, b"problem: p", b"problem: q"))
    edited = cli_empty("case", "edit", "20261101-ffff")
    assert "Traceback" not in edited.output
    cli_empty("case", "solve", "20261101-ffff", "s1", "--status", "done")
    text = case_file.read_text(encoding="utf-8")
    assert "title: t\t# reviewed\n" in text
    assert "  problem: q\n" in text
    assert "owner: me, status: done}\n" in text


def test_a_tab_before_a_comment_in_the_agreed_journey_is_accepted_again(cli_empty: Cli) -> None:
    case_file = cli_empty.root / "cases" / "20261101-ffff.yaml"
    case_file.write_text(TABBED, encoding="utf-8")
    cli_empty("journey", "accept")
    journey = cli_empty.root / "journey.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(
        re.sub(r"(?m)^validated_on: .*$", "validated_on: 2026-11-01\t# agreed", text),
        encoding="utf-8",
    )
    cli_empty("check")
    cli_empty("journey", "accept")
    assert "# agreed" in journey.read_text(encoding="utf-8")


def test_an_edit_the_writer_cannot_rewrite_is_saved_as_written(
    cli_empty: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the writer refuses of a file the reader accepts, `case edit` never ends in a
    traceback: the person's edit is saved as they wrote it."""
    from ssvssj.cli import editing
    from ssvssj.store.yamlread import ReadError

    def refusing(original: bytes, doc: dict) -> bytes:
        raise ReadError("refused", 3)

    monkeypatch.setattr(editing, "update_document", refusing)
    case_file = cli_empty.root / "cases" / "20261101-ffff.yaml"
    case_file.write_text(TABBED, encoding="utf-8")
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, b"problem: p", b"problem: q"))
    cli_empty("case", "edit", "20261101-ffff")
    assert case_file.read_text(encoding="utf-8") == TABBED.replace("problem: p", "problem: q")


SOLUTIONS = (
    "schema_version: 1\n"
    "id: 20261101-cccc\n"
    "title: t\n"
    "created: 2026-11-01\n"
    "updated: 2026-11-01\n"
    "spot:\n"
    "  touchpoint: x\n"
    "  problem: p\n"
    "  severity: 3\n"
    "  evidence: [e]\n"
    "split:\n"
    "  - {id: d1, detail: x, lens: pathway}\n"
    "solve:\n"
    "  - {id: s1, action: x,\n"
    "     addresses: [d1], owner: me,\n"
    "     status: doing}\n"
    "  - id: s2\n"
    "    action: multi\n"
    "      line plain\n"
    "    addresses: [d1]\n"
    "    owner: me\n"
    "  - id: s3\n"
    "    action: c\n"
    "    addresses: [d1]\n"
    "    owner: me\n"
    "    status:\n"
    "      # later\n"
    "      doing\n"
)


@pytest.mark.parametrize(
    ("solution", "before", "after"),
    [
        ("s1", "     status: doing}\n", "     status: done}\n"),
        ("s3", "      doing\n", "      done\n"),
    ],
)
def test_solving_one_solution_changes_only_its_status_and_the_date(
    cli_empty: Cli, monkeypatch: pytest.MonkeyPatch, solution: str, before: str, after: str
) -> None:
    """A flow mapping over several lines, plain text over several lines, a default the file
    leaves out and a comment inside the value: none of it is rewritten by another change."""
    monkeypatch.setenv("SSVSSJ_TODAY", "2026-11-24")
    case_file = cli_empty.root / "cases" / "20261101-cccc.yaml"
    case_file.write_text(SOLUTIONS, encoding="utf-8")
    cli_empty("case", "solve", "20261101-cccc", solution, "--status", "done")
    expected = SOLUTIONS.replace("updated: 2026-11-01", "updated: 2026-11-24")
    assert case_file.read_text(encoding="utf-8") == expected.replace(before, after)
    cli_empty("check")


def test_solving_moves_a_future_date_of_change_to_today(
    cli_empty: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSVSSJ_TODAY", "2026-11-24")
    case_file = cli_empty.root / "cases" / "20261101-ffff.yaml"
    case_file.write_text(TABBED.replace("updated: 2026-11-01", "updated: 2027-03-01"), "utf-8")
    cli_empty("case", "solve", "20261101-ffff", "s1", "--status", "done")
    assert "\nupdated: 2026-11-24\n" in case_file.read_text(encoding="utf-8")

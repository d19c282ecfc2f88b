"""Stories of drafts and kept edits: the case file is the truth, and nothing typed is lost."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
import typer

from ssvssj.cli.wizard_shell import WizardShell
from ssvssj.store.drafts import draft_ids
from ssvssj.store.store import load_workspace
from tests.conftest import Cli, refuse_to_list
from tests.scripted import ScriptedPrompter

TODAY = date(2026, 11, 23)
CASE_ID = "20261123-dpve"
SPOT = ["", "预约落空", "前台", "门店", "", "客户到店无人接待", "4", "", "", "", ""]


def interrupted_in_the_scene(root: Path) -> Path:
    """A new case whose wizard stopped after two answers of the Scene step."""
    workspace = load_workspace(root)
    with pytest.raises(typer.Exit):
        WizardShell(workspace, CASE_ID, None, TODAY).run(
            ScriptedPrompter([*SPOT, "年轻家庭", "按约试驾"]), {}, "spot", {}
        )
    assert draft_ids(root) == [CASE_ID]
    return root / "cases" / f"{CASE_ID}.yaml"


def scene_file(tmp_path: Path) -> Path:
    path = tmp_path / "scene.yaml"
    path.write_text("scene:\n  customer: 年轻家庭\n  path: [官网, 前台]\n", encoding="utf-8")
    return path


def test_continue_never_undoes_an_edit_made_after_the_draft(cli_empty: Cli, tmp_path: Path) -> None:
    case_file = interrupted_in_the_scene(cli_empty.root)
    edited = case_file.read_text(encoding="utf-8").replace("title: 预约落空", "title: 预约被忽视")
    edited = edited.replace("severity: 4", "severity: 5")
    case_file.write_text(edited, encoding="utf-8")
    source = scene_file(tmp_path)
    refused = cli_empty(
        "--language", "en", "case", "continue", CASE_ID, "--from", str(source), code=2
    )
    assert "changed after its draft was saved" in refused.output
    assert "--discard-draft" in refused.output
    assert "Traceback" not in refused.output
    assert case_file.read_text(encoding="utf-8") == edited
    assert draft_ids(cli_empty.root) == [CASE_ID]
    cli_empty("case", "continue", CASE_ID, "--from", str(source), "--discard-draft")
    [case] = load_workspace(cli_empty.root).cases
    assert (case.title, case.spot.severity) == ("预约被忽视", 5)
    assert case.scene is not None and case.scene.path == ["官网", "前台"]
    assert draft_ids(cli_empty.root) == []


def test_a_draft_fitting_its_case_resumes_and_a_prefix_names_one_case(
    cli_empty: Cli, tmp_path: Path
) -> None:
    interrupted_in_the_scene(cli_empty.root)
    more = tmp_path / "more.yaml"
    more.write_text("consultant: 王顾问\n", encoding="utf-8")
    result = cli_empty("case", "continue", "20261123", "--from", str(more))
    assert "matches" not in result.output
    [case] = load_workspace(cli_empty.root).cases
    assert case.scene is not None
    answers = case.scene.model_dump(exclude_none=True).values()
    assert {"年轻家庭", "按约试驾"} <= {v for v in answers if isinstance(v, str)}
    assert case.consultant == "王顾问"
    assert draft_ids(cli_empty.root) == []


def test_drafts_are_shown_by_case_list_and_check(cli_empty: Cli) -> None:
    interrupted_in_the_scene(cli_empty.root)
    listed = cli_empty("--language", "en", "case", "list")
    assert "1 draft(s); resume with: ssvssj case continue ID" in listed.stdout
    assert f"{CASE_ID}  预约落空  (answers not yet in the case file)" in listed.stdout
    as_json = json.loads(cli_empty("case", "list", "--json").stdout)
    assert as_json["drafts"] == [
        {"id": CASE_ID, "title": "预约落空", "step": "scene", "state": "current"}
    ]
    checked = cli_empty("--language", "en", "check")
    assert f"{CASE_ID}  预约落空  (answers not yet in the case file)" in checked.stdout
    assert json.loads(cli_empty("check", "--format", "json").stdout)["drafts"][0]["id"] == CASE_ID


@pytest.mark.parametrize("linked", [".ssvssj", ".ssvssj/drafts", ".ssvssj/edit"])
def test_a_private_folder_linked_out_of_the_workspace_is_named_by_case_list_and_check(
    cli_empty: Cli, tmp_path: Path, linked: str
) -> None:
    """Drafts behind a link leading out are not shown, not read and not written: `case list`
    and `check` say why, instead of showing no drafts."""
    interrupted_in_the_scene(cli_empty.root)
    outside = tmp_path / "outside"
    (outside / "drafts").mkdir(parents=True)
    (outside / "edit").mkdir()
    planted = outside / "drafts" / f"{CASE_ID}.yaml"
    planted.write_text("title: planted\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in outside.rglob("*") if path.is_file()}
    path = cli_empty.root / linked
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(
        outside / Path(linked).relative_to(".ssvssj") if linked != ".ssvssj" else outside
    )
    message = f"{linked}: a symbolic link leading out of the workspace"
    listed = cli_empty("--language", "en", "case", "list")
    assert message in listed.stderr
    assert "planted" not in listed.output
    checked = cli_empty("--language", "en", "check", code=1)
    assert message in checked.stdout
    assert "planted" not in checked.output
    as_json = json.loads(cli_empty("check", "--format", "json", code=1).stdout)
    assert linked in [problem["file"] for problem in as_json["problems"]]
    assert {path: path.read_bytes() for path in outside.rglob("*") if path.is_file()} == before


def test_an_unreadable_drafts_folder_is_named(
    cli_empty: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupted_in_the_scene(cli_empty.root)
    drafts = cli_empty.root / ".ssvssj" / "drafts"
    refuse_to_list(monkeypatch, drafts)
    message = ".ssvssj/drafts: this folder cannot be read: permission denied"
    assert message in cli_empty("--language", "en", "case", "list").stderr
    assert message in cli_empty("--language", "en", "check", code=1).stdout


def test_a_wizard_stopped_before_any_answer_keeps_no_draft(cli_empty: Cli) -> None:
    workspace = load_workspace(cli_empty.root)
    with pytest.raises(typer.Exit) as stopped:
        WizardShell(workspace, CASE_ID, None, TODAY).run(ScriptedPrompter([]), {}, "spot", {})
    assert stopped.value.exit_code == 130
    assert draft_ids(cli_empty.root) == []
    assert "draft" not in cli_empty("--language", "en", "case", "list").stdout


def test_a_broken_draft_is_one_clear_message_and_can_be_discarded(
    cli_empty: Cli, tmp_path: Path
) -> None:
    drafts = cli_empty.root / ".ssvssj" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / f"{CASE_ID}.yaml").write_bytes(b"doc: [\xff\xfe broken\n")
    source = scene_file(tmp_path)
    result = cli_empty(
        "--language", "en", "case", "continue", CASE_ID, "--from", str(source), code=2
    )
    assert f"the draft of {CASE_ID} cannot be read" in result.output
    assert "Traceback" not in result.output
    assert "(cannot be read)" in cli_empty("--language", "en", "check").stdout
    cli_empty("case", "continue", CASE_ID, "--discard-draft")
    assert draft_ids(cli_empty.root) == []
    assert list((cli_empty.root / "cases").iterdir()) == []


EDITED = "cases/20261104-m2pq.yaml"
KEPT = ".ssvssj/edit/20261104-m2pq.yaml"


def replacing_editor(tmp_path: Path, before: str, after: str) -> str:
    """An $EDITOR that replaces `before` with `after` in the file it is given."""
    editor = tmp_path / f"editor-{len(list(tmp_path.glob('editor-*')))}.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text(encoding='utf-8').replace({before!r}, {after!r}, 1),"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {editor}"


def test_a_kept_edit_is_offered_back_and_never_destroyed(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_file = cli_example.root / EDITED
    before = case_file.read_bytes()
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "sevrity: 4"))
    cli_example("case", "edit", "20261104", code=2)
    kept = (cli_example.root / KEPT).read_text(encoding="utf-8")
    assert "sevrity: 4" in kept

    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "title:", "title: x"))
    again = cli_example("--language", "en", "case", "edit", "20261104", code=2)
    assert f"an earlier edit of {EDITED} is kept in" in again.output
    assert "pass --resume to go on with it, or --discard to drop it" in again.output
    assert "Traceback" not in again.output
    assert (cli_example.root / KEPT).read_text(encoding="utf-8") == kept
    assert case_file.read_bytes() == before

    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "sevrity: 4", "severity: 5"))
    cli_example("case", "edit", "20261104", "--resume")
    case = next(c for c in load_workspace(cli_example.root).cases if c.id == "20261104-m2pq")
    assert case.spot.severity == 5
    assert not (cli_example.root / KEPT).exists()


def test_a_kept_edit_is_dropped_only_when_asked(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "sevrity: 4"))
    cli_example("case", "edit", "20261104", code=2)
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "severity: 3"))
    cli_example("case", "edit", "20261104", "--discard")
    case = next(c for c in load_workspace(cli_example.root).cases if c.id == "20261104-m2pq")
    assert case.spot.severity == 3
    assert not (cli_example.root / KEPT).exists()


def test_a_kept_edit_never_overwrites_a_case_changed_since(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_file = cli_example.root / EDITED
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "sevrity: 4"))
    cli_example("case", "edit", "20261104", code=2)
    changed = case_file.read_text(encoding="utf-8").replace("title: ", "title: 新", 1)
    case_file.write_text(changed, encoding="utf-8")
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "sevrity: 4", "severity: 5"))
    result = cli_example("--language", "en", "case", "edit", "20261104", "--resume", code=2)
    assert "changed on disk since this edit began; nothing was written" in result.output
    assert case_file.read_text(encoding="utf-8") == changed
    assert "severity: 5" in (cli_example.root / KEPT).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ('"unclosed', "$EDITOR cannot be read as a command (No closing quotation)"),
        ("   ", "$EDITOR holds no command"),
        ("/nonexistent/editor --wait", "editor not found: /nonexistent/editor"),
    ],
)
def test_an_unusable_editor_is_one_clear_message(
    cli_example: Cli, monkeypatch: pytest.MonkeyPatch, editor: str, message: str
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor)
    before = (cli_example.root / EDITED).read_bytes()
    result = cli_example("--language", "en", "case", "edit", "20261104", code=2)
    assert message in result.output
    assert "Traceback" not in result.output
    assert (cli_example.root / EDITED).read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "folder", "huge"])
def test_a_draft_that_is_no_regular_file_is_shown_as_unreadable(cli_empty: Cli, kind: str) -> None:

    drafts = cli_empty.root / ".ssvssj" / "drafts"
    drafts.mkdir(parents=True)
    path = drafts / f"{CASE_ID}.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(b"doc: {}\n# " + b"x" * 3_000_000 + b"\n")
    listed = cli_empty("--language", "en", "case", "list")
    assert f"{CASE_ID}  (cannot be read)" in listed.stdout
    result = cli_empty("--language", "en", "case", "continue", CASE_ID, "--no-input", code=2)
    assert f"the draft of {CASE_ID} cannot be read" in result.output


@pytest.mark.parametrize(
    ("answers", "severity"),
    [([""], 5), (["继续"], 5), (["x", "丢弃"], 3), (["d"], 3)],
)
def test_at_a_terminal_a_kept_edit_is_resumed_or_discarded_only_by_an_answer(
    cli_example: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
    severity: int,
) -> None:
    """Enter resumes; only an explicit answer discards; an unclear one is asked again."""
    from ssvssj.cli import editing

    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "sevrity: 4"))
    cli_example("case", "edit", "20261104", code=2)
    asked = list(answers)

    def prompt(*args: object, default: str = "", **kwargs: object) -> str:
        return asked.pop(0) or default

    monkeypatch.setattr(editing.typer, "prompt", prompt)
    if severity == 5:
        monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "sevrity: 4", "severity: 5"))
    else:
        monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "severity: 3"))
    editing.edit_case(load_workspace(cli_example.root), "20261104-m2pq", interactive=True)
    case = next(c for c in load_workspace(cli_example.root).cases if c.id == "20261104-m2pq")
    assert case.spot.severity == severity
    assert asked == []
    assert not (cli_example.root / KEPT).exists()


def test_a_kept_edit_that_is_no_plain_file_is_refused_without_a_hang(
    cli_example: Cli, tmp_path: Path
) -> None:

    folder = cli_example.root / KEPT
    folder.parent.mkdir(parents=True)
    os.mkfifo(folder)
    before = (cli_example.root / EDITED).read_bytes()
    result = cli_example("--language", "en", "case", "edit", "20261104", "--resume", code=2)
    assert "is not a plain file, so it cannot be an earlier edit" in result.output
    assert (cli_example.root / EDITED).read_bytes() == before


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("p.unlink()", "edit/20261104-m2pq.yaml；cases/20261104-m2pq.yaml 没有改动，也没有保留"),
        ("p.unlink(); os.mkfifo(p)", "edit/20261104-m2pq.yaml 不是普通文件"),
        ("p.unlink(); p.symlink_to(sys.argv[0])", "不是普通文件（而是 FIFO、链接或文件夹）"),
    ],
)
def test_an_editor_that_removes_or_replaces_the_copy_is_one_message_without_a_hang(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, message: str
) -> None:
    """The edited copy is read only as a regular file: gone or replaced by a FIFO or a link, it
    is one message in the person's language, the case is unchanged and nothing is left over."""

    editor = tmp_path / "editor.py"
    editor.write_text(
        f"import os, sys, pathlib\np = pathlib.Path(sys.argv[1])\n{action}\n", encoding="utf-8"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.chdir(cli_example.root)
    before = (cli_example.root / EDITED).read_bytes()
    result = cli_example("--language", "zh", "case", "edit", "20261104", code=2)
    assert message in result.output, result.output
    assert ("编辑器删除了" in result.output) == (action == "p.unlink()")
    assert "Traceback" not in result.output
    assert (cli_example.root / EDITED).read_bytes() == before
    assert not os.listdir(cli_example.root / ".ssvssj" / "edit")


def test_a_kept_edit_or_draft_that_is_a_link_is_never_read_or_changed_through_it(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept edit, its base or a draft that is a link (to anywhere) is tool-private only in
    name: nothing is read, written or deleted through it."""

    outside = tmp_path / "outside.yaml"
    outside.write_text("title: not mine\n", encoding="utf-8")
    private = cli_example.root / ".ssvssj"
    (private / "edit").mkdir(parents=True, exist_ok=True)
    (private / "drafts").mkdir(parents=True, exist_ok=True)
    (private / "drafts" / "20261104-m2pq.yaml").symlink_to(outside)
    listed = cli_example("--language", "en", "case", "list")
    assert "not mine" not in listed.output
    (private / "edit" / "20261104-m2pq.yaml").symlink_to(outside)
    refused = cli_example("--language", "en", "case", "edit", "20261104", "--resume", code=2)
    assert "is not a plain file, so it cannot be an earlier edit" in refused.output
    os.unlink(private / "edit" / "20261104-m2pq.yaml")
    (private / "edit" / "20261104-m2pq.yaml").write_text("title: x\n", encoding="utf-8")
    (private / "edit" / "20261104-m2pq.yaml.base").symlink_to(outside)
    monkeypatch.setenv("EDITOR", "true")
    cli_example("case", "edit", "20261104", "--resume", code=2)
    assert outside.read_text(encoding="utf-8") == "title: not mine\n"


@pytest.mark.parametrize("answers", [["嗯", "否"], ["是", "n"]])
def test_the_editor_is_reopened_by_a_yes_or_no_answer_in_either_language(
    cli_example: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: list[str],
) -> None:
    """是/否 as well as y/n; an unclear answer is asked again, with the hint in Chinese."""
    from ssvssj.cli import editing
    from ssvssj.errors import InvalidCase
    from ssvssj.i18n import set_language

    set_language("zh")
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "sevrity: 4"))
    asked = list(answers)
    prompts: list[str] = []

    def answer(prompt: str = "") -> str:
        prompts.append(prompt)
        return asked.pop(0)

    monkeypatch.setattr("builtins.input", answer)
    with pytest.raises(InvalidCase):
        editing.edit_case(load_workspace(cli_example.root), "20261104-m2pq", interactive=True)
    assert asked == []
    assert prompts == ["重新打开编辑器修改？ [是/否，回车为是] "] * 2
    assert (cli_example.root / KEPT).exists()

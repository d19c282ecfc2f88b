"""The wizard, scripted end to end, interrupted, and continued: no terminal needed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer

from ssvssj.cli.wizard_shell import WizardShell
from ssvssj.method.wizard import Session, run
from ssvssj.store.store import draft_ids, load_draft, load_workspace
from tests.scripted import ScriptedPrompter

TODAY = date(2026, 11, 23)

SPOT = [
    "预约落空",
    "前台",
    "门店",
    "",
    "客户到店无人接待",
    "4",
    "客户原话:我约了十点",
    "",
    "销售, 预约",
]
SCENE = ["年轻家庭", "按约试驾", "", "官网 → 前台 → 试驾", "被认出", "被晾着"]
VIEW = ["customer", "empathy", "承诺落空", "2", "3", "前台只看门店系统", ""]
SPLIT = ["预约不同步", "pathway", "4", ""]
SOLVE = ["推送预约到前台平板", "", "门店运营部", "low", "high", "2026-12-01", "", ""]


def shell_for(root: Path, case_id: str = "20261123-abcd") -> WizardShell:
    workspace = load_workspace(root)
    original = None
    if case_id in workspace.files:
        original = workspace.file_of(case_id).read_bytes()
    return WizardShell(workspace, case_id, original, TODAY)


def test_the_whole_method_in_one_sitting(empty: Path) -> None:
    prompter = ScriptedPrompter(SPOT + SCENE + VIEW + SPLIT + SOLVE)
    shell_for(empty).run(prompter, {}, "spot", {})
    workspace = load_workspace(empty)
    assert not workspace.problems
    [case] = workspace.cases
    assert case.id == "20261123-abcd"
    assert case.title == "预约落空"
    assert case.tags == ["销售", "预约"]
    assert case.spot.severity == 4
    assert case.spot.observed == TODAY
    assert case.spot.evidence == ["客户原话:我约了十点"]
    assert case.scene is not None
    assert case.scene.path == ["官网", "前台", "试驾"]
    assert [(v.perspective, v.lens) for v in case.view] == [
        ("customer", "empathy"),
        ("frontline", "delivery"),
    ]
    assert [(d.id, d.detail, d.lens, d.severity) for d in case.split] == [
        ("d1", "预约不同步", "pathway", 4)
    ]
    [solution] = case.solve
    assert (solution.id, solution.addresses, solution.owner, solution.status) == (
        "s1",
        ["d1"],
        "门店运营部",
        "proposed",
    )
    assert solution.due == date(2026, 12, 1)
    assert draft_ids(empty) == []
    said = "\n".join(prompter.said)
    for k in range(1, 6):
        assert f"第 {k} 步,共 5 步" in said
    assert "小结" in said


def test_wrong_answers_are_asked_again_with_a_reason(empty: Path) -> None:
    answers = [*SPOT[:5], "9", "4", *SPOT[6:], "c", "g", "", "官网, 试驾", "官网, 前台", "", ""]
    prompter = ScriptedPrompter(answers, confirms=[True, False])
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.spot.severity == 4
    assert case.scene is not None and case.scene.path == ["官网", "前台"]
    said = "\n".join(prompter.said)
    assert "请输入 1 到 5 的整数" in said
    assert "路径须包含发现问题的触点「前台」" in said


def test_it_may_stop_after_any_step(empty: Path) -> None:
    shell_for(empty).run(ScriptedPrompter(SPOT, confirms=[False]), {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.step == "scene"
    assert draft_ids(empty) == []


def test_an_interruption_keeps_every_finished_answer_and_continue_resumes(empty: Path) -> None:
    half_scene = SCENE[:2]
    with pytest.raises(typer.Exit) as stopped:
        shell_for(empty).run(ScriptedPrompter(SPOT + half_scene), {}, "spot", {})
    assert stopped.value.exit_code == 130
    [case] = load_workspace(empty).cases
    assert case.step == "scene"
    draft = load_draft(empty, "20261123-abcd")
    assert draft is not None
    assert draft["doc"]["scene"] == {"customer": "年轻家庭", "goal": "按约试驾"}

    rest = ["", "", "", "官网 → 前台", "", ""]
    prompter = ScriptedPrompter(rest, confirms=[False])
    shell_for(empty).run(prompter, draft["doc"], "scene", draft["partial"])
    [case] = load_workspace(empty).cases
    assert case.scene is not None
    assert (case.scene.customer, case.scene.goal, case.scene.path) == (
        "年轻家庭",
        "按约试驾",
        ["官网", "前台"],
    )
    assert prompter.asked[0].default == "年轻家庭"
    assert draft_ids(empty) == []


def test_an_interruption_before_the_spot_is_complete_leaves_only_a_draft(empty: Path) -> None:
    with pytest.raises(typer.Exit):
        shell_for(empty).run(ScriptedPrompter(SPOT[:3]), {}, "spot", {})
    assert load_workspace(empty).cases == []
    draft = load_draft(empty, "20261123-abcd")
    assert draft is not None
    assert draft["doc"] == {"title": "预约落空", "spot": {"touchpoint": "前台", "channel": "门店"}}


def test_an_interrupted_list_item_is_kept_as_partial(empty: Path) -> None:
    with pytest.raises(typer.Exit):
        shell_for(empty).run(ScriptedPrompter(SPOT + SCENE + VIEW[:2]), {}, "spot", {})
    draft = load_draft(empty, "20261123-abcd")
    assert draft is not None
    assert draft["partial"] == {"view": {"perspective": "customer", "lens": "empathy"}}


def test_questions_offer_known_touchpoints_and_english_hints(empty: Path) -> None:
    (empty / "ssvssj.yaml").write_text(
        "schema_version: 1\nname: Acme\nlanguage: en\n", encoding="utf-8"
    )
    (empty / "touchpoints.yaml").write_text(
        "touchpoints:\n  front desk:\n    aliases: [reception]\n", encoding="utf-8"
    )
    prompter = ScriptedPrompter(["Nobody at the desk", "reception", "", "", "waited", "", ""])
    with pytest.raises(typer.Exit):
        shell_for(empty).run(prompter, {}, "spot", {})
    touchpoint_question = prompter.asked[1]
    assert set(touchpoint_question.completions) >= {"front desk", "reception"}
    assert "Step 1 of 5" in prompter.said[0]


def test_the_pure_wizard_reports_every_answer() -> None:
    seen: list[dict] = []
    steps: list[str] = []
    session = Session(doc={}, language="zh", today=TODAY)
    prompter = ScriptedPrompter(SPOT, confirms=[False])
    run(session, prompter, "spot", lambda s: seen.append(dict(s.doc)), lambda s, n: steps.append(n))
    assert steps == ["spot"]
    assert len(seen) >= len([a for a in SPOT if a])
    assert seen[0] == {"title": "预约落空"}

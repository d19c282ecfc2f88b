"""The wizard, scripted end to end, interrupted, and continued: no terminal needed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import typer

from ssvssj.cli.wizard_shell import WizardShell
from ssvssj.i18n import set_language
from ssvssj.method.terms import yes_or_no
from ssvssj.method.wizard import Session, WizardAborted, run
from ssvssj.store.drafts import draft_ids, load_draft
from ssvssj.store.store import load_workspace
from tests.scripted import ScriptedPrompter

TODAY = date(2026, 11, 23)

SPOT = [
    "",  # pain (the default) or gain
    "预约落空",
    "前台",
    "门店",
    "",
    "客户到店无人接待",
    "4",
    "客户原话:我约了十点",
    "",
    "销售, 预约",
    "",
]
SCENE = ["年轻家庭", "按约试驾", "", "官网 → 前台 → 试驾", "", "被认出", "被晾着"]
VIEW = ["customer", "empathy", "承诺落空", "2", "3", "前台只看门店系统", ""]
SPLIT = ["预约不同步", "pathway", "4", "", "", ""]
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
        assert f"第 {k} 步，共 5 步" in said
    assert "小结" in said


def test_wrong_answers_are_asked_again_with_a_reason(empty: Path) -> None:
    answers = [*SPOT[:6], "9", "4", *SPOT[7:], "c", "g", "", "官网, 试驾", "官网, 前台", "", "", ""]
    prompter = ScriptedPrompter(answers, confirms=[True, False])
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.spot.severity == 4
    assert case.scene is not None and case.scene.path == ["官网", "前台"]
    said = "\n".join(prompter.said)
    assert "严重程度须为 1–5 的整数，现为“9”" in said
    assert "客户路径须包含发现问题的触点“前台”。" in said


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

    rest = ["", "", "", "官网 → 前台", "", "", ""]
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
        shell_for(empty).run(ScriptedPrompter(SPOT[:4]), {}, "spot", {})
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
    answers = ["", "Nobody at the desk", "reception", "", "", "waited", "", "", ""]
    prompter = ScriptedPrompter(answers)
    with pytest.raises(typer.Exit):
        shell_for(empty).run(prompter, {}, "spot", {})
    touchpoint_question = prompter.asked[2]
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
    assert "kind" not in seen[0].get("spot", {})  # pain, the default, is left out
    assert seen[1]["title"] == "预约落空"


def test_choices_are_taken_by_number_english_word_or_chinese_word(empty: Path) -> None:
    view = [
        "客户",
        "共鸣",
        "承诺落空",
        "管理层",
        "3",
        "考核只看转化率",
        "frontline",
        "pathway",
        "手工转录",
        "",
    ]
    split = ["预约不同步", "通路", "4", "", "", "前台没有名单", "3", "", "", "", ""]
    solve = [
        "推送预约",
        "1",
        "门店运营部",
        "低",
        "大",
        "2026年12月1日",
        "已验证",
        "等待降到2分钟",
        "",
    ]
    solve += ["打印名单", "d2、1", "", "2", "中", "2026/12/3", "2", ""]
    prompter = ScriptedPrompter(SPOT + SCENE + view + split + solve)
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert [(v.perspective, v.lens) for v in case.view] == [
        ("customer", "empathy"),
        ("management", "delivery"),
        ("frontline", "pathway"),
    ]
    assert [(d.lens, d.severity) for d in case.split] == [("pathway", 4), ("delivery", None)]
    first, second = case.solve
    assert (first.addresses, first.cost, first.impact, first.status, first.result) == (
        ["d1"],
        "low",
        "high",
        "verified",
        "等待降到2分钟",
    )
    assert first.due == date(2026, 12, 1)
    assert (second.addresses, second.cost, second.impact, second.status) == (
        ["d2", "d1"],
        "medium",
        "medium",
        "doing",
    )
    assert second.result is None and second.due == date(2026, 12, 3)
    lens_question = next(a for a in prompter.asked if a.label == "体验维度")
    assert lens_question.choices == ("触点", "通路", "交付", "生态系统", "共鸣")
    said = "\n".join(prompter.said)
    assert "  - 视角：客户；体验维度：共鸣；发现：承诺落空" in said
    assert (
        "  - s1 行动：推送预约；针对的细节：d1；负责人：门店运营部；成本：低；预期效果：大；"
        in said
    )
    assert "状态：已验证；验证结果：等待降到2分钟" in said


def test_a_verified_solution_is_asked_what_was_verified_until_it_says(empty: Path) -> None:
    solve = ["推送预约", "1", "门店运营部", "", "", "", "已验证", "", ""]
    solve += ["等待降到2分钟", "", ""]
    prompter = ScriptedPrompter(SPOT + SCENE + VIEW + SPLIT + solve)
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    [solution] = case.solve
    assert (solution.status, solution.result) == ("verified", "等待降到2分钟")
    assert "已验证的方案需要写明验证到了什么：验证结果、衡量指标，至少填一项。" in prompter.said
    assert [a.label for a in prompter.asked].count("验证结果") == 2


@pytest.fixture
def chinese(empty: Path) -> Iterator[None]:
    """The command's language, as the shell sets it from the workspace (after `init` ran)."""
    set_language("zh")
    yield
    set_language("en")


@pytest.mark.usefixtures("chinese")
def test_wrong_choices_dates_and_details_are_refused_in_the_users_terms(empty: Path) -> None:
    view = ["customer", "9", "共鸣", "承诺落空", ""]
    split = ["预约不同步", "", "", "", "", ""]
    solve = ["推送预约", "d7", "1", "", "贵", "low", "", "2026-13-01", "2026-02-30", "", "", ""]
    prompter = ScriptedPrompter(SPOT + SCENE + view + split + solve)
    shell_for(empty).run(prompter, {}, "spot", {})
    said = "\n".join(prompter.said)
    assert "“9”不在可选项中：1 触点、2 通路、3 交付、4 生态系统、5 共鸣" in said
    assert "没有这个细节：d7（已有的细节：d1）" in said
    assert "“贵”不在可选项中：1 低、2 中、3 高" in said
    assert "没有 13 月" in said
    assert "2026 年 2 月没有 30 日（这个月只有 28 天）" in said
    [case] = load_workspace(empty).cases
    assert case.solve[0].cost == "low" and case.solve[0].due is None


def test_a_less_than_sign_goes_back_to_the_previous_question(empty: Path) -> None:
    spot = ["<", "", "预约落空", "前台", "门店", "<", "<", "展厅", "", "", "客户到店无人接待"]
    scene = [*SCENE[:3], "官网 → 展厅", *SCENE[4:]]
    view = ["customer", "empathy", "<", "<", "frontline", "", "前台只看门店系统"]
    view += ["<", "<", "交付", "看不到预约", ""]  # back from item 2 into item 1
    prompter = ScriptedPrompter(spot + SPOT[6:] + scene + view, [True, True, False])
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.spot.touchpoint == "展厅"
    assert [(v.perspective, v.lens, v.finding) for v in case.view] == [
        ("frontline", "delivery", "看不到预约")
    ]
    assert "这已是第一个问题。" in prompter.said


def test_the_consultant_is_asked_with_the_workspace_default() -> None:
    session = Session(doc={}, language="zh", today=TODAY, consultant="王敏")
    prompter = ScriptedPrompter(SPOT, confirms=[False])
    run(session, prompter, "spot", lambda s: None, lambda s, n: None)
    consultant_question = next(a for a in prompter.asked if a.label == "顾问")
    assert consultant_question.default == "王敏"
    assert session.doc["consultant"] == "王敏"
    assert "  顾问：王敏" in prompter.said[-1]


def test_a_gain_on_a_handover_with_its_detail_cause_and_measure(empty: Path) -> None:
    (empty / "causes.yaml").write_text(
        "causes:\n  预约数据不同步:\n    aliases: [预约没同步]\n", encoding="utf-8"
    )
    spot = ["亮点", "按需安排高架试驾", "试驾", "", "", "客户当场下订", "好评截图", "", "", ""]
    scene = ["商务人士", "试高速", "", "预约试驾 → 试驾", "是", "", ""]
    view = ["customer", "", "被记住", ""]
    split = ["预约时登记了需求", "", "", "预约试驾", "预约数据不同步", ""]
    solve = ["推广需求登记", "1", "销售部", "", "", "", "已验证", "下订率提高"]
    solve += ["下订率 22 → 38 %", "下订率：22 → 38 %", ""]
    prompter = ScriptedPrompter(spot + scene + view + split + solve)
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.is_gain and case.severity is None
    assert not any(a.label.startswith("严重程度") for a in prompter.asked[:10])
    assert case.spot.from_ == "预约试驾"
    handover = next(a for a in prompter.asked if a.label.startswith("亮点是否出现在"))
    assert handover.label == "亮点是否出现在从“预约试驾”到“试驾”的交接中？"
    asked = [(a.label, a.hint) for a in prompter.asked[1:10]]
    assert ("亮点", "客户体验到了什么好的地方？尽量具体，有时间、数字") in asked
    assert not any("问题" in label + hint for label, hint in asked), asked
    assert "  亮点：客户当场下订" in "\n".join(prompter.said)
    [detail] = case.split
    assert (detail.at, detail.cause) == ("预约试驾", "预约数据不同步")
    cause_question = next(a for a in prompter.asked if a.label == "根因")
    assert {"预约数据不同步", "预约没同步"} <= set(cause_question.completions)
    [solution] = case.solve
    assert solution.measure is not None
    assert (solution.measure.name, solution.measure.before, solution.measure.after) == (
        "下订率",
        22,
        38,
    )
    assert solution.measure.unit == "%"
    said = "\n".join(prompter.said)
    assert "衡量指标的写法是“指标：改善前 → 改善后 单位”" in said
    assert "衡量指标：下订率：22 → 38%" in said and "下订率: " not in said
    assert "  类型：亮点\n" in said and "痛点还是亮点" not in said
    assert "  通路（交接）：预约试驾 → 试驾 的交接" in said
    assert "{source}" not in said and "{spot}" not in said


def test_no_handover_question_where_the_path_starts_at_the_spot(empty: Path) -> None:
    scene = ["年轻家庭", "按约试驾", "", "前台 → 试驾", "被认出", "被晾着"]
    prompter = ScriptedPrompter(SPOT + scene, confirms=[True, False])
    shell_for(empty).run(prompter, {}, "spot", {})
    assert not any(a.label.startswith("问题是否发生在") for a in prompter.asked)
    [case] = load_workspace(empty).cases
    assert case.spot.from_ is None and case.scene is not None
    assert case.scene.expectation == "被认出"


def test_the_consultant_defaults_to_the_workspaces(empty: Path) -> None:
    config = empty / "ssvssj.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "consultant: 王敏\n", encoding="utf-8")
    prompter = ScriptedPrompter(SPOT, confirms=[False])
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.consultant == "王敏"
    assert next(a for a in prompter.asked if a.label == "顾问").default == "王敏"


@pytest.mark.parametrize(
    ("answer", "meant"),
    [
        ("是", True),
        ("继续", True),
        ("Y", True),
        ("yes", True),
        ("否", False),
        ("n", False),
        ("NO", False),
        ("嗯", None),
        ("好", None),
        ("行", None),
        ("ok", None),
        ("不", None),
    ],
)
def test_only_a_clear_yes_or_no_is_understood(answer: str, meant: bool | None) -> None:
    assert yes_or_no(answer) is meant


def test_a_vague_answer_to_go_on_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from ssvssj.cli.prompter import TerminalPrompter

    answers = ["嗯", "好", "否"]
    prompter = TerminalPrompter()
    monkeypatch.setattr(prompter, "_line", lambda prompt: answers.pop(0))
    assert prompter.confirm("继续下一步：视角分析？") is False
    assert answers == []


def test_a_less_than_sign_goes_back_across_steps_keeping_earlier_answers(empty: Path) -> None:
    answers = [*SPOT, "<", "王敏"]  # Scene's first question: back to Spot's last
    answers += [*SCENE, "<", "被晾在一旁"]  # View's first question: back to Scene's last
    answers += ["customer", "empathy", "承诺落空", ""]
    answers += ["<", "", ""]  # Split's first question: the last view reopened, kept
    answers += SPLIT
    prompter = ScriptedPrompter(answers, [True, True, True, True, True, True, False])
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.consultant == "王敏"
    assert case.scene is not None and case.scene.experience == "被晾在一旁"
    assert [(v.perspective, v.lens, v.finding) for v in case.view] == [
        ("customer", "empathy", "承诺落空")
    ]
    assert [d.detail for d in case.split] == ["预约不同步"]
    back_to_experience = prompter.asked[len(SPOT) + 2 + len(SCENE) + 1]
    assert back_to_experience.label == "实际感受"
    assert back_to_experience.default == "被晾着"
    reopened_finding = next(
        a for a in prompter.asked[len(SPOT) + 2 + len(SCENE) + 6 :] if a.label == "发现"
    )
    assert reopened_finding.default == "承诺落空"
    headers = [text for text in prompter.said if text.startswith("\n[")]
    assert [text.split("]")[0] for text in headers] == [
        "\n[第 1 步，共 5 步",
        "\n[第 2 步，共 5 步",
        "\n[第 1 步，共 5 步",
        "\n[第 2 步，共 5 步",
        "\n[第 3 步，共 5 步",
        "\n[第 2 步，共 5 步",
        "\n[第 3 步，共 5 步",
        "\n[第 4 步，共 5 步",
        "\n[第 3 步，共 5 步",
        "\n[第 4 步，共 5 步",
    ]


def test_the_pure_wizard_goes_back_across_steps_in_english() -> None:
    session = Session(doc={}, language="en", today=TODAY)
    answers = ["", "No one at the desk", "front desk", "", "", "waited", "", "", "", ""]
    answers += ["<", "Ann", "young family"]
    prompter = ScriptedPrompter(answers, [True, True])
    with pytest.raises(WizardAborted):
        run(session, prompter, "spot", lambda s: None, lambda s, n: None)
    assert session.doc["consultant"] == "Ann"
    assert session.doc["scene"]["customer"] == "young family"
    assert "This is the first question." not in prompter.said
    first = ScriptedPrompter(["<", "", "t"], [False])
    with pytest.raises(WizardAborted):
        run(
            Session(doc={}, language="en", today=TODAY),
            first,
            "spot",
            lambda s: None,
            lambda s, n: None,
        )
    assert "This is the first question." in first.said


@pytest.mark.parametrize(
    ("answers", "step", "items"),
    [
        ([*SPOT, *SCENE, "<"], "scene", None),
        ([*SPOT, *SCENE, *VIEW, "<"], "view", 1),
    ],
)
def test_the_draft_holds_the_step_gone_back_to(
    empty: Path, answers: list[str], step: str, items: int | None
) -> None:
    prompter = ScriptedPrompter(answers)
    with pytest.raises(typer.Exit):
        shell_for(empty).run(prompter, {}, "spot", {})
    [case_id] = draft_ids(empty)
    draft = load_draft(empty, case_id)
    assert draft is not None and draft["step"] == step
    if items is not None:
        assert len(draft["doc"]["view"]) == items
        assert draft["partial"]["view"]["finding"] == "前台只看门店系统"


@pytest.mark.parametrize(
    ("language", "refused", "hint"),
    [
        ("zh", "“好了”不符合这个写法。", "已填验证结果时可空：已验证的方案须有验证结果或衡量指标"),
        ("en", "“好了” does not follow it.", "a verified solution needs a result or a measure"),
    ],
)
def test_date_hints_name_every_form_and_the_measure_hint_what_verified_needs(
    empty: Path, language: str, refused: str, hint: str
) -> None:
    (empty / "ssvssj.yaml").write_text(
        f"schema_version: 1\nname: n\nlanguage: {language}\n", encoding="utf-8"
    )
    solve = ["推送预约", "1", "门店运营部", "", "", "2026.12.1", "已验证", "", "好了"]
    solve += ["平均等待：15 → 2 分钟", "", ""]
    prompter = ScriptedPrompter(SPOT + SCENE + VIEW + SPLIT + solve)
    shell_for(empty).run(prompter, {}, "spot", {})
    [case] = load_workspace(empty).cases
    assert case.solve[0].due == date(2026, 12, 1)
    dates = [
        a.hint for a in prompter.asked if a.label in ("Due", "截止日期", "Observed on", "观察日期")
    ]
    assert len(dates) == 2
    for form in ("2026-11-02", "2026/11/2", "2026.11.2", "2026年11月2日"):
        assert all(form in shown for shown in dates), dates
    [measure] = {a.hint for a in prompter.asked if a.label in ("Measure", "衡量指标")}
    assert hint in measure
    assert any(refused in said for said in prompter.said), prompter.said


@pytest.mark.parametrize(
    ("language", "severity", "pain", "empty_split"),
    [
        ("zh", "  严重程度：4", "  类型：痛点", "小结：（未填写）"),
        ("en", "  Severity: 4", "  Kind: pain", "Summary: (nothing filled in)"),
    ],
)
def test_a_step_summary_names_each_answer_by_its_field_and_says_when_empty(
    language: str, severity: str, pain: str, empty_split: str
) -> None:
    from ssvssj.method.wizard import summary

    spot = {"touchpoint": "前台", "problem": "p", "severity": 4}
    shown = summary({"title": "t", "spot": spot}, "spot", language).splitlines()
    assert severity in shown and pain in shown, shown
    gain = summary({"spot": {**spot, "kind": "gain"}}, "spot", language)
    assert ("  类型：亮点" if language == "zh" else "  Kind: gain") in gain.splitlines()
    assert summary({"spot": spot}, "split", language) == empty_split


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh", "已停止，这次没有新的回答。继续：ssvssj case continue 20261123-abcd"),
        ("en", "Stopped; nothing new was answered this time. Go on with: ssvssj case continue"),
    ],
)
def test_stopping_a_continued_case_before_any_answer_says_nothing_new_and_how_to_go_on(
    empty: Path, capsys: pytest.CaptureFixture[str], language: str, said: str
) -> None:
    from ssvssj.store.yamlwrite import to_document

    shell_for(empty).run(ScriptedPrompter(SPOT, confirms=[False]), {}, "spot", {})
    [case] = load_workspace(empty).cases
    capsys.readouterr()
    set_language(language)
    try:
        with pytest.raises(typer.Exit) as stopped:
            shell_for(empty).run(ScriptedPrompter([]), to_document(case), "scene", {})
    finally:
        set_language("en")
    assert stopped.value.exit_code == 130
    err = capsys.readouterr().err
    assert said in " ".join(err.split()), err
    assert "没有填写任何回答" not in err and "nothing was answered" not in err
    assert load_workspace(empty).cases == [case]

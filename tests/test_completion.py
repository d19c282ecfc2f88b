"""Tab in the wizard, through the completer readline calls: the names a consultant may mean,
after every separator the hints suggest, even in a workspace made a minute ago."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import typer

from ssvssj.cli.prompter import TerminalPrompter, completer
from ssvssj.cli.wizard_shell import WizardShell
from ssvssj.store.store import load_workspace
from tests.scripted import ScriptedPrompter

TODAY = date(2026, 11, 23)
SEPARATORS = ("→", " → ", "->", "、", "，", ",", " ", "；")


def all_completions(complete: Callable[[str, int], str | None]) -> list[str]:
    found = []
    while (match := complete("", len(found))) is not None:
        found.append(match)
    return found


@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_completer_completes_the_name_after_each_separator(separator: str) -> None:
    words = ["官网", "预约试驾", "门店接待台", "前台"]
    typed = f"官网{separator}预约试驾{separator}前"
    complete = completer(words, lambda: typed)
    assert all_completions(complete) == [f"官网{separator}预约试驾{separator}前台"]


def test_the_completer_offers_every_name_that_fits() -> None:
    complete = completer(["门店接待台", "门店", "官网"], lambda: "官网、门")
    assert all_completions(complete) == ["官网、门店", "官网、门店接待台"]
    assert all_completions(completer(["官网"], lambda: "展")) == []


def wizard_in(root: Path, prompter: object) -> None:
    workspace = load_workspace(root)
    case_id = "20261123-abcd" if not workspace.cases else "20261123-efgh"
    WizardShell(workspace, case_id, None, TODAY).run(prompter, {}, "spot", {})  # type: ignore[arg-type]


def test_tab_in_a_new_workspace_offers_vocabulary_earlier_cases_and_this_runs_names(
    empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readline = pytest.importorskip("readline")
    (empty / "touchpoints.yaml").write_text(
        "touchpoints:\n  官网: {}\n  预约试驾:\n    aliases: [预约]\n", encoding="utf-8"
    )
    earlier = ["", "等位太久", "展厅休息区", "", "", "没人招呼", "3", "", "", ""]
    wizard_in(empty, ScriptedPrompter(earlier, confirms=[False]))

    typed = [""]
    monkeypatch.setattr(readline, "get_line_buffer", lambda: typed[0])
    offered: dict[str, list[str]] = {}
    prompts: list[str] = []

    def tab(line: str) -> list[str]:
        typed[0] = line
        complete = readline.get_completer()
        assert complete is not None
        return all_completions(complete)

    spot = ["", "预约落空", "前台", "", "", "客户到店无人接待", "4", "", "", ""]
    answers = [*spot, "是", "年轻家庭", "按约试驾", ""]

    def line(prompt: str) -> str:
        prompts.append(prompt)
        if prompt.startswith("客户路径 [前台]"):
            for typed_line in ("前", "官网→预约试驾，前", "官网、预", "官网 展", "预约试驾，门"):
                offered[typed_line] = tab(typed_line)
            raise KeyboardInterrupt
        return answers[len(prompts) - 1]

    prompter = TerminalPrompter()
    monkeypatch.setattr(prompter, "_line", line)
    with pytest.raises(typer.Exit):
        wizard_in(empty, prompter)
    assert offered == {
        "前": ["前台"],
        "官网→预约试驾，前": ["官网→预约试驾，前台"],
        "官网、预": ["官网、预约", "官网、预约试驾"],
        "官网 展": ["官网 展厅休息区"],
        "预约试驾，门": [],
    }


def test_the_first_default_shown_says_once_that_a_dash_clears_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ssvssj.i18n import set_language
    from ssvssj.method.wizard import Ask

    set_language("zh")
    prompter = TerminalPrompter()
    plain = Ask(label="标题", hint="一句话")
    with_default = Ask(label="客户路径", hint="按 Tab 补全", default="前台")
    assert "-" not in prompter.hint(plain)
    assert "输入 - 清空方括号里的默认值" in prompter.hint(with_default)
    assert "输入 - 清空" not in prompter.hint(with_default)

"""The wizard in a real pseudo-terminal: Chinese answers, Tab completion, a wrong answer
corrected, Ctrl-C half-way, and `case continue` to finish."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from ssvssj.store.store import load_workspace

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the real terminal test")


def spawn(root: Path, *args: str):  # type: ignore[no-untyped-def]
    executable = shutil.which("ssvssj")
    assert executable, "ssvssj is not installed"
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "SSVSSJ_TODAY": "2026-11-23"}
    return pexpect.spawn(
        executable,
        list(args),
        cwd=str(root),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 100),
    )


def test_a_wizard_session_interrupted_and_continued(example: Path) -> None:
    child = spawn(example, "case", "new")
    child.expect("第 1 步，共 5 步")
    child.expect(re.escape("痛点还是亮点 [痛点]: "))
    child.sendline("")
    child.expect("标题 \\*: ")
    child.sendline("周末试驾排不上")
    child.expect("触点 \\*: ")
    child.send("门店接")
    child.send("\t")
    child.sendline("")
    child.expect("渠道: ")
    child.sendline("")
    child.expect("观察日期 \\[2026-11-23\\]: ")
    child.sendline("")
    child.expect("问题 \\*: ")
    child.sendline("周六想试驾,被告知排到下周")
    child.expect("严重程度（1–5）: ")
    child.sendline("9")
    child.expect("严重程度须为 1–5 的整数")
    child.expect("严重程度（1–5）: ")
    child.sendline("4")
    child.expect("证据 1: ")
    child.sendline("客户原话:那我去别家看看")
    child.expect("证据 2: ")
    child.sendline("")
    child.expect("标签: ")
    child.sendline("")
    child.expect(re.escape("顾问 [王敏]: "))
    child.sendline("")
    child.expect("小结")
    child.expect("继续下一步")
    child.sendline("y")
    child.expect("第 2 步，共 5 步")
    child.expect("客户: ")
    child.sendline("带孩子的年轻家庭")
    child.expect("客户要完成的事: ")
    child.sendintr()
    child.expect("继续：ssvssj case continue (\\d{8}-[a-z0-9]{4})")
    case_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    saved = next(c for c in load_workspace(example).cases if c.id == case_id)
    assert saved.spot.touchpoint == "门店接待台"
    assert saved.spot.severity == 4
    assert saved.step == "scene"

    child = spawn(example, "case", "continue", case_id)
    child.expect("第 2 步，共 5 步")
    child.expect(re.escape("客户 [带孩子的年轻家庭]: "))
    child.sendline("")
    child.expect("客户要完成的事: ")
    child.sendline("周末全家试驾")
    child.expect("情境: ")
    child.sendline("")
    child.expect(re.escape("客户路径 [门店接待台]: "))
    child.send("官网")
    child.send("、预约试")
    child.send("\t")
    child.send("→ 门店接")
    child.send("\t")
    child.sendline("")
    child.expect(re.escape("问题是否发生在从“预约试驾”到“门店接待台”的交接中？ [否]: "))
    child.sendline("是")
    child.expect("客户预期: ")
    child.sendline("")
    child.expect("实际感受: ")
    child.sendline("")
    child.expect("继续下一步")
    child.sendline("x")
    child.expect("请回答“是”或“否”")
    child.expect("继续下一步")
    child.sendline("否")
    child.expect(f"cases/{case_id}.yaml")
    child.expect(f"已保存。之后继续：ssvssj case continue {case_id}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    done = next(c for c in load_workspace(example).cases if c.id == case_id)
    assert done.scene is not None
    assert (done.scene.customer, done.scene.goal) == ("带孩子的年轻家庭", "周末全家试驾")
    assert done.scene.path == ["官网", "预约试驾", "门店接待台"]
    assert done.spot.from_ == "预约试驾"
    assert done.step == "view"


def test_a_less_than_sign_goes_back_to_the_previous_step_in_a_real_terminal(
    example: Path,
) -> None:
    from tests.conftest import Cli

    made = Cli(example)(
        "case", "new", "--no-input", "--title", "停车难找", "--touchpoint", "门店接待台",
        "--problem", "绕了两圈", "--severity", "3", "--consultant", "王敏",
    ).stdout  # fmt: skip
    case_id = Path(made.strip()).stem
    child = spawn(example, "case", "continue", case_id)
    child.expect("第 2 步，共 5 步")
    child.expect("客户: ")
    child.sendline("<")
    child.expect("第 1 步，共 5 步")
    child.expect(re.escape("顾问 [王敏]: "))
    child.sendline("李雷")
    child.expect("小结")
    child.expect("继续下一步")
    child.sendline("是")
    child.expect("第 2 步，共 5 步")
    child.expect("客户: ")
    child.sendline("<")
    child.expect("第 1 步，共 5 步")
    child.expect(re.escape("顾问 [李雷]: "))
    child.sendintr()
    child.expect(f"继续：ssvssj case continue {case_id}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    from ssvssj.store.drafts import load_draft

    draft = load_draft(example, case_id)
    assert draft is not None and draft["step"] == "spot"
    saved = next(c for c in load_workspace(example).cases if c.id == case_id)
    assert saved.consultant == "李雷"


def test_tab_in_a_new_workspace_completes_the_touchpoint_just_given(empty: Path) -> None:
    child = spawn(empty, "case", "new")
    child.expect(re.escape("清空方括号里的默认值"))
    for prompt, answer in [
        (re.escape("痛点还是亮点 [痛点]: "), ""),
        ("标题 \\*: ", "预约落空"),
        ("触点 \\*: ", "前台"),
        ("渠道: ", ""),
        ("观察日期", ""),
        ("问题 \\*: ", "到店没人接待"),
        ("严重程度（1–5）: ", "4"),
        ("证据 1: ", ""),
        ("标签: ", ""),
        ("顾问", ""),
        ("继续下一步", "是"),
        ("客户: ", "年轻家庭"),
        ("客户要完成的事: ", "按约试驾"),
        ("情境: ", ""),
    ]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect(re.escape("客户路径 [前台]: "))
    child.send("官网→预约试驾，前")
    child.send("\t")
    child.sendline("")
    child.expect(re.escape("问题是否发生在从“预约试驾”到“前台”的交接中？"))
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    [draft] = (empty / ".ssvssj" / "drafts").glob("*.yaml")
    assert "- 前台" in draft.read_text(encoding="utf-8").split("path:")[1]

"""Nothing lost: kills at many points leave every file complete (old or new), an interrupted or
hung-up wizard keeps every finished answer, concurrent writers never overwrite each other."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ssvssj.errors import ConcurrentChange
from ssvssj.store.drafts import draft_ids, load_draft
from ssvssj.store.files import create_exclusive, write_atomic
from ssvssj.store.store import load_workspace, read_case, save_case

KILL_POINTS = 40
CASE = "cases/20261104-m2pq.yaml"

SOLVER = """
import sys
from ssvssj.cli import app
statuses = ["doing", "done"]
index = 0
while True:
    try:
        app(["--workspace", sys.argv[1], "case", "solve", "20261104", "s1",
             "--status", statuses[index % 2]], standalone_mode=False)
    except SystemExit:
        pass
    index += 1
"""

REPORTER = """
import sys
from ssvssj.cli import app
languages = ["zh", "en"]
index = 0
while True:
    try:
        app(["--workspace", sys.argv[1], "report", "all", "--lang", languages[index % 2]],
            standalone_mode=False)
    except SystemExit:
        pass
    index += 1
"""


def kill_at_random(script: str, root: Path, seed: int) -> None:
    """Start a writer that never stops, and SIGKILL it at a random moment of its work."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    time.sleep(0.6 + random.Random(seed).random() * 1.2)
    child.send_signal(signal.SIGKILL)
    child.wait()


def test_a_killed_case_writer_leaves_the_old_or_the_new_case(example: Path) -> None:
    path = example / CASE
    for seed in range(KILL_POINTS // 2):
        kill_at_random(SOLVER, example, seed)
        workspace = load_workspace(example, use_cache=False)
        assert workspace.problems == [], workspace.problems
        case = next(c for c in workspace.cases if c.id == "20261104-m2pq")
        assert case.solve[0].status in ("doing", "done", "proposed")
        assert path.read_bytes().endswith(b"\n")


def test_a_killed_report_writer_leaves_complete_reports(example: Path, tmp_path: Path) -> None:
    complete: dict[str, set[bytes]] = {}
    for language in ("zh", "en"):
        target = tmp_path / language
        from typer.testing import CliRunner

        from ssvssj.cli import app

        CliRunner().invoke(
            app,
            ["--workspace", str(example), "report", "all", "--lang", language, "-o", str(target)],
        )
        for page in target.rglob("*.md"):
            complete.setdefault(page.relative_to(target).as_posix(), set()).add(page.read_bytes())
    for seed in range(KILL_POINTS // 2):
        kill_at_random(REPORTER, example, 100 + seed)
        for page in (example / "reports").rglob("*.md"):
            rel = page.relative_to(example / "reports").as_posix()
            assert page.read_bytes() in complete[rel], rel


def test_atomic_replace_never_shows_a_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    old, new = b"a" * 3_000_000, b"b" * 3_000_000
    write_atomic(path, old)
    seen: list[bytes] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            seen.append(path.read_bytes()[:1] + bytes([len(path.read_bytes()) % 251]))

    thread = threading.Thread(target=reader)
    thread.start()
    for index in range(20):
        write_atomic(path, new if index % 2 == 0 else old)
    stop.set()
    thread.join()
    assert {s[:1] for s in seen} <= {b"a", b"b"}
    assert {s[1] for s in seen} == {3_000_000 % 251}


def test_exclusive_create_lets_exactly_one_writer_win(tmp_path: Path) -> None:
    path = tmp_path / "20261123-abcd.yaml"
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda n=n: results.append(create_exclusive(path, b"%d" % n)))
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert len(list(tmp_path.iterdir())) == 1


def test_two_case_new_started_at_once_make_two_files(empty: Path) -> None:
    executable = shutil.which("ssvssj")
    assert executable
    command = [
        executable,
        "case",
        "new",
        "--no-input",
        "--title",
        "同时",
        "--touchpoint",
        "前台",
        "--problem",
        "两个顾问同时记录",
    ]
    children = [
        subprocess.Popen(command, cwd=empty, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [child.communicate()[0].decode().strip() for child in children]
    assert all(child.returncode == 0 for child in children)
    assert len(set(outputs)) == 2
    assert len(list((empty / "cases").iterdir())) == 2


def test_a_case_changed_on_disk_meanwhile_is_not_overwritten(example: Path) -> None:
    workspace = load_workspace(example)
    case, original = read_case(workspace, "20261104-m2pq")
    path = example / CASE
    theirs = path.read_text(encoding="utf-8").replace("severity: 4", "severity: 5", 1)
    path.write_text(theirs, encoding="utf-8")
    case.solve[0].status = "done"
    with pytest.raises(ConcurrentChange):
        save_case(workspace, case, original, case.created)
    assert path.read_text(encoding="utf-8") == theirs


def test_an_edit_that_races_another_writer_keeps_both_versions(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from ssvssj.cli import app

    target = example / CASE
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        f"other = pathlib.Path({str(target)!r})\n"
        "other.write_text(other.read_text(encoding='utf-8').replace('severity: 4', "
        "'severity: 1', 1), encoding='utf-8')\n"
        "mine = pathlib.Path(sys.argv[1])\n"
        "mine.write_text(mine.read_text(encoding='utf-8').replace('报价单', '报价表', 1), "
        "encoding='utf-8')\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    result = CliRunner().invoke(
        app, ["--workspace", str(example), "--language", "en", "case", "edit", "20261104"]
    )
    assert result.exit_code == 2
    assert "changed on disk since this edit began; nothing was written" in result.output
    assert "severity: 1" in target.read_text(encoding="utf-8")
    kept = example / ".ssvssj" / "edit" / "20261104-m2pq.yaml"
    assert "报价表" in kept.read_text(encoding="utf-8")


pexpect = pytest.importorskip("pexpect", reason="pexpect drives the real terminal")

ANSWERS = [
    ("痛点还是亮点", ""),
    ("标题 \\*: ", "信号测试"),
    ("触点 \\*: ", "前台"),
    ("渠道: ", ""),
    ("观察日期", ""),
    ("问题 \\*: ", "等了很久"),
    ("严重程度（1–5）: ", "3"),
    ("证据 1: ", ""),
    ("标签: ", ""),
    ("顾问", ""),  # the example's ssvssj.yaml names a default consultant
    ("继续下一步", "y"),
    ("客户: ", "年轻家庭"),
    ("客户要完成的事: ", "试驾"),
    ("情境: ", ""),
    ("路径", "官网, 前台"),
    ("问题是否发生在", ""),
    ("客户预期: ", ""),
    ("实际感受: ", ""),
    ("继续下一步", "y"),
    ("视角: ", "customer"),
    ("体验维度: ", "empathy"),
    ("发现 \\*: ", "被冷落"),
    ("视角: ", ""),
    ("继续下一步", "y"),
    ("细节: ", "预约不同步"),
    ("体验维度: ", ""),
    ("严重程度（1–5）: ", "4"),
    ("所在触点: ", ""),
    ("根因: ", ""),
    ("细节: ", ""),
    ("继续下一步", "y"),
    ("行动: ", "推送预约"),
    ("针对的细节", ""),
    ("负责人: ", "门店"),
]
STEP_STARTS = [0, 11, 19, 24, 31]  # the answer index where each of the five steps begins


@pytest.mark.parametrize("step", range(5))
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP], ids=["SIGINT", "SIGHUP"])
def test_an_interrupted_wizard_keeps_every_finished_answer(
    example: Path, step: int, signum: int
) -> None:
    executable = shutil.which("ssvssj")
    assert executable
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "SSVSSJ_TODAY": "2026-11-23"}
    child = pexpect.spawn(
        executable, ["case", "new"], cwd=str(example), env=env, encoding="utf-8", timeout=20
    )
    answered = STEP_STARTS[step] + 2
    for prompt, answer in ANSWERS[:answered]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect(ANSWERS[answered][0])
    child.kill(signum)
    child.expect(pexpect.EOF)
    child.close()
    [case_id] = draft_ids(example)
    draft = load_draft(example, case_id)
    assert draft is not None
    doc, partial = draft["doc"], draft["partial"]
    assert doc["title"] == "信号测试"
    if step >= 1:
        assert doc["scene"]["customer"] == "年轻家庭"
        assert any(c.id == case_id for c in load_workspace(example).cases)
    if step == 2:
        assert partial["view"] == {"perspective": "customer", "lens": "empathy"}
    if step >= 3:
        assert doc["view"][0]["finding"] == "被冷落"
    if step == 3:
        assert partial["split"] == {"detail": "预约不同步"}
    if step >= 4:
        assert doc["split"][0]["detail"] == "预约不同步"
        assert partial["solve"]["action"] == "推送预约"

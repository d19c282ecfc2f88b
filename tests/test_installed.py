"""The installed `ssvssj`, run as a real process, the way a consultant's shell runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("ssvssj")
    assert executable, "ssvssj is not installed: run `pip install '.[test]'` first"
    env = {**os.environ, "NO_COLOR": "1", "SSVSSJ_TODAY": "2026-11-23"}
    return subprocess.run(
        [executable, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def test_installed_command_checks_the_example_and_adds_a_case(example: Path) -> None:
    checked = run("check", cwd=example)
    assert checked.returncode == 0, checked.stderr
    assert "17 个有效案例；没有问题" in checked.stdout
    created = run(
        "case",
        "new",
        "--title",
        "扫码点单失败",
        "--touchpoint",
        "展厅",
        "--problem",
        "二维码过期",
        cwd=example / "cases",
        stdin="",
    )
    assert created.returncode == 0, created.stderr
    assert (example / created.stdout.strip()).is_file()


def test_a_broken_file_is_a_message_not_a_traceback(example: Path) -> None:
    (example / "cases" / "20261201-bad1.yaml").write_bytes(b"\xff\xfe\x00")
    result = run("check", cwd=example)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "cases/20261201-bad1.yaml: 文件不是 UTF-8 编码" in result.stdout


@pytest.mark.parametrize("args", [["-m", "ssvssj", "--version"], ["-m", "ssvssj", "--help"]])
def test_python_dash_m_works(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "ssvssj" in result.stdout


def test_the_readme_starts_with_two_commands_that_work_on_a_stock_debian_python() -> None:
    """Debian's and Ubuntu's Python refuse `pip install` outside a virtual environment, so each
    of the two commands at the top makes one first; the skipped tests name what they lack."""
    import re

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    top = readme.split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", top, flags=re.S)
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert commands[0].endswith("&& ssvssj report journey")
    assert "'.[test]'" in commands[1] and commands[1].endswith("&& pytest")
    sources = "".join(
        (root / "tests" / name).read_text(encoding="utf-8")
        for name in ("validators.py", "browser.py")
    )
    for hint in ("apt-get install graphviz", "npm ci --prefix tests/tools", "fonts-noto-cjk"):
        assert hint in sources and hint in top, hint

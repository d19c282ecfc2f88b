"""Every command, as a consultant would type it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ssvssj import __version__
from ssvssj.cli import app
from ssvssj.method.constants import STATUSES, STEPS
from ssvssj.store.store import load_workspace
from tests.conftest import Cli

K3F9 = "20261102-k3f9"


def test_init_makes_a_workspace_that_checks_clean(tmp_path: Path) -> None:
    root = tmp_path / "客户A"
    result = CliRunner().invoke(app, ["init", str(root), "--language", "en"])
    assert result.exit_code == 0, result.output
    assert (root / "cases").is_dir()
    assert ".ssvssj/" in (root / ".gitignore").read_text().splitlines()
    assert "language: en" in (root / "ssvssj.yaml").read_text()
    assert "name: 客户A" in (root / "ssvssj.yaml").read_text(encoding="utf-8")
    assert (root / ".ssvssj" / "case.schema.json").is_file()
    Cli(root)("check")


@pytest.mark.parametrize("name", ["Acme\x1b]0;x\x07", "A\rB", "甲\ufffe"])
def test_init_refuses_a_name_its_own_check_would_reject(tmp_path: Path, name: str) -> None:
    root = tmp_path / "ws"
    result = CliRunner().invoke(app, ["init", str(root), "--name", name])
    assert result.exit_code == 2, result.output
    assert "项目名称不可用" in result.output
    assert "Traceback" not in result.output
    assert not root.exists()


@pytest.mark.parametrize("names", [(".ssvssj", "cases"), ("reports",), ("templates",)])
def test_init_writes_nothing_through_a_link_leading_out(
    tmp_path: Path, names: tuple[str, ...]
) -> None:
    outside, root = tmp_path / "out", tmp_path / "ws"
    outside.mkdir()
    root.mkdir()
    for name in names:
        (root / name).symlink_to(outside)
    (root / "inside").mkdir()
    (root / "touchpoints.yaml").symlink_to(root / "inside" / "vocabulary.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "ssvssj", "init", str(root), "--name", "X"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 2, result.stderr
    for name in names:
        assert str(root / name) in result.stderr
    assert "指向工作区之外的符号链接；没有写入任何文件" in result.stderr
    assert "touchpoints.yaml" not in result.stderr
    assert "已创建" not in result.stdout
    assert list(outside.iterdir()) == []
    assert sorted(path.name for path in root.iterdir()) == sorted(
        [*names, "inside", "touchpoints.yaml"]
    )


def test_init_refuses_an_existing_workspace(empty: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(empty)])
    assert result.exit_code == 2
    assert "已存在：这里已经是工作区" in result.output


def test_case_new_without_a_terminal_takes_options_and_prints_the_path(cli_empty: Cli) -> None:
    result = cli_empty(
        "case",
        "new",
        "--title",
        "无人接待",
        "--touchpoint",
        "前台",
        "--problem",
        "等了15分钟",
        "--severity",
        "4",
        "--channel",
        "门店",
        "--evidence",
        "原话",
        "--tag",
        "销售",
    )
    path = result.stdout.strip()
    assert path.startswith("cases/20261123-") and path.endswith(".yaml")
    text = (cli_empty.root / path).read_text(encoding="utf-8")
    assert "title: 无人接待\n" in text
    assert "created: 2026-11-23\n" in text
    [case] = load_workspace(cli_empty.root).cases
    assert (case.spot.severity, case.spot.channel, case.tags) == (4, "门店", ["销售"])


def test_case_new_names_the_missing_option(cli_empty: Cli) -> None:
    result = cli_empty("case", "new", "--title", "x", "--touchpoint", "前台", code=2)
    said = "缺少回答：问题（`spot.problem`）；请用 --problem 给出问题（或写在 --from 所指的文件中）"
    assert said in result.output
    assert not list((cli_empty.root / "cases").iterdir())


def test_case_new_from_stdin_with_a_typo_is_a_clear_error(cli_empty: Cli) -> None:
    partial = "title: t\nspot:\n  touchpoint: 前台\n  problem: p\n  sevrity: 3\n"
    result = cli_empty("case", "new", "--from", "-", input=partial, code=2)
    assert "spot.sevrity: 未知的键“sevrity”" in result.output
    assert "Traceback" not in result.output
    assert not list((cli_empty.root / "cases").iterdir())


def test_problems_of_from_answers_point_at_the_input_and_its_lines(
    cli_example: Cli, tmp_path: Path
) -> None:
    partial = "title: t\nspot:\n  touchpoint: 前台\n  problem: p\n  severity: 9\n"
    result = cli_example("case", "new", "--no-input", "--from", "-", input=partial, code=2)
    assert "-:5: spot.severity: 严重程度须为 1–5 的整数，现为 9" in result.output
    assert "cases/" not in result.output
    source = tmp_path / "scene.yaml"
    source.write_text(
        "# the scene\nscene:\n  customer: 客户\n  goal: 试驾\n  path: [报价, 签约]\n"
        "  expectation: [一, 二]\n",
        encoding="utf-8",
    )
    result = cli_example("case", "continue", "20261111", "--from", str(source), code=2)
    assert f"{source}:6: scene.expectation: " in result.output
    assert "20261111-b3k5" not in result.output.split(str(source))[0]


def test_case_new_from_a_file_with_later_steps(cli_empty: Cli, tmp_path: Path) -> None:
    source = tmp_path / "partial.yaml"
    source.write_text(
        "title: t\nspot:\n  touchpoint: 前台\n  problem: p\nscene:\n  path: [官网, 前台]\n",
        encoding="utf-8",
    )
    cli_empty("case", "new", "--from", str(source), "--severity", "5")
    [case] = load_workspace(cli_empty.root).cases
    assert case.step == "view"
    assert case.spot.severity == 5


def test_two_new_cases_make_two_files(cli_empty: Cli) -> None:
    for _ in range(2):
        cli_empty("case", "new", "--title", "t", "--touchpoint", "a", "--problem", "p")
    assert len(list((cli_empty.root / "cases").iterdir())) == 2


def test_case_continue_from_a_file_adds_the_next_step(cli_example: Cli, tmp_path: Path) -> None:
    source = tmp_path / "view.yaml"
    source.write_text(
        "scene:\n  customer: 客户\n  path: [报价, 签约]\nview:\n  - perspective: frontline\n"
        "    finding: 没人负责\n",
        encoding="utf-8",
    )
    cli_example("case", "continue", "20261111", "--from", str(source))
    case = next(c for c in load_workspace(cli_example.root).cases if c.id == "20261111-b3k5")
    assert case.step == "split"


def test_case_continue_without_a_terminal_says_what_to_do(cli_example: Cli) -> None:
    result = cli_example("case", "continue", "20261111", code=2)
    assert "要提问，需要在终端中运行" in result.output
    assert "可用 --from 指定一个写有要补充部分的文件" in result.output


def test_case_list_filters(cli_example: Cli) -> None:
    def ids(*args: str) -> list[str]:
        result = cli_example("case", "list", "--json", *args)
        return [row["id"] for row in json.loads(result.stdout)["cases"]]

    assert len(ids()) == 17
    assert ids("--touchpoint", "接待台") == ["20261102-k3f9", "20261114-n7u2", "20261117-d6l1"]
    assert ids("--step", "scene") == ["20261111-b3k5", "20261112-x2y4"]
    for same in ("2", "解读场景", "解读", "Scene", "２"):
        assert ids("--step", same) == ["20261111-b3k5", "20261112-x2y4"]
    assert ids("--step", "5") == ids("--step", "制定方案") == ids("--step", "solve")
    assert ids("--step", "拆解") == ids("--step", "split")
    assert ids("--tag", "交付") == ["20261106-h4n6", "20261113-e5g8"]
    open_ids = ids("--open")
    assert "20261102-k3f9" not in open_ids and "20261117-d6l1" not in open_ids
    assert "20261104-m2pq" in open_ids


def test_case_list_table_fits_eighty_columns(
    cli_example: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli_example("case", "list")
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    assert "预约试驾到店后无人接待" in result.stdout.replace("\n", "").replace(" ", "")
    assert "17 个案例" in result.stdout


def test_case_show_by_prefix(cli_example: Cli) -> None:
    result = cli_example("case", "show", "20261102")
    assert "预约试驾到店后无人接待" in result.stdout
    assert "线上预约不同步到门店系统" in result.stdout
    data = json.loads(cli_example("case", "show", "20261102", "--json").stdout)
    assert data["kind"] == "case"
    assert data["case"]["id"] == K3F9
    assert data["case"]["derived"] == {
        "step": "solve",
        "state": "verified",
        "severity": 4,
        "file": f"cases/{K3F9}.yaml",
    }


@pytest.mark.parametrize(
    ("prefix", "message"),
    [
        ("2026", "“2026”对应 17 个案例"),
        ("20991231", "没有编号为“20991231”的案例"),
        ("../etc", "“../etc”不是案例编号"),
    ],
)
def test_bad_ids_are_usage_errors(cli_example: Cli, prefix: str, message: str) -> None:
    result = cli_example("case", "show", prefix, code=2)
    assert message in result.output


def test_case_solve_keeps_comments_and_changes_only_its_lines(cli_example: Cli) -> None:
    path = cli_example.root / "cases" / "20261104-m2pq.yaml"
    original = path.read_text(encoding="utf-8")
    hand_edited = original.replace(
        "title: 报价单费用项目看不懂", "title: 报价单费用项目看不懂  # 客户最在意"
    )
    hand_edited = hand_edited.replace("spot:\n", "# 门店观察\nspot:\n")
    path.write_text(hand_edited, encoding="utf-8")
    result = cli_example("case", "solve", "20261104", "s2", "--status", "doing")
    assert result.stdout == "20261104-m2pq s2：待推进 → 进行中\n"
    after = path.read_text(encoding="utf-8").splitlines()
    before = hand_edited.splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        ("updated: 2026-11-18", "updated: 2026-11-23"),
        ("    status: proposed", "    status: doing"),
    ]


def test_case_solve_writes_in_the_files_own_list_indentation(cli_example: Cli) -> None:
    """Lists written with `- ` at their key's column (as PyYAML and many editors write them)
    stay so: the changed line is written where its neighbours are."""
    import yaml

    path = cli_example.root / "cases" / "20261104-m2pq.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    flush = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    assert "\n- id: s2\n" in flush
    path.write_text(flush, encoding="utf-8")
    cli_example("check")
    cli_example("case", "solve", "20261104", "s2", "--status", "doing")
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(flush.splitlines(), after, strict=True) if a != b]
    assert changed == [
        ("updated: 2026-11-18", "updated: 2026-11-23"),
        ("  status: proposed", "  status: doing"),
    ]


def test_case_solve_with_result_adds_one_line(cli_example: Cli) -> None:
    path = cli_example.root / "cases" / "20261104-m2pq.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    cli_example("case", "solve", "20261104", "s1", "--status", "verified", "--result", "投诉减半")
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 1
    assert "    result: 投诉减半" in after


def test_case_solve_takes_the_status_in_either_language_or_by_number(cli_example: Cli) -> None:
    path = cli_example.root / "cases" / "20261104-m2pq.yaml"
    assert cli_example("case", "solve", "20261104", "s1", "--status", "已验证").stdout.endswith(
        "s1：进行中 → 已验证\n"
    )
    assert "    status: verified" in path.read_text(encoding="utf-8")
    cli_example("case", "solve", "20261104", "s1", "--status", "2")
    assert "    status: doing" in path.read_text(encoding="utf-8")
    refused = cli_example("case", "solve", "20261104", "s1", "--status", "完美", code=2)
    assert "--status：“完美”不在可选项中：1 待推进、2 进行中、3 已完成、4 已验证、5 不采纳" in (
        refused.output
    )
    refused = cli_example("case", "list", "--step", "6", code=2)
    assert "--step：“6”不在可选项中：1 发现问题、2 解读场景" in refused.output


def test_case_solve_unknown_solution(cli_example: Cli) -> None:
    result = cli_example("case", "solve", "20261104", "s9", "--status", "done", code=2)
    assert "案例 20261104-m2pq 没有方案“s9”（已有的方案：s1、s2）" in result.output


def replacing_editor(tmp_path: Path, before: str, after: str) -> str:
    """An $EDITOR that replaces `before` with `after` in the file it is given."""
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        f"p.write_text(p.read_text(encoding='utf-8').replace({before!r}, {after!r}, 1),"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {editor}"


def test_case_edit_saves_a_valid_edit(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "severity: 5"))
    cli_example("case", "edit", "20261104")
    case = next(c for c in load_workspace(cli_example.root).cases if c.id == "20261104-m2pq")
    assert case.spot.severity == 5


def test_case_edit_sets_updated_only_when_the_content_changed(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """case-format.md: `updated` is set by the tool whenever it writes the case. The edit is
    saved as written, apart from that one line."""
    path = cli_example.root / "cases" / "20261104-m2pq.yaml"
    before = path.read_text(encoding="utf-8")
    old_updated = next(line for line in before.splitlines() if line.startswith("updated:"))
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "severity: 5  # 复核"))
    cli_example("case", "edit", "20261104")
    after = path.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        (old_updated, "updated: 2026-11-23"),
        ("  severity: 4", "  severity: 5  # 复核"),
    ]
    path.write_text(before, encoding="utf-8")
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "severity: 4  # 同"))
    cli_example("case", "edit", "20261104")
    assert path.read_text(encoding="utf-8") == before.replace("severity: 4", "severity: 4  # 同", 1)


def test_case_edit_never_saves_an_invalid_file(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "sevrity: 4"))
    path = cli_example.root / "cases" / "20261104-m2pq.yaml"
    before = path.read_bytes()
    result = cli_example("--language", "en", "case", "edit", "20261104", code=2)
    assert "spot.sevrity: unknown key" in result.output
    assert "your edit is kept in" in result.output
    assert path.read_bytes() == before
    kept = cli_example.root / ".ssvssj" / "edit" / "20261104-m2pq.yaml"
    assert "sevrity: 4" in kept.read_text(encoding="utf-8")


def test_check_lists_every_problem_and_exits_1(cli_example: Cli) -> None:
    cases = cli_example.root / "cases"
    (cases / "20261201-bad1.yaml").write_text(
        "schema_version: 1\nid: 20261201-bad1\n", encoding="utf-8"
    )
    (cases / "20261201-bad2.yaml").write_bytes("标题: 坏".encode("gbk"))
    result = cli_example("check", code=1)
    assert "cases/20261201-bad1.yaml:1: title: 缺少必填项：标题" in result.stdout
    assert "cases/20261201-bad2.yaml: 文件不是 UTF-8 编码" in result.stdout
    assert "17 个有效案例；2 个文件中有 4 个问题" in result.stdout
    github = cli_example("check", "--format", "github", code=1).stdout.splitlines()
    assert "::error file=cases/20261201-bad1.yaml,line=1::title: 缺少必填项：标题" in github
    data = json.loads(cli_example("check", "--format", "json", code=1).stdout)
    assert data["cases"] == 17 and len(data["problems"]) == 4


def test_other_commands_warn_and_go_on_past_a_bad_file(cli_example: Cli) -> None:
    (cli_example.root / "cases" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    result = cli_example("case", "list")
    assert "17 个案例" in result.stdout
    assert "已跳过 1 个有问题的文件（共 1 个问题）" in result.stderr


def test_schema_is_json_schema_of_a_case(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--language", "en", "schema"])
    schema = json.loads(result.stdout)
    assert schema["title"].startswith("ssvssj case")
    assert {"spot", "scene", "view", "split", "solve"} <= set(schema["properties"])
    CliRunner().invoke(app, ["--language", "en", "schema", "-o", str(tmp_path / "s.json")])
    assert json.loads((tmp_path / "s.json").read_text()) == schema
    chinese = json.loads(CliRunner().invoke(app, ["--language", "zh", "schema"]).stdout)
    assert chinese["title"].startswith("ssvssj 案例")
    assert chinese["properties"].keys() == schema["properties"].keys()


def test_workspace_is_found_upwards_and_by_environment(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example / "cases")
    assert CliRunner().invoke(app, ["check"]).exit_code == 0
    monkeypatch.chdir(example.parent)
    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 2
    assert "no ssvssj workspace here" in result.output
    monkeypatch.setenv("SSVSSJ_WORKSPACE", str(example))
    assert CliRunner().invoke(app, ["check"]).exit_code == 0


def test_version_names_the_yaml_loader() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.stdout.startswith(f"ssvssj {__version__} (YAML: ")


def test_the_words_of_every_choice_match_the_format() -> None:
    from ssvssj.method.constants import LENSES, LEVELS, PERSPECTIVES
    from ssvssj.method.terms import TERMS

    assert tuple(TERMS["step"]) == STEPS
    assert tuple(TERMS["status"]) == STATUSES
    assert tuple(TERMS["lens"]) == LENSES
    assert tuple(TERMS["perspective"]) == PERSPECTIVES
    assert tuple(TERMS["cost"]) == tuple(TERMS["impact"]) == LEVELS


def _commands(group, prefix=()):  # type: ignore[no-untyped-def]
    import typer.main

    click_group = typer.main.get_command(app) if group is None else group
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@pytest.mark.parametrize("path", [p for p, _ in _commands(None)], ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example: ssvssj" in result.stdout, result.stdout


def test_no_args_shows_help() -> None:
    result = CliRunner().invoke(app, [])
    assert "case" in result.output and "check" in result.output


@pytest.mark.parametrize(
    ("words", "language"),
    [
        (("痛点", "客户", "共鸣", "完成", "2", "大"), "zh"),
        (("pain", "1", "Empathy", "done", "medium", "high"), "en"),
    ],
)
def test_from_answers_take_every_choice_by_number_english_or_chinese_word(
    tmp_path: Path, words: tuple[str, ...], language: str
) -> None:
    root = tmp_path / "ws"
    CliRunner().invoke(app, ["init", str(root), "--name", "n", "--language", language])
    kind, perspective, lens, status, cost, impact = words
    partial = (
        f"title: t\nspot:\n  touchpoint: 报价\n  problem: p\n  kind: {kind}\n  severity: 3\n"
        f"view:\n  - perspective: {perspective}\n    lens: {lens}\n    finding: f\n"
        f"solve:\n  - id: s1\n    action: a\n    owner: o\n    status: {status}\n"
        f"    cost: {cost}\n    impact: {impact}\n"
    )
    Cli(root)("case", "new", "--no-input", "--from", "-", input=partial)
    [written] = (root / "cases").iterdir()
    text = written.read_text(encoding="utf-8")
    for stored in ("kind: pain", "perspective: customer", "lens: empathy", "status: done"):
        assert stored in text
    assert "cost: medium" in text and "impact: high" in text


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("zh", "--severity：亮点没有严重程度：请去掉 --severity，或用 --kind 痛点"),
        ("en", "--severity: a gain has no severity: drop --severity, or use --kind pain"),
    ],
)
def test_a_problem_caused_by_an_option_names_the_option_not_an_unwritten_file(
    tmp_path: Path, language: str, said: str
) -> None:
    root = tmp_path / "ws"
    CliRunner().invoke(app, ["init", str(root), "--name", "n", "--language", language])
    answers = ("--title", "t", "--touchpoint", "报价", "--problem", "p", "--severity", "3")
    result = Cli(root)("case", "new", "--no-input", *answers, "--kind", "gain", code=2)
    assert said in result.output
    assert "cases/" not in result.output
    partial = "title: t\nspot:\n  touchpoint: 报价\n  problem: p\n  kind: 亮点\n"
    result = Cli(root)(
        "case", "new", "--no-input", "--from", "-", "--severity", "3", input=partial, code=2
    )
    assert said in result.output
    assert not list((root / "cases").iterdir())
    scene = "scene:\n  path: [官网, 报价]\n"
    handover = ("--handover", "试驾", "--from", "-")
    result = Cli(root)("case", "new", "--no-input", *answers[:6], *handover, input=scene, code=2)
    assert ("--handover：" if language == "zh" else "--handover: ") in result.output
    assert "cases/" not in result.output


@pytest.mark.parametrize("language", ["zh", "en"])
def test_problems_of_an_edit_point_into_the_edited_copy(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("EDITOR", replacing_editor(tmp_path, "severity: 4", "severity: 8"))
    result = cli_example("--language", language, "case", "edit", "20261104", code=2)
    kept = ".ssvssj/edit/20261104-m2pq.yaml"
    [line] = [line for line in result.output.splitlines() if "spot.severity" in line]
    assert line.strip().startswith(f"{kept}:"), line
    assert "cases/20261104-m2pq.yaml:" not in result.output
    number = int(line.strip().split(":")[1])
    assert "severity: 8" in (cli_example.root / kept).read_text().splitlines()[number - 1]


def test_an_empty_case_list_says_so_without_an_empty_table(cli_empty: Cli) -> None:
    assert cli_empty("case", "list").output == "0 个案例\n"
    assert cli_empty("--language", "en", "case", "list").output == "0 case(s)\n"

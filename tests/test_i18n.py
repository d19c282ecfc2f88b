"""Every message is written in both languages, and the Chinese follows the glossary's typography."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from ssvssj.i18n import declared_language, locale_language, set_language, tr

PACKAGE = Path(__file__).resolve().parent.parent / "ssvssj"
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
HALF_WIDTH_BESIDE_CJK = re.compile(rf"{CJK}[,:;!?()]|[,:;!?(]\s*{CJK}|{CJK}\s*\)")
# What may stay Latin inside Chinese text: placeholders, code in backticks, options, file names,
# ids and the method's own step names where the glossary's headings show them.
ALLOWED_LATIN = re.compile(
    r"\{[a-z_]+\}|`[^`]*`|--?[a-z][a-z-]*|[\w./-]+\.(?:yaml|yml|md|csv|json|xlsx|j2)\b|\b[a-z][\w.-]*/"
    r"|\bssvssj(?: [a-z][a-z-]*)*|\b[A-Z][A-Z0-9_]+\b"
    r"|\b(?:Spot|Scene|View|Split|Solve|Journey|YAML|UTF-8|GBK|CSV|Excel|JSON|ID|Tab|app|MiB)\b"
)
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
# No space between Chinese and Chinese quotes or brackets: `现为“高”`, not `现为 “高”`.
SPACE_BESIDE_WIDE = re.compile(rf"(?:{CJK}|[，：、；（）“”]) [“（]|[”）] {CJK}")


def message_pairs() -> list[tuple[str, int, str, str]]:
    pairs = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "pick")
                and len(node.args) >= 2
            ):
                en, zh = node.args[0], node.args[1]
                assert isinstance(en, ast.Constant) and isinstance(zh, ast.Constant), (
                    f"{path.name}:{node.lineno}: tr() takes two literal texts"
                )
                pairs.append(
                    (path.relative_to(PACKAGE).as_posix(), node.lineno, en.value, zh.value)
                )
    return pairs


def catalog_pairs() -> list[tuple[str, int, str, str]]:
    """The reports' catalog and the method's words: pairs written as data, not as tr() calls."""
    from ssvssj.method.terms import FIELDS, STEP_HEADINGS, TERMS
    from ssvssj.method.wizard import WIZARD_STEPS
    from ssvssj.reports.catalog import ZH

    pairs = [
        ("reports/catalog.py", 0, en.replace("%(", "{").replace(")s", "}"), zh)
        for en, zh in ZH.items()
    ]
    pairs = [
        (where, line, en, zh.replace("%(", "{").replace(")s", "}")) for where, line, en, zh in pairs
    ]
    for kind, words in TERMS.items():
        pairs += [(f"method/terms.py:{kind}", 0, en, zh) for en, zh in words.values()]
    for table in (FIELDS, STEP_HEADINGS):
        pairs += [(f"method/terms.py:{key}", 0, en, zh) for key, (en, zh) in table.items()]
    from ssvssj.store.yamltexts import CONTEXTS, PROBLEMS

    for table in (PROBLEMS, CONTEXTS):
        pairs += [("store/yamltexts.py", 0, en, zh) for _, en, zh in table if en]
    for step in WIZARD_STEPS:
        pairs += [(f"method/wizard.py:{step.name}", 0, *pair) for pair in (step.title, step.hint)]
        for question in step.questions:
            pairs += [
                (f"method/wizard.py:{question.key}", 0, *pair)
                for pair in (question.label, question.hint, *(question.gain or ()))
            ]
    return pairs


PAIRS = message_pairs() + catalog_pairs()


def test_messages_exist_in_both_languages() -> None:
    assert len(PAIRS) >= 3
    for where, line, en, zh in PAIRS:
        assert en.strip() and zh.strip(), f"{where}:{line}"
        assert set(re.findall(r"\{(\w+)\}", en)) == set(re.findall(r"\{(\w+)\}", zh)), (
            f"{where}:{line}: the two languages fill different fields"
        )


@pytest.mark.parametrize(("where", "line", "en", "zh"), PAIRS)
def test_chinese_messages_follow_the_glossary_typography(
    where: str, line: int, en: str, zh: str
) -> None:
    assert not HALF_WIDTH_BESIDE_CJK.search(ALLOWED_LATIN.sub("", zh)), (
        f"{where}:{line}: half-width punctuation beside Chinese: {zh!r}"
    )
    leftover = ENGLISH_WORD.findall(ALLOWED_LATIN.sub("", zh))
    assert not leftover, f"{where}:{line}: English words in a Chinese message: {leftover}"
    assert not SPACE_BESIDE_WIDE.search(zh), f"{where}:{line}: a space beside Chinese: {zh!r}"
    assert not set("\u300c\u300d") & set(zh), f"{where}:{line}: quote with “”: {zh!r}"


def test_the_language_is_chosen_once_and_fills_fields() -> None:
    set_language("zh")
    try:
        assert tr("{n} cases", "{n} 个案例", n=17) == "17 个案例"
    finally:
        set_language("en")
    assert tr("{n} cases", "{n} 个案例", n=17) == "17 cases"


@pytest.mark.parametrize(
    ("text", "params", "filled"),
    [
        ("现为 {value}", {"value": "“高”"}, "现为“高”"),
        ("现为 {value}", {"value": "列表"}, "现为列表"),
        ("现为 {value}", {"value": 7}, "现为 7"),
        ("与案例 {id}重复", {"id": "20261124-laiy"}, "与案例 20261124-laiy 重复"),
        (
            "从 {a} 到 {b}",
            {"a": "e47b3cc（2026-11-24）", "b": "工作区"},
            "从 e47b3cc（2026-11-24）到工作区",
        ),
        ("第{n}行：{message}", {"n": 3, "message": "4S店 前台"}, "第 3 行：4S店 前台"),
    ],
)
def test_a_value_meets_chinese_text_with_the_glossarys_spacing(
    text: str, params: dict[str, object], filled: str
) -> None:
    """The spacing where a value meets the text follows the value; inside a value nothing moves."""
    set_language("zh")
    try:
        assert tr("-", text, **params) == filled
    finally:
        set_language("en")


def test_the_locale_decides_outside_a_workspace() -> None:
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert locale_language({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({}) == "en"


def test_the_declared_language_is_read_without_yaml() -> None:
    assert declared_language(b"schema_version: 1\nname: x\nlanguage: zh\n") == "zh"
    assert declared_language(b'language: "en"  # reports\n') == "en"
    assert declared_language(b"name: language: zh\n") is None


# Every output a Chinese consultant reads, scanned: the example workspace and a generated one,
# every command (machine formats aside: --json, the JSON and GraphML exports, the schema).
ID = re.compile(r"\b\d{8}-[a-z0-9]{4}\b|\b[ds]\d+\b|\b[0-9a-f]{7,40}\b|\[[a-z]+(?:-[a-z]+)*\]")
PATH_LIKE = re.compile(
    r"(?:/[\w.\-]+)+/?|\b[\w.\-]+/[\w./\-]*|[\w.\-]+\.(?:yaml|yml|md|csv|json|xlsx|svg|html)\b"
)
FENCE = re.compile(r"```.*?```", re.S)
# A problem's place, `file:line: field: `, is read by editors like a compiler's: code, not prose.
PROBLEM_PLACE = re.compile(r"^(\s*)\S+?\.(?:yaml|yml|csv|xlsx)(?::\d+)?: (?:[\w.\[\]]+: )?", re.M)
TAG_TEXT = re.compile(r">([^<>]+)<")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def user_texts(root: Path) -> list[str]:
    """Every text the workspace's files hold, longest first: output may repeat it as written."""
    import yaml

    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and node.strip():
            found.add(node.strip())
            found.update(part for part in re.split(r"[\s,，、;；]+", node) if part)

    for path in sorted(root.rglob("*.yaml")):
        if ".ssvssj" not in path.parts:
            walk(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    return sorted(found, key=len, reverse=True)


def scan(text: str, texts: list[str]) -> list[str]:
    """What in `text` breaks the glossary's typography or is English outside what may be."""
    text = PROBLEM_PLACE.sub(r"\1¤", text)
    text = ALLOWED_LATIN.sub("¤", ID.sub("¤", PATH_LIKE.sub("¤", text)))
    for item in sorted(texts, key=len, reverse=True):
        text = text.replace(item, "¤")
    found = [m.group(0) for m in HALF_WIDTH_BESIDE_CJK.finditer(text)]
    return found + ENGLISH_WORD.findall(text)


def readable(command: tuple[str, ...], output: str, texts: list[str]) -> str:
    """The words of an output a person reads: diagram labels, not the diagram language; table
    cells, not the commas between them; text a drawing split across lines, not its pieces."""
    import csv
    import html
    import io

    if "--format" in command:
        fmt = command[command.index("--format") + 1]
        if fmt == "mermaid":
            return "\n".join(QUOTED.findall(output))
        if fmt == "dot":
            return "\n".join(re.findall(r'label="((?:[^"\\]|\\.)*)"', output))
        if fmt == "mermaid-journey":
            return "\n".join(
                line.split(":")[0].replace("section", "").replace("title", "")
                for line in output.splitlines()[1:]
            )
        if fmt in ("csv", "blueprint"):
            rows = csv.reader(io.StringIO(output.lstrip("\ufeff")))
            return "\n".join(cell for row in rows for cell in row)
        if fmt in ("svg", "html"):
            body = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", output, flags=re.S)
            pieces = [html.unescape(piece).strip() for piece in TAG_TEXT.findall(body)]
            return "\n".join(
                piece
                for piece in pieces
                if piece and not any(piece.strip("“”…") in text for text in texts)
            )
    return FENCE.sub("", output)


VOC = "门店,内容,日期\n" + "前台,等了很久没人理,2026/11/21\n" * 2 + ",,\n展厅,没人,明天\n"
BROKEN = """schema_version: 1
id: 20261102-bad1
title: 测试
created: 20261102
updated: 2026-13-01
spot:
  touchpoint: 前台
  problem: 等
  severity: ①
  sevrity: 3
view:
  - perspective: customer
    lens: 透镜
    finding: 看
split:
  - id: d1
    detail: "  "
    severity: 7
solve:
  - id: s1
    action: 做
    addresses: [d9]
    status: finished
    due: 2026/11/2
    cost: cheap
tags: 销售
"""
# Every kind of name conflict a vocabulary can hold, appended to the workspace's own.
CONFLICTS = """  ＡＢＣ: {{}}
  abc: {{}}
  甲:
    aliases: [{aliased}]
  乙:
    aliases: [甲]
  丙:
    aliases: [" "]
"""
CAUSE_CONFLICTS = """causes:
  甲: {}
  ＡＢＣ: {}
  abc: {}
  乙:
    aliases: [甲]
  丙:
    aliases: [乙]
  丁:
    aliases: [戊]
  戊: {}
"""


def _an_alias(path: Path) -> str:
    """An alias the vocabulary already gives one of its touchpoints."""
    import yaml

    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["touchpoints"] or {}
    return next(alias for entry in entries.values() if entry for alias in entry.get("aliases", []))


TYPED = [
    "等了很久没人理",
    "复访",
    "周末试驾排不上",
    "周六想试驾，被告知排到下周",
    "inside",
    "没人",
    "明天",
]
TYPED += [
    "测试",
    "前台",
    "等",
    "透镜",
    "看",
    "做",
    "d9",
    "finished",
    "cheap",
    "销售",
    "①",
    "sevrity",
    "ＡＢＣ",
    "abc",
]
EXPORTS = ("mermaid", "mermaid-journey", "dot", "csv", "blueprint", "svg", "html")
MACHINE_FORMATS = {("schema",)}


def _every_command_line(case_id: str, solution: str, table: Path, answers: Path) -> list[tuple]:
    return [
        ("check",),
        ("case", "list"),
        ("case", "list", "--step", "拆解"),
        ("case", "show", case_id),
        ("touchpoints",),
        ("touchpoints", "--suggest"),
        ("causes",),
        ("causes", "--suggest"),
        ("journey", "show"),
        ("journey", "variants"),
        ("journey", "gaps"),
        *(("journey", "export", "--format", fmt) for fmt in EXPORTS),
        ("report", "index"),
        ("report", "portfolio"),
        ("report", "journey"),
        ("report", "case", case_id),
        ("report", "progress", "--since", "HEAD~1"),
        ("journey", "diff", "HEAD~1"),
        ("case", "log", case_id),
        ("case", "solve", case_id, solution, "--status", "进行中"),
        ("case", "new", "--no-input", "--title", "周末试驾排不上", "--touchpoint", "试驾",
         "--problem", "周六想试驾，被告知排到下周", "--observed", "2026年11月20日"),
        ("case", "continue", case_id, "--from", str(answers)),
        ("case", "edit", case_id),
        ("import", str(table), "--map", "touchpoint=门店,problem=内容,observed=日期", "--dry-run"),
        ("import", str(table), "--map", "touchpoint=门店,problem=内容,observed=日期"),
        ("journey", "accept"),
        ("report", "all"),
        ("case", "show", "2099"),
        ("case", "solve", case_id, solution, "--status", "完美"),
        ("journey", "show", "--since", "2026-13-01"),
        ("init", "inside"),
    ]  # fmt: skip


def _outputs(
    root: Path, lines: list[tuple], texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    from typer.testing import CliRunner

    from ssvssj.cli import app

    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setenv("EDITOR", "true")
    monkeypatch.chdir(root)
    runner = CliRunner()
    outputs = {}
    for line in lines:
        result = runner.invoke(app, ["--workspace", str(root), *line])
        assert "Traceback" not in result.output, (line, result.output)
        outputs[" ".join(line)] = readable(line, result.output, texts)
    (root / "cases" / "20261102-bad1.yaml").write_text(BROKEN, encoding="utf-8")
    with (root / "touchpoints.yaml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write(CONFLICTS.format(aliased=_an_alias(root / "touchpoints.yaml")))
    (root / "causes.yaml").write_text(CAUSE_CONFLICTS, encoding="utf-8")
    first = sorted((root / "cases").glob("*.yaml"))[-1]
    (root / "cases" / "copy").mkdir()
    shutil.copy(first, root / "cases" / "copy" / first.name)
    for line in (("check",), ("journey", "show"), ("case", "show", "20261102-bad1")):
        result = runner.invoke(app, ["--workspace", str(root), *line])
        outputs[" ".join(("broken", *line))] = readable(line, result.output, texts)
    for report in sorted((root / "reports").rglob("*.md")):
        text = report.read_text("utf-8")
        outputs[report.relative_to(root).as_posix()] = readable((), text, texts)
    return outputs


def _in_git(root: Path) -> None:
    from tests.gitrepo import commit, init_repo

    init_repo(root)
    commit(root, "first visit", "2026-11-20")
    commit(root, "second visit", "2026-11-21")


def _leftovers(outputs: dict[str, str], texts: list[str]) -> dict[str, list[str]]:
    found = {line: scan(output, texts) for line, output in outputs.items()}
    return {line: words for line, words in found.items() if words}


@pytest.fixture
def _git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gitrepo import GIT_ENV

    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("_git_env")
def test_every_output_of_the_example_speaks_the_glossarys_chinese(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in_git(example)
    table = tmp_path / "voc.csv"
    table.write_text(VOC, encoding="utf-8")
    answers = tmp_path / "more.yaml"
    answers.write_text("tags: [复访]\n", encoding="utf-8")
    lines = _every_command_line("20261104-m2pq", "s1", table, answers)
    covered = {line[: len(path)] for line in lines for path in PATHS}
    missing = [path for path in PATHS if path not in covered and path not in MACHINE_FORMATS]
    assert not missing, f"commands whose output the scan does not read: {missing}"
    texts = [*user_texts(example), *TYPED]
    outputs = _outputs(example, lines, texts, monkeypatch)
    leftovers = _leftovers(outputs, texts)
    assert not leftovers, "\n".join(f"{line}: {words}" for line, words in leftovers.items())


@pytest.mark.usefixtures("_git_env")
def test_every_output_of_a_generated_workspace_speaks_the_glossarys_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.synthetic import make_workspace

    root = tmp_path / "generated"
    make_workspace(root, 60, seed=11)
    _in_git(root)
    case_path = sorted((root / "cases").rglob("*.yaml"))[0]
    table = tmp_path / "voc.csv"
    table.write_text(VOC, encoding="utf-8")
    answers = tmp_path / "more.yaml"
    answers.write_text("tags: [复访]\n", encoding="utf-8")
    lines = _every_command_line(case_path.stem, "s1", table, answers)
    texts = [*user_texts(root), *TYPED]
    outputs = _outputs(root, lines, texts, monkeypatch)
    leftovers = _leftovers(outputs, texts)
    assert not leftovers, "\n".join(f"{line}: {words}" for line, words in leftovers.items())


def _command_paths() -> list[tuple[str, ...]]:
    import typer.main

    from ssvssj.cli import app

    def walk(group: object, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = []
        for name, command in group.commands.items():  # type: ignore[attr-defined]
            if hasattr(command, "commands"):
                found += walk(command, (*prefix, name))
            else:
                found.append((*prefix, name))
        return found

    return walk(typer.main.get_command(app), ())


PATHS = _command_paths()


def test_an_explicit_language_wins_over_the_workspaces_for_that_command(cli_example) -> None:
    shown = cli_example("--language", "en", "case", "show", "20261104").output
    assert "1. Spot: the problem at a touchpoint" in shown
    assert "发现问题" not in shown
    journey = cli_example("--language", "en", "journey", "show").output
    assert "unnamed stage" in journey
    assert "未命名阶段" not in journey
    assert "Hot spots" in journey
    plain = cli_example("journey", "show").output
    assert "未命名阶段（在线咨询—预约试驾）" in plain
    exported = cli_example("--language", "en", "journey", "export", "--format", "csv").output
    assert "未命名阶段" not in exported


def test_reports_follow_lang_else_the_workspaces_language_whatever_language_says(
    cli_example,
) -> None:
    assert cli_example("--language", "en", "report", "portfolio").output.startswith("# 案例总览")
    english = cli_example("--language", "zh", "report", "portfolio", "--lang", "en").output
    assert english.startswith("# Portfolio")
    written = cli_example("--language", "en", "report", "all").output
    assert "written" in written
    journey = (cli_example.root / "reports" / "journey.md").read_text("utf-8")
    assert "未命名阶段（在线咨询—预约试驾）" in journey


def test_an_explicit_language_wins_in_a_real_process(example: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1", "LANG": "zh_CN.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "ssvssj", "--language", "en", "case", "show", "2099"],
        cwd=example,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: no case with id"), result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "ssvssj", "case", "show", "2099"],
        cwd=example,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "LANG": "C"},
        check=False,
    )
    assert result.stderr.startswith("错误："), result.stderr


def test_a_command_line_refused_before_it_is_read_finds_its_language(
    empty: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from ssvssj.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "C")
    runner = CliRunner()
    for line in (
        ["--workspace", str(empty), "case", "bogus"],
        ["-w", str(empty), "case", "bogus"],
        ["--language=zh", "case", "bogus"],
        ["--language", "zh", "case", "bogus"],
    ):
        result = runner.invoke(app, line)
        assert result.exit_code == 2
        assert result.output.startswith("错误：没有这个命令：bogus"), (line, result.output)
    monkeypatch.setenv("SSVSSJ_LANGUAGE", "zh")
    assert runner.invoke(app, ["case", "bogus"]).output.startswith("错误：")
    english = runner.invoke(app, ["--language=en", "-w", str(empty), "case", "bogus"])
    assert english.output.startswith("error: no such command: bogus"), english.output


def _typed_bad_values(command: object) -> list[tuple[str, ...]]:
    """For each option of a command, a value of the wrong kind (a word for a number, a choice
    that is none, an impossible date, a path that is not there) and the value left out."""
    from datetime import date, datetime

    from typer.core import TyperOption

    lines: list[tuple[str, ...]] = []
    for param in command.params:  # type: ignore[attr-defined]
        if not isinstance(param, TyperOption) or not param.opts[0].startswith("--"):
            continue
        name = param.opts[0]
        if name in ("--help", "--version"):
            continue
        if param.is_flag:
            lines.append((f"{name}=x",))
            continue
        described = param.type_descriptor
        annotation = described.annotation
        if described.is_choice:
            lines.append((name, "nope"))
        elif annotation in (int, float):
            lines += [(name, "x"), (name, "-99999")]
        elif annotation in (date, datetime) or name in (
            "--since",
            "--until",
            "--observed",
            "--due",
        ):
            lines.append((name, "2026-13-01"))
        elif annotation is Path:
            lines.append((name, "/nonexistent/zz"))
        lines.append((name,))  # the value left out
    return lines


def _required_arguments(command: object) -> list[str]:
    from typer.core import TyperArgument

    return [
        "20261104"
        for param in command.params  # type: ignore[attr-defined]
        if isinstance(param, TyperArgument) and param.required
    ]


def test_every_usage_error_of_every_command_is_chinese_in_a_chinese_workspace(
    cli_example,
) -> None:
    import typer.main

    from ssvssj.cli import app

    root = typer.main.get_command(app)
    lines: list[tuple[str, ...]] = [("nosuchcommand",), ("--bogus",), ("journey", "nosuch")]
    lines += [("--language", "fr", "check"), ("check", "--language"), ("check", "--workspace")]
    for path in PATHS:
        command = root
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        arguments = _required_arguments(command)
        lines += [(*path, *arguments, "--bogus"), (*path, *arguments, "extra", "more", "args")]
        if arguments:
            lines.append(path)  # the argument left out
        lines += [(*path, *arguments, *bad) for bad in _typed_bad_values(command)]
    typed = ["nope", "nosuch", "nosuchcommand", "extra", "more", "args", "zz", "bogus"]
    leftovers = {}
    for line in lines:
        result = cli_example(*line, code=2)
        assert result.output.startswith("错误："), (line, result.output)
        path = next((p for p in sorted(PATHS, key=len, reverse=True) if line[: len(p)] == p), ())
        if path and "需要一个值" in result.output:
            assert f" {' '.join(path)} --help`" in result.output, (line, result.output)
        found = scan(result.output, typed)
        if found:
            leftovers[" ".join(line)] = (found, result.output)
    assert not leftovers, "\n".join(f"{line}: {words}" for line, words in leftovers.items())


@pytest.mark.usefixtures("_git_env")
@pytest.mark.parametrize("typed", ["2099", "202611", "../x", "20261104-m2pq-x", ":fire:"])
def test_every_case_command_says_why_an_id_is_refused_in_chinese(cli_example, typed: str) -> None:
    _in_git(cli_example.root)
    commands = [
        ("case", "show", typed),
        ("case", "solve", typed, "s1", "--status", "done"),
        ("case", "continue", typed, "--no-input"),
        ("case", "edit", typed),
        ("case", "log", typed),
        ("report", "case", typed),
    ]
    for line in commands:
        result = cli_example(*line, code=2)
        assert result.output.startswith("错误："), (line, result.output)
        assert typed in result.output, (line, result.output)
        assert not scan(result.output, [typed]), (line, result.output)


def test_the_bundled_example_writes_its_chinese_with_full_width_punctuation() -> None:
    """The example is what a new consultant copies: its texts and comments follow the glossary."""
    import yaml

    from tests.conftest import REPO

    beside = re.compile(rf'{CJK}"|"{CJK}')
    files = [REPO / name for name in ("ssvssj.yaml", "touchpoints.yaml", "causes.yaml")]
    found = []
    for path in [*files, *sorted((REPO / "cases").glob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        texts = [line.split("# ", 1)[1] for line in text.splitlines() if "# " in line]
        texts += _values(yaml.load(text, Loader=yaml.BaseLoader))
        found += [
            f"{path.name}: {item}"
            for item in texts
            if HALF_WIDTH_BESIDE_CJK.search(item) or beside.search(item)
        ]
    assert not found, "\n".join(found)


def _values(node: object) -> list[str]:
    """Every text value of a YAML document (keys aside: they are names, matched elsewhere)."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in _values(value)]
    if isinstance(node, list):
        return [text for item in node for text in _values(item)]
    return [node] if isinstance(node, str) else []

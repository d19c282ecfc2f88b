"""A broken case file is explained in the reader's language: the YAML parsers' English texts
(PyYAML's pure-Python loader, libyaml behind its C loader, ruamel.yaml) are said again in
Chinese or plain English, with the line and the column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ssvssj.i18n import set_language
from ssvssj.store.yamlread import ReadError, parse
from ssvssj.store.yamltexts import CONTEXTS, context_text, problem_text
from tests.test_i18n import scan

GENERIC_ZH = "此处的写法不是有效的 YAML"

# Files that break in every way a person can break one by hand, and a few by machine.
BROKEN = {
    "colon in a value": "title: 时间: 十点\n",
    "tab indent": "title: x\n\tspot: y\n",
    "tab before a value": "title:\t\tx\nspot:\n\t- a\n",
    "unclosed double quote": 'title: "预约\nspot: 1\n',
    "unclosed single quote": "title: '预约\n",
    "bad indentation": "spot:\n  touchpoint: 前台\n problem: 等\n",
    "a key among list items": "view:\n  - 客户\n  finding: 看\n",
    "unclosed list": "tags: [销售, 复访\nspot: 1\n",
    "unclosed mapping": "spot: {touchpoint: 前台\n",
    "unknown escape": 'title: "C:\\q"\n',
    "short hex escape": 'title: "\\x4"\n',
    "at sign": "title: @前台\n",
    "backtick": "title: `code`\n",
    "two documents": "title: a\n---\ntitle: b\n",
    "unknown tag": "title: !foo x\n",
    "text after a quote": 'title: "a" b\n',
    "bad block scalar header": "title: |0\n  x\n",
    "unknown directive": "%FOO\n---\ntitle: 1\n",
    "list where a mapping goes on": "- a\ntitle: 1\n",
    "colon after a flow": "tags: [a]: b\n",
    "document end then text": "title: a\n... x\n",
    "anchor without name": "title: & x\n",
    "question key": "? a\n? b: c\n: d\n  e\n",
    "dash in flow": "tags: [a, - b]\n",
    "undefined alias": "title: *nothing\n",
    "percent in a value": "title: a\n%YAML 1.1\n",
    "lone closing bracket": "title: a]\nspot: ]\n",
    "flow in a key": "{a: 1}: 2\n",
}


def _errors(text: str) -> list[yaml.MarkedYAMLError]:
    """The error each of PyYAML's loaders (pure Python, and libyaml's where installed) gives."""
    loaders = [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]
    found = []
    for loader in loaders:
        try:
            yaml.load(text, Loader=loader)
        except yaml.MarkedYAMLError as error:
            found.append(error)
        except yaml.YAMLError:
            pass
    return found


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_every_parser_text_met_is_known_in_both_languages(name: str) -> None:
    for error in _errors(BROKEN[name]):
        for language in ("zh", "en"):
            set_language(language)
            said = problem_text(error.problem)
            assert said != GENERIC_ZH and said != error.problem, (language, error.problem)
            if error.context:
                assert any(re.fullmatch(pattern, error.context) for pattern, _, _ in CONTEXTS)
    set_language("en")


def test_ruamels_texts_are_known_too() -> None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    met = 0
    for text in BROKEN.values():
        try:
            YAML(typ="rt").load(text)
        except MarkedYAMLError as error:
            met += 1
            set_language("zh")
            assert problem_text(error.problem) != GENERIC_ZH, error.problem
            set_language("en")
    assert met >= len(BROKEN) // 2


def test_an_unknown_text_is_described_generally_never_in_raw_english() -> None:
    set_language("zh")
    try:
        assert problem_text("found a purple unicorn") == GENERIC_ZH
        assert context_text("while riding a unicorn") == ""
    finally:
        set_language("en")
    assert problem_text("found a purple unicorn") == "found a purple unicorn"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_explained_in_chinese_with_line_and_column(name: str) -> None:
    set_language("zh")
    try:
        with pytest.raises(ReadError) as refused:
            parse(BROKEN[name].encode("utf-8"))
    finally:
        set_language("en")
    for line, message in refused.value.all:
        assert not scan(message, BROKEN[name].split()), (name, message)
        if message.startswith("YAML 语法错误"):
            assert line is not None and "列）" in message, message


def test_the_text_names_the_line_and_column_and_where_the_quote_began() -> None:
    set_language("zh")
    try:
        with pytest.raises(ReadError) as refused:
            parse('title: x\nspot: "预约\n\nview: 1\n'.encode())
    finally:
        set_language("en")
    assert refused.value.line == 5
    assert refused.value.message == (
        "YAML 语法错误：读取带引号的文字时（从第 2 行开始）："
        "文件在此处意外结束：有未闭合的引号或括号（第 1 列）"
    )
    with pytest.raises(ReadError) as english:
        parse(b"title: a: b\n")
    assert english.value.message == (
        "YAML syntax: a colon and a space start a value where none may start; if the colon "
        "belongs to the text, put the whole text in quotes (column 9)"
    )


def test_ruamels_refusal_of_a_rewrite_is_a_read_error_in_the_readers_language() -> None:
    from ssvssj.store.yamlwrite import update_document

    set_language("zh")
    try:
        with pytest.raises(ReadError) as refused:
            update_document(b"title: a: b\n", {"title": "c"})
    finally:
        set_language("en")
    assert refused.value.line == 1
    assert refused.value.message.startswith("YAML 语法错误：此处不能出现“冒号 + 空格”")


def test_check_in_a_chinese_workspace_says_every_syntax_problem_in_chinese(cli_empty) -> None:
    cases = Path(cli_empty.root) / "cases"
    for number, text in enumerate(BROKEN.values()):
        (cases / f"20261102-bd{number:02d}.yaml").write_text(text, encoding="utf-8")
    result = cli_empty("check", code=1)
    assert result.output.count("YAML") >= len(BROKEN)
    leftovers = scan(result.output, [word for text in BROKEN.values() for word in text.split()])
    assert not leftovers, (leftovers, result.output)


def test_a_real_process_says_the_syntax_problem_in_chinese(empty: Path) -> None:
    import os
    import subprocess
    import sys

    (empty / "cases" / "20261102-tab1.yaml").write_text(BROKEN["tab indent"], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ssvssj", "check"],
        cwd=empty,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_COLOR": "1", "LANG": "C"},
        check=False,
    )
    assert result.returncode == 1
    assert "cases/20261102-tab1.yaml:2: YAML 语法错误：" in result.stdout, result.stdout
    assert "Tab" in result.stdout and "只能用空格缩进" in result.stdout
    assert "tab character" not in result.stdout

"""Every message is written in both languages, and the Chinese follows the glossary's typography."""

from __future__ import annotations

import ast
import re
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
    r"|\b(?:Spot|Scene|View|Split|Solve|Journey|YAML|UTF-8|GBK|CSV|Excel|JSON|ID|Tab|app)\b"
)
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


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
    for step in WIZARD_STEPS:
        pairs += [(f"method/wizard.py:{step.name}", 0, *pair) for pair in (step.title, step.hint)]
        for question in step.questions:
            pairs += [
                (f"method/wizard.py:{question.key}", 0, *pair)
                for pair in (question.label, question.hint)
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


def test_the_language_is_chosen_once_and_fills_fields() -> None:
    set_language("zh")
    try:
        assert tr("{n} cases", "{n} 个案例", n=17) == "17 个案例"
    finally:
        set_language("en")
    assert tr("{n} cases", "{n} 个案例", n=17) == "17 cases"


def test_the_locale_decides_outside_a_workspace() -> None:
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert locale_language({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({}) == "en"


def test_the_declared_language_is_read_without_yaml() -> None:
    assert declared_language(b"schema_version: 1\nname: x\nlanguage: zh\n") == "zh"
    assert declared_language(b'language: "en"  # reports\n') == "en"
    assert declared_language(b"name: language: zh\n") is None

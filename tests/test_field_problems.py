"""Every field of the format (case-format.md, revision 1.1) with a value of the wrong type is one
problem naming the field's path in the format's own names, its line, and the field by the
glossary's word, in both languages."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from ssvssj.method.terms import field_word
from tests.conftest import REPO, Cli
from tests.test_i18n import scan

CASE = REPO / "cases" / "20261102-k3f9.yaml"
EXTRA_CASE_FIELDS = {
    ("spot", "kind"): "痛",
    ("spot", "from"): ["预约试驾"],
    ("dropped",): ["取消"],
    ("extra",): "文字",
}
SETTINGS = {
    "ssvssj.yaml": (
        "schema_version: 1\nname: [甲]\nlanguage: zh\nconsultant: [王敏]\nas_of: 很快\n"
        "stale_after_days: 很多\nrules:\n  stale: 很\n",
        ["name", "consultant", "as_of", "stale_after_days", "rules.stale"],
    ),
    "touchpoints.yaml": (
        "touchpoints:\n  前台:\n    aliases: 接待\n    stage: [到店]\n    owner: [运营]\n"
        "    channel: [门店]\n    key: 也许\n    promise: 很好\n  展厅: 文字\n",
        [
            "touchpoints.前台.aliases",
            "touchpoints.前台.stage",
            "touchpoints.前台.owner",
            "touchpoints.前台.channel",
            "touchpoints.前台.key",
            "touchpoints.前台.promise",
            "touchpoints.展厅",
        ],
    ),
    "causes.yaml": (
        "causes:\n  预约:\n    aliases: 没同步\n    owner: [信息部]\n  其他: 文字\n",
        ["causes.预约.aliases", "causes.预约.owner", "causes.其他"],
    ),
    "journey.yaml": (
        "schema_version: 1\nvalidated_on: 昨天\nstages: 文字\norder: [[官网]]\n"
        "rejected:\n  - 试驾\n",
        ["validated_on", "stages", "order[0]", "rejected[0]"],
    ),
}


def _paths(node: object, prefix: tuple = ()) -> list[tuple[tuple, object]]:
    found: list[tuple[tuple, object]] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in items:
        found.append(((*prefix, key), value))
        found += _paths(value, (*prefix, key))
    return found


def _wrong(value: object) -> object:
    """A value of another type than the one the field holds."""
    if isinstance(value, dict | list):
        return "文字"
    if isinstance(value, int):
        return "很多"
    return [1, 2]


def _shown_path(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _wrong_cases(root: Path) -> dict[str, str]:
    """One case per field, that field wrong; the case id → the field's path."""
    base = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    fields = [(p, _wrong(v)) for p, v in _paths(base) if p[0] not in ("schema_version", "id")]
    fields += list(EXTRA_CASE_FIELDS.items())
    expected = {}
    for number, (path, wrong) in enumerate(fields):
        doc = copy.deepcopy(base)
        target = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = wrong
        case_id = f"20261102-w{number:03d}"
        doc["id"] = case_id
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        (root / "cases" / f"{case_id}.yaml").write_text(text, encoding="utf-8")
        expected[case_id] = _shown_path(path)
    return expected


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_case_field_of_the_wrong_type_names_its_path_line_and_word(
    empty: Path, language: str
) -> None:
    expected = _wrong_cases(empty)
    output = Cli(empty)("--language", language, "check", code=1).output
    lines = output.splitlines()
    for case_id, path in expected.items():
        place = re.compile(rf"^cases/{case_id}\.yaml:\d+: {re.escape(path)}: (.+)$")
        said = [found.group(1) for line in lines if (found := place.match(line))]
        assert said, (path, [line for line in lines if case_id in line])
        key = next(part for part in reversed(path.replace("]", "").split(".")) if part)
        key = re.sub(r"\[\d+$", "", key)
        assert field_word(key, language) in said[0], (path, said[0])
    if language == "zh":
        texts = [*re.findall(r"[\w\-]+", CASE.read_text(encoding="utf-8")), "文字", "很多"]
        assert not scan(output, texts), scan(output, texts)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_settings_field_of_the_wrong_type_names_its_path_and_line(
    empty: Path, language: str
) -> None:
    for name, (text, _) in SETTINGS.items():
        (empty / name).write_text(text, encoding="utf-8")
    if language == "en":
        (empty / "ssvssj.yaml").write_text(
            SETTINGS["ssvssj.yaml"][0].replace("language: zh", "language: en"), encoding="utf-8"
        )
    output = Cli(empty)("check", code=1).output
    for name, (_, paths) in SETTINGS.items():
        for path in paths:
            assert re.search(rf"^{re.escape(name)}:\d+: {re.escape(path)}: \S", output, re.M), (
                name,
                path,
                output,
            )
    if language == "zh":
        assert "触点“展厅”须为键值映射" in output
        assert "根因“其他”须为键值映射" in output
        assert not scan(output, ["文字", "很多", "很快", "很好", "也许", "昨天", "没同步", "接待"])
    else:
        assert "the touchpoint “展厅” must be a mapping" in output


def test_a_number_that_is_none_says_which_field_and_what_was_written(
    empty: Path, tmp_path: Path
) -> None:
    partial = tmp_path / "partial.yaml"
    partial.write_text(
        "title: 测试\nspot:\n  touchpoint: 前台\n  problem: 等\nsolve:\n  - id: s1\n"
        "    action: 做\n    status: verified\n    measure:\n      name: 等待\n"
        "      before: 多\n      after: 2\n",
        encoding="utf-8",
    )
    zh = Cli(empty)("case", "new", "--from", str(partial), code=2).output
    assert re.search(r":11: solve\[0\]\.measure\.before: 改善前须为数字，现为“多”", zh), zh
    en = Cli(empty)("--language", "en", "case", "new", "--from", str(partial), code=2).output
    assert "solve[0].measure.before: before must be a number, not “多”" in en, en

"""The JSON Schema of a case file, for editors: titles and descriptions in the workspace's
language, since an editor shows them to the consultant beside the file."""

from __future__ import annotations

import json
from typing import Any

from ssvssj.i18n import pick
from ssvssj.method.models import Case
from ssvssj.method.terms import field_word

# The parts of a case that are not fields of another part: their names as a person reads them.
_PARTS = {
    "Spot": ("spot", "发现问题"),
    "Scene": ("scene", "解读场景"),
    "View": ("view", "视角分析"),
    "Detail": ("detail", "细节"),
    "Solution": ("solution", "方案"),
    "Measure": ("measure", "衡量指标"),
}
_DESCRIPTIONS = {
    "Measure": (
        "A verified effect in numbers: before and after, in one unit.",
        "用数字表示的验证效果：改善前与改善后，同一单位。",
    ),
}


def case_schema(language: str = "en") -> dict[str, object]:
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = pick(
        "ssvssj case (schema_version 1)", "ssvssj 案例（schema_version 1）", language
    )
    _name_fields(schema, language)
    for name, part in schema.get("$defs", {}).items():
        if name in _PARTS:
            part["title"] = _in(_PARTS[name], language)
        if name in _DESCRIPTIONS:
            part["description"] = _in(_DESCRIPTIONS[name], language)
        _name_fields(part, language)
    return schema


def _in(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "zh" else pair[0]


def _name_fields(part: dict[str, Any], language: str) -> None:
    for key, field in (part.get("properties") or {}).items():
        if isinstance(field, dict):
            field["title"] = field_word(key, language)


def case_schema_json(language: str = "en") -> str:
    return json.dumps(case_schema(language), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

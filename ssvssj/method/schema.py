"""The JSON Schema of a case file, for editors."""

from __future__ import annotations

import json

from ssvssj.method.models import Case


def case_schema() -> dict[str, object]:
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ssvssj case (schema_version 1)"
    return schema


def case_schema_json() -> str:
    return json.dumps(case_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

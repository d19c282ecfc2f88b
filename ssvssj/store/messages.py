"""Validation problems in the user's terms: what is wrong with the value they wrote, in the
workspace language, with the glossary's names for fields, never the validator's own text."""

from __future__ import annotations

from datetime import date
from typing import Any

from ssvssj.i18n import joined, language, tr
from ssvssj.method.terms import TERMS, field_word, severity_refused

_SHOWN_LENGTH = 40
# Fields whose value is one of the method's words, and the kind of word.
_CHOICE_KINDS = {
    "lens": "lens",
    "cost": "cost",
    "impact": "impact",
    "status": "status",
    "kind": "kind",
    "promise": "promise",
}
_INT_TYPES = {"int_parsing", "int_type", "int_from_float", "bool_type", "bool_parsing"}
_BOUNDS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def _bound_message(kind: str, field: str, bound: object, shown: str) -> str:
    """A value past a bound, said as the rule it breaks (`停滞天数须不小于 0，现为 -1`)."""
    rules = {
        "greater_than_equal": tr("must be at least", "须不小于"),
        "greater_than": tr("must be more than", "须大于"),
        "less_than_equal": tr("must be at most", "须不大于"),
        "less_than": tr("must be less than", "须小于"),
    }
    return tr(
        "{field} {rule} {bound}, not {value}",
        "{field}{rule} {bound}，现为 {value}",
        field=field,
        rule=rules[kind],
        bound=bound,
        value=shown,
    )


def user_message(item: Any) -> str:
    """One pydantic error (type, loc, input, ctx) as a sentence about the user's input."""
    kind: str = item["type"]
    loc = tuple(item["loc"])
    names = [part for part in loc if isinstance(part, str)]
    key = names[-1] if names else ""
    field = field_word(key, language()) if key else tr("the file", "文件")
    if key == "[key]" and len(names) >= 3:
        key = names[-3]
        field = tr("a key of {field}", "{field}的键", field=field_word(key, language()))
    elif len(names) >= 2 and names[-2] == "rules":
        field = tr("the level of rule `{rule}`", "规则 `{rule}` 的级别", rule=key)
    elif len(names) == 2 and names[0] == "touchpoints":
        field = tr("the touchpoint “{name}”", "触点“{name}”", name=key)
    elif len(names) == 2 and names[0] == "causes":
        field = tr("the root cause “{name}”", "根因“{name}”", name=key)
    value = item.get("input")
    ctx = item.get("ctx") or {}
    shown = _shown(value)
    if kind == "missing":
        return tr("{field} is required", "缺少必填项：{field}", field=field)
    if kind == "extra_forbidden":
        return tr(
            "unknown key “{key}” (check the spelling; free-form data goes under `extra:`)",
            "未知的键“{key}”（请检查拼写；自由格式的数据请放在 `extra:` 下）",
            key=key,
        )
    if key == "schema_version":
        return tr(
            "schema_version must be 1, not {value}",
            "schema_version 须为 1，现为 {value}",
            value=shown,
        )
    if key == "severity" and (kind in _INT_TYPES or kind in _BOUNDS):
        return severity_refused(shown, language())
    if kind in _INT_TYPES and kind.startswith("bool"):
        return tr(
            "{field} must be true or false, not {value}",
            "{field}须为 `true` 或 `false`，现为 {value}",
            field=field,
            value=shown,
        )
    if kind in _INT_TYPES:
        return tr(
            "{field} must be a whole number, not {value}",
            "{field}须为整数，现为 {value}",
            field=field,
            value=shown,
        )
    if kind in ("float_parsing", "float_type", "finite_number"):
        return tr(
            "{field} must be a number, not {value}",
            "{field}须为数字，现为 {value}",
            field=field,
            value=shown,
        )
    if kind in _BOUNDS:
        return _bound_message(kind, field, next(iter(ctx.values()), ""), shown)
    if kind.startswith("date") or kind.startswith("datetime"):
        return _date_message(field, value, shown)
    if kind in ("literal_error", "enum"):
        return _choice_message(key, field, shown, _expected(ctx), value)
    if kind == "string_type":
        return tr(
            "{field} must be text, not {value}",
            "{field}须为文字，现为 {value}",
            field=field,
            value=shown,
        )
    if kind in ("list_type", "tuple_type", "set_type"):
        return tr(
            "{field} must be a list (one “- ” line per item), not {value}",
            "{field}须为列表（每项一行，以“- ”开头），现为 {value}",
            field=field,
            value=shown,
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return tr(
            "{field} must be a mapping of keys (indented “key: value” lines), not {value}",
            "{field}须为键值映射（下一级缩进的 `键: 值`），现为 {value}",
            field=field,
            value=shown,
        )
    if kind == "string_too_short" or _blank(kind, ctx):
        return tr("{field} must not be blank", "{field}不能为空", field=field)
    if kind == "too_short" and "min_length" in ctx:
        return tr(
            "{field} needs at least {n} items, not {count}",
            "{field}至少要有 {n} 项，现为 {count} 项",
            field=field,
            n=ctx["min_length"],
            count=_item_count(value, ctx),
        )
    if kind == "too_long" and "max_length" in ctx:
        return tr(
            "{field} has at most {n} items, not {count}",
            "{field}最多 {n} 项，现为 {count} 项",
            field=field,
            n=ctx["max_length"],
            count=_item_count(value, ctx),
        )
    if kind in ("string_too_long", "too_long"):
        return tr(
            "{field} is too long: at most {limit}",
            "{field}太长：最多 {limit}",
            field=field,
            limit=ctx.get("max_length", ""),
        )
    if loc == ("id",):
        return tr(
            "id must look like 20261102-k3f9 (date, dash, four of a-z0-9), not {value}",
            "编号须形如 20261102-k3f9（日期、短横线、四个 a-z0-9 字符），现为 {value}",
            value=shown,
        )
    if kind == "value_error" and "error" in ctx:
        return _refused(names, field, str(ctx["error"]))
    return tr("{field} is not valid: {value}", "{field}的值无效：{value}", field=field, value=shown)


def _refused(names: list[str], field: str, said: str) -> str:
    """A field validator's own words (a predicate: "must be a number, not “多”") said of the
    field by its name."""
    if not names:
        return said
    return tr("{field} {said}", "{field}{said}", field=field, said=said)


def _blank(kind: str, ctx: dict[str, Any]) -> bool:
    return kind == "value_error" and str(ctx.get("error", "")) == "must not be blank"


def _date_message(field: str, value: object, shown: str) -> str:
    from ssvssj.method.dates import DateError, parse_date

    if isinstance(value, str):
        try:
            parse_date(value)
        except DateError as error:
            if "2026-11-02" not in str(error):  # a date of the right form that does not exist
                return tr("{field}: {reason}", "{field}：{reason}", field=field, reason=error)
        else:
            return tr(
                "{field} is written like 2026-11-02, not {value}",
                "{field}须写作 2026-11-02 这样的形式，现为 {value}",
                field=field,
                value=shown,
            )
    return tr(
        "{field} must be a date such as 2026-11-02, not {value}",
        "{field}须为 2026-11-02 这样的日期，现为 {value}",
        field=field,
        value=shown,
    )


def _expected(ctx: dict[str, Any]) -> list[str]:
    """The allowed values the validator names (`'pain' or 'gain'`), in its order."""
    import re

    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def _choice_message(
    key: str, field: str, shown: str, allowed: list[str], written: object = None
) -> str:
    """Every allowed value, and in Chinese each with the method's word for it beside. A value
    written as the method's word for an allowed one (`共鸣` for `empathy`) is told which value
    the file takes: the wizard accepts the word, a case file keeps the value."""
    zh = language() == "zh"
    words = TERMS.get(_CHOICE_KINDS.get(key, ""), {})
    values = allowed or list(words)
    choices = joined(
        (f"`{value}`（{words[value][1]}）" if value in words else f"`{value}`") if zh else value
        for value in values
    )
    told = tr(
        "{field} must be one of {choices}, not {value}",
        "{field}须为以下之一：{choices}，现为 {value}",
        field=field,
        choices=choices,
        value=shown,
    )
    meant = next(
        (
            value
            for value in values
            if isinstance(written, str) and written.strip() in words.get(value, ())
        ),
        None,
    )
    if meant is None:
        return told
    return told + tr(
        "; in a case file, “{word}” is written `{value}`",
        "；“{word}”在文件中写作 `{value}`",
        word=str(written).strip(),
        value=meant,
    )


def _item_count(value: object, ctx: dict[str, Any]) -> int:
    """How many items the user wrote: a list's length is what tells them what to fix."""
    if "actual_length" in ctx:
        return int(ctx["actual_length"])
    return len(value) if isinstance(value, list | tuple | dict) else 0


def _shown(value: object) -> str:
    """The value as the user wrote it, short, quoted where it is text."""
    if value is None:
        return tr("nothing", "空值")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return tr("a mapping", "键值映射")
    if isinstance(value, list):
        return tr("a list", "列表")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN_LENGTH else value[:_SHOWN_LENGTH] + "…"
        return tr("“{text}”", "“{text}”", text=text)
    text = str(value)
    return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"

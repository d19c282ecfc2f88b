"""Writing case files: one canonical byte form, and edits that keep a person's comments.

ruamel.yaml is used for writing because it round-trips comments, key order and flow style:
when the tool changes one field of a hand-edited file, the git diff shows only that line.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.resolver import VersionedResolver

from ssvssj.method.models import Case


class _QuoteLikeYaml11(VersionedResolver):
    """Quote every scalar a YAML 1.1 reader would mistake (`yes`, `on`, `12:30`): files are
    read by other tools too, and most of them speak YAML 1.1."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 1)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _QuoteLikeYaml11
    yaml.allow_unicode = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def to_document(model: BaseModel) -> dict[str, Any]:
    """Plain data in the format's key order, leaving out what is unset or empty."""
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = _plain(getattr(model, name))
        if value is None or value == [] or value == {}:
            continue
        out[name] = value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        doc = to_document(value)
        return doc or None
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def dump_case(case: Case) -> bytes:
    """The canonical bytes of a case: same case, same bytes."""
    return dump_document(to_document(case))


def dump_document(doc: dict[str, Any]) -> bytes:
    stream = io.StringIO()
    _yaml().dump(_commented(doc), stream)
    return stream.getvalue().encode("utf-8")


def _commented(value: Any) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _commented(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq([_commented(item) for item in value])
    return value


def update_document(original: bytes, doc: dict[str, Any]) -> bytes:
    """Rewrite `original` to hold `doc`, keeping its comments, key order and styles."""
    yaml = _yaml()
    tree = yaml.load(original.decode("utf-8-sig"))
    if not isinstance(tree, CommentedMap):
        return dump_document(doc)
    _merge_mapping(tree, doc)
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue().encode("utf-8")


def _merge_mapping(tree: CommentedMap, doc: dict[str, Any]) -> None:
    for key in [key for key in tree if key not in doc]:
        del tree[key]
    order = list(doc)
    for key, value in doc.items():
        if key in tree:
            tree[key] = _merged(tree[key], value)
            continue
        position = _insert_position(tree, order, key)
        tree.insert(position, key, _commented(value))


def _insert_position(tree: CommentedMap, order: list[str], key: str) -> int:
    """Just after the nearest key that precedes `key` in the canonical order."""
    before = order[: order.index(key)]
    existing = list(tree)
    positions = [existing.index(name) for name in before if name in tree]
    return max(positions) + 1 if positions else 0


def _merged(old: Any, new: Any) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_mapping(old, new)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for index, item in enumerate(new):
            if index < len(old):
                old[index] = _merged(old[index], item)
            else:
                old.append(_commented(item))
        del old[len(new) :]
        return old
    if _same_scalar(old, new):
        return old
    return _commented(new)


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(new, date) and not isinstance(old, date):
        return str(old) == new.isoformat()
    return (type(old) is type(new) and old == new) or (isinstance(old, str) and old == new)

"""Safe, fast YAML reading: bytes in, plain data or located problems out.

libyaml's C loader when present; dates stay text so that pydantic reports a bad date against its
field; aliases are refused before anything is built, so an alias bomb costs nothing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from typing import Any

import yaml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
SCREEN_ABOVE = 200

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """The safe loader; timestamps stay strings for pydantic to judge, and only true/false are
    booleans (YAML 1.2), so an answer such as `yes` or `no` stays the text it was written as."""


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),
)


class ReadError(Exception):
    """A file that cannot become data; `line` where the YAML parser knows it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is fine); anything else is a ReadError that says how to convert it."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise ReadError(_convert_hint("UTF-16", "UTF-16"))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        label, source = _guess_encoding(raw)
        raise ReadError(_convert_hint(label, source, error.start)) from None


def _guess_encoding(raw: bytes) -> tuple[str, str]:
    """A label for the message and the name iconv knows it by."""
    for name, label in (("gb18030", "GBK/GB18030"), ("big5", "Big5")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return label, name.upper()
    return "an unknown encoding", "<ENCODING>"


def _convert_hint(label: str, source: str, offset: int | None = None) -> str:
    where = f" (first bad byte at offset {offset})" if offset is not None else ""
    return (
        f"file is not UTF-8{where}; it looks like {label}. "
        f"Convert it with: iconv -f {source} -t UTF-8 FILE > FILE.new && mv FILE.new FILE"
    )


def parse(raw: bytes) -> Any:
    """Parse one YAML document; ReadError for every way a file can fail to become data.

    libyaml reads the bytes itself (decoding to str first would make it encode them again);
    a file it refuses as text is then decoded here to say which encoding it looks like.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise ReadError(
            f"file is too large ({len(raw) / 1_048_576:.1f} MiB; the limit is "
            f"{MAX_FILE_BYTES // 1_048_576} MiB)"
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise ReadError(_convert_hint("UTF-16", "UTF-16"))
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        raise ReadError("file is empty")
    try:
        if b"*" in raw or _structure_count(raw) > SCREEN_ABOVE:
            _screen(raw)
        return yaml.load(raw, Loader=_Loader)
    except yaml.reader.ReaderError as error:
        decode(raw)
        where = raw[: error.position].count(b"\n") + 1
        message = f"YAML: {error.reason} (character #x{error.character:04x})"
        raise ReadError(message, where) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = error.problem or str(error)
        if error.context:
            message = f"{error.context}: {message}"
        raise ReadError(f"YAML syntax: {message}", line) from None
    except yaml.YAMLError as error:
        raise ReadError(f"YAML: {error}") from None
    except RecursionError:
        raise ReadError(f"YAML is nested more than {MAX_DEPTH} levels deep") from None


def _structure_count(raw: bytes) -> int:
    return raw.count(b"[") + raw.count(b"{") + raw.count(b"- ") + raw.count(b":\n")


def _screen(text: bytes) -> None:
    """Refuse aliases and deep nesting from the event stream, before libyaml builds anything:
    deep nesting would crash its recursive composer, and aliases multiply on validation."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise ReadError(f"YAML aliases (*{event.anchor}) are not allowed in ssvssj files", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(f"YAML is nested more than {MAX_DEPTH} levels deep", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def line_of(text: str, loc: Sequence[object]) -> int | None:
    """The 1-based line of the node at `loc` (or the nearest parent that exists)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    best = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    best = key.start_mark.line + 1
                    node = value
                    break
            else:
                return best
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return best
            node = node.value[part]
            best = node.start_mark.line + 1
        else:
            return best
    return best

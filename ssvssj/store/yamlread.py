"""Safe, fast YAML reading: bytes in, plain data or located problems out.

libyaml's C loader when present; dates stay text so that pydantic reports a bad date against its
field; aliases are refused before anything is built, so an alias bomb costs nothing.
"""

from __future__ import annotations

import codecs
import re
import shlex
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import yaml

from ssvssj.confine import MAX_FILE_BYTES
from ssvssj.i18n import tr
from ssvssj.method.characters import BIDI_CLASS
from ssvssj.store.listing import too_large
from ssvssj.store.yamltexts import problem_text, syntax_detail

MAX_DEPTH = 64
# libyaml (from PyYAML 6.0.4) stops scanning at its own depth, far past ours, before the events
# that would show ours passed: the same problem, told in the same words.
LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
# Only what reads back as exactly the text written: `0571`, `0x1F`, `10:30`, `1_000`, `-0` and
# `+5` stay text (YAML 1.1 would turn them into other numbers), and so do `true`, `yes`, `1.5`.
PLAIN_INT = re.compile(r"^(?:0|-?[1-9][0-9]{0,17})$")
NULL_TEXT = re.compile(r"^(?:~|null|Null|NULL|)$")
# Control characters other than tab and a line break (a pasted Windows line break is fine),
# the Unicode line and paragraph separators, which YAML 1.1 readers take as line breaks, and the
# direction controls, which reorder what a terminal or an export shows after them.
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{BIDI_CLASS}]|\r(?!\n)")
# NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR written as they are: the YAML reader folds them
# into a space or a line break before any value is built, so they are found in the bytes.
_RAW_LINE_BREAK = re.compile(b"\xc2\x85|\xe2\x80[\xa8\xa9]")
# Once they are told as written, a value holding them is not told again.
_CONTROL_BUT_LINE_BREAKS = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f{BIDI_CLASS}]|\r(?!\n)"
)
# Unicode's noncharacters (U+FDD0..U+FDEF and the last two code points of every plane): never
# text, and U+FFFE and U+FFFF cannot be held by an XML export at all.
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef"
    + "".join(chr(plane | 0xFFFE) + chr(plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    + "]"
)


class _Refused(yaml.constructor.ConstructorError):
    """A value ssvssj refuses while building the data, its problem already in the reader's
    language."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(None, None, problem, mark)


class _Loader(_Base):
    """The safe loader with YAML 1.2 rules narrowed to what cannot change text: a plain scalar
    is null, a plain decimal integer, or text. Dates, booleans and other numbers stay text for
    the models to convert where a field wants them, so a text field keeps what was written.

    Problems that do not stop parsing (duplicate keys, control characters) are collected in
    `problems` as (line, message), so that a file lists all of them at once."""

    def __init__(self, stream: bytes) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int, str]] = []
        self.control = _CONTROL

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise _Refused(
                tr("a mapping of keys is expected here", "此处应是由键组成的映射"),
                node.start_mark,
            )
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if not isinstance(key, Hashable):
                raise _Refused(
                    tr(
                        "a key must be a single value, not a list or mapping",
                        "键必须是单个值，不能是列表或映射",
                    ),
                    key_node.start_mark,
                )
            if key in first_line:
                self.problems.append(
                    (
                        line,
                        tr(
                            "duplicate key '{key}': also on line {first}; keep one of them",
                            "键“{key}”重复：第 {first} 行也有；请只保留一个",
                            key=key,
                            first=first_line[key],
                        ),
                    )
                )
                self.construct_object(value_node, deep=deep)  # its own problems are told too
                continue
            first_line[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_text(self, node: yaml.ScalarNode) -> str:
        value = self.construct_scalar(node)
        odd = _NONCHARACTER.search(value)
        if odd is not None:
            self.problems.append(
                (
                    node.start_mark.line + 1,
                    tr(
                        "noncharacter {code} in text; remove it",
                        "文本中有非字符 {code}，请删除",
                        code=f"U+{ord(odd.group()):04X}",
                    ),
                )
            )
        bad = self.control.search(value)
        if bad is not None:
            self.problems.append(
                (
                    node.start_mark.line + 1,
                    tr(
                        "control character {code} in text; remove it "
                        "(only line breaks and tabs are allowed)",
                        "文本中有控制字符 {code}，请删除（只允许换行和制表符）",
                        code=f"U+{ord(bad.group()):04X}",
                    ),
                )
            )
        return value

    def construct_checked(self, node: yaml.ScalarNode) -> Any:
        """An explicitly tagged value (`!!int abc`, `!!bool maybe`) that cannot be built is a
        located problem, not a crash."""
        try:
            return _EXPLICIT[node.tag](self, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            kind = node.tag.rsplit(":", 1)[-1]
            self.tell(
                tr(
                    "'{value}' is not a valid {kind} (!!{tag})",
                    "“{value}”不是有效的{kind}（!!{tag}）",
                    value=_shorten(node.value),
                    kind=_tagged_kind(kind),
                    tag=kind,
                ),
                node,
            )
            return node.value

    def tell(self, problem: str, node: yaml.Node) -> None:
        """A value that cannot be built as tagged is a problem of the file, and is then read
        as the text written, so that the file's other fields are still checked."""
        self.problems.append(
            (node.start_mark.line + 1, tr("YAML: {detail}", "YAML：{detail}", detail=problem))
        )


def _tagged_kind(tag: str) -> str:
    """What a `!!int`, `!!bool` or `!!float` value must be, in the reader's words."""
    if tag == "int":
        return tr("whole number", "整数")
    if tag == "bool":
        return tr("yes or no (`true` or `false`)", "是非值（`true` 或 `false`）")
    return tr("number", "数字")


_EXPLICIT = {
    tag: yaml.SafeLoader.yaml_constructors[tag]
    for tag in (_INT, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")
}
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(_NULL, NULL_TEXT, ["~", "n", "N", ""])
_Loader.add_implicit_resolver(_INT, PLAIN_INT, list("-0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_text)
_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_text(node)
)
for _tag in _EXPLICIT:
    _Loader.add_constructor(_tag, _Loader.construct_checked)


def _refuse_tag(loader: _Loader, node: yaml.Node) -> Any:
    loader.tell(
        tr(
            "the tag {tag} is not allowed in ssvssj files",
            "ssvssj 文件中不允许使用标签 {tag}",
            tag=node.tag.replace("tag:yaml.org,2002:", "!!"),
        ),
        node,
    )
    return node.value if isinstance(node, yaml.ScalarNode) else None


for _kind in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _refuse_tag)


def _shorten(text: str, most: int = 40) -> str:
    return text if len(text) <= most else f"{text[:most]}…"


class ReadError(Exception):
    """A file that cannot become data; `line` where the YAML parser knows it. `others` holds
    further (line, message) problems of the same file, so that all of them are told at once."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        others: Sequence[tuple[int | None, str]] = (),
        naming: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.others = list(others)
        self.naming = naming

    @property
    def all(self) -> list[tuple[int | None, str]]:
        return [(self.line, self.message), *self.others]

    def message_in(self, path: str) -> str:
        """The message told of the file at `path`, naming it where the message shows a command."""
        return self.naming(path) if self.naming is not None else self.message

    def all_in(self, path: str) -> list[tuple[int | None, str]]:
        return [(self.line, self.message_in(path)), *self.others]


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM is fine); anything else is a ReadError that says how to convert it."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise _not_utf8("UTF-16", "UTF-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        label, source = _guess_encoding(raw)
        raise _not_utf8(label, source, error.start) from None


def _guess_encoding(raw: bytes) -> tuple[str, str]:
    """A label for the message and the name iconv knows it by."""
    for name, label in (("gb18030", "GBK/GB18030"), ("big5", "Big5")):
        try:
            raw.decode(name)
        except UnicodeDecodeError:
            continue
        return label, name.upper()
    return tr("an unknown encoding", "未知编码"), "<ENCODING>"


def _not_utf8(label: str, source: str, offset: int | None = None) -> ReadError:
    """The error for a file in another encoding; its message names the file once it is known."""

    def named(path: str) -> str:
        return _convert_hint(label, source, offset, shlex.quote(path))

    return ReadError(_convert_hint(label, source, offset, "FILE"), naming=named)


def _convert_hint(label: str, source: str, offset: int | None, path: str) -> str:
    where = (
        tr(
            " (first bad byte at offset {offset})",
            "（第一个无法识别的字节在偏移 {offset} 处）",
            offset=offset,
        )
        if offset is not None
        else ""
    )
    return tr(
        "file is not UTF-8{where}; it looks like {label}. "
        "Convert it with: `iconv -f {source} -t UTF-8 {path} > {path}.new && mv {path}.new {path}`",
        "文件不是 UTF-8 编码{where}，看起来是 {label}。"
        "可这样转换：`iconv -f {source} -t UTF-8 {path} > {path}.new && mv {path}.new {path}`",
        where=where,
        label=label,
        source=source,
        path=path,
    )


def _too_deep() -> str:
    return tr(
        "YAML is nested more than {depth} levels deep",
        "YAML 嵌套超过 {depth} 层",
        depth=MAX_DEPTH,
    )


def parse(raw: bytes) -> Any:
    """Parse one YAML document; ReadError for every way a file can fail to become data, and
    for the problems found while building it (duplicate keys, control characters)."""
    data, found = parse_all(raw)
    if found:
        (line, message), *others = found
        raise ReadError(message, line, others)
    return data


def parse_all(raw: bytes, lines: Lines | None = None) -> tuple[Any, list[tuple[int, str]]]:
    """One YAML document's data and the problems found while building it, as (line, message)
    in line order; ReadError for every way a file can fail to become data. A file with a
    duplicate key or a control character is still data, so that the rules over its fields can
    be told in the same run.

    libyaml reads the bytes itself (decoding to str first would make it encode them again);
    a file it refuses as text is then decoded here to say which encoding it looks like.
    `lines`, when given, gets the lines of the shallow nodes where reading noted them on the
    way (see `line_in`).
    """
    if len(raw) > MAX_FILE_BYTES:
        raise ReadError(too_large(len(raw)))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:4096]:
        raise _not_utf8("UTF-16", "UTF-16")
    if not raw.removeprefix(codecs.BOM_UTF8).strip():
        raise ReadError(tr("file is empty", "文件是空的"))
    plain = _plain_data(raw, lines)
    if plain is not _UNUSUAL:
        return plain, []
    line_breaks = _raw_line_breaks(raw)
    try:
        return _parse_document(raw, line_breaks)
    except ReadError as error:
        if all(problem in error.all for problem in line_breaks):
            raise
        (line, message), *others = sorted(
            [*line_breaks, *error.all], key=lambda problem: problem[0] or 0
        )
        raise ReadError(message, line, others) from None


def _parse_document(
    raw: bytes, line_breaks: list[tuple[int, str]]
) -> tuple[Any, list[tuple[int, str]]]:
    try:
        if b"*" in raw or _may_nest_deeply(raw):
            _screen(raw)
        loader = _Loader(raw)
        loader.problems.extend(line_breaks)
        loader.control = _CONTROL_BUT_LINE_BREAKS if line_breaks else _CONTROL
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        decode(raw)
        where = raw[: error.position].count(b"\n") + 1
        message = tr(
            "YAML: {detail} (character {code})",
            "YAML：{detail}（字符 {code}）",
            detail=problem_text(error.reason),
            code=f"U+{error.character:04X}",
        )
        raise ReadError(message, where) from None
    except _Refused as error:
        mark = error.problem_mark
        raise ReadError(
            tr("YAML: {detail}", "YAML：{detail}", detail=error.problem),
            mark.line + 1 if mark is not None else None,
        ) from None
    except yaml.MarkedYAMLError as error:
        detail, line = syntax_detail(error)
        if error.problem == LIBYAML_TOO_DEEP:
            raise ReadError(_too_deep(), line) from None
        raise ReadError(
            tr("YAML syntax: {detail}", "YAML 语法错误：{detail}", detail=detail), line
        ) from None
    except yaml.YAMLError as error:
        raise ReadError(
            tr("YAML: {detail}", "YAML：{detail}", detail=problem_text(str(error)))
        ) from None
    except RecursionError:
        raise ReadError(_too_deep()) from None
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise ReadError(
            tr("YAML: a value cannot be read: {error}", "YAML：有值无法读取：{error}", error=error)
        ) from None
    return data, sorted(loader.problems)


_UNUSUAL = object()
_ODD = re.compile(f"{_CONTROL.pattern}|{_NONCHARACTER.pattern}")
_CParser: type | None = getattr(getattr(yaml, "cyaml", None), "CParser", None)


Lines = dict[tuple[object, ...], int]
# How deep `Lines` goes: a field such as `solve[0].due`.
LINES_DEPTH = 3


def _plain_data(raw: bytes, lines: Lines | None = None) -> Any:
    """The data of an ordinary file straight from libyaml's events, or _UNUSUAL.

    Builds what `_Loader` builds, without its nodes, resolver and constructor calls: about
    half the cost. Only for a file with nothing the full loader would say anything about: any
    tag, anchor, alias, key that is not a single value, duplicate key, odd character, nesting
    past MAX_DEPTH, second document or syntax error gives _UNUSUAL, and the full loader then
    reads the file and tells what it finds, exactly as it always does.

    `lines`, when given, is filled with the line of every node down to LINES_DEPTH, by its
    path: a mapping's key by its text as written, a list's item by its index."""
    if _CParser is None:
        return _UNUSUAL
    try:
        if _has_odd(raw.decode("utf-8-sig")):
            return _UNUSUAL
    except UnicodeDecodeError:
        return _UNUSUAL
    parser = _CParser(raw)
    try:
        return _build(parser.get_event, lines)
    except (yaml.YAMLError, _Unusual):
        if lines is not None:
            lines.clear()
        return _UNUSUAL
    finally:
        parser.dispose()


_ODD_BMP = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{BIDI_CLASS}\ufdd0-\ufdef\ufffe\uffff]"
)


def _has_odd(text: str) -> bool:
    """`_ODD.search(text)`, a fraction of its cost. Every character it finds is a control, a
    format control, a line or paragraph separator or a noncharacter, none of which Python
    counts as printable: text printable but for its line breaks has none (the common case,
    told by one pass in C). Other text is searched with one plain class for the common
    characters, the rest only where it has a carriage return or a character past U+FFFF."""
    if text.replace("\n", "").isprintable():
        return False
    return (
        _ODD_BMP.search(text) is not None
        or ("\r" in text and _CONTROL.search(text) is not None)
        or (max(text, default="") > "\uffff" and _NONCHARACTER.search(text) is not None)
    )


class _Unusual(Exception):
    """Something `_plain_data` leaves to the full loader."""


def _build(next_event: Any, lines: Lines | None) -> Any:
    scalar, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    null_text, plain_int, odd = NULL_TEXT.match, PLAIN_INT.match, _ODD.search
    next_event()  # the stream's start
    if next_event().__class__ is not yaml.DocumentStartEvent:
        return None  # no document at all (only comments)
    stack: list[tuple[Any, bool, Any, bool, tuple[object, ...]]] = []
    current: Any = None  # the collection being filled, None at the top
    in_mapping = has_key = False
    key: Any = None
    key_text = ""
    path: tuple[object, ...] = ()  # of `current`, while its items are shallow enough for `lines`
    placing = lines is not None
    while True:
        event = next_event()
        kind = event.__class__
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                raise _Unusual
            value: Any = event.value
            if event.implicit[0]:
                first = value[:1]
                if first in "~nN" and null_text(value):  # "" is in any text: the empty value
                    value = None
                elif first in "-0123456789" and plain_int(value):
                    value = int(value)
            elif event.style == '"' and odd(value) is not None:
                raise _Unusual
            if placing and 0 < len(stack) <= LINES_DEPTH:
                if not in_mapping:
                    lines[(*path, len(current))] = event.start_mark.line + 1  # type: ignore[index]
                elif not has_key:
                    lines[(*path, event.value)] = event.start_mark.line + 1  # type: ignore[index]
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None or (in_mapping and not has_key):
                raise _Unusual
            stack.append((current, in_mapping, key, has_key, path))
            if placing and len(stack) <= LINES_DEPTH + 1:
                if current is None:
                    lines[()] = event.start_mark.line + 1  # type: ignore[index]
                elif in_mapping:
                    path = (*path, key_text)
                else:
                    path = (*path, len(current))
                    lines[path] = event.start_mark.line + 1  # type: ignore[index]
            if len(stack) > MAX_DEPTH:
                raise _Unusual
            current, in_mapping, has_key = (
                ({}, True, False) if kind is mapping_start else ([], False, False)
            )
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = current
            current, in_mapping, key, has_key, path = stack.pop()
        else:
            raise _Unusual
        if current is None:
            break
        if not in_mapping:
            current.append(value)
        elif has_key:
            current[key] = value
            has_key = False
        elif value in current:
            raise _Unusual
        else:
            key, has_key, key_text = value, True, event.value
    if next_event().__class__ is not yaml.DocumentEndEvent:
        raise _Unusual
    if next_event().__class__ is not yaml.StreamEndEvent:
        raise _Unusual
    return value


def _raw_line_breaks(raw: bytes) -> list[tuple[int, str]]:
    """Each line holding a NEL, U+2028 or U+2029 as written: the reader would turn it into
    another character without a word, so the text read would not be the text written."""
    problems: list[tuple[int, str]] = []
    line, counted = 1, 0
    for found in _RAW_LINE_BREAK.finditer(raw):
        at = line + raw.count(b"\n", counted, found.start())
        counted = found.start()
        if problems and at == line:
            continue
        line = at
        problems.append(
            (
                line,
                tr(
                    "the character {code}, which YAML reads as a line break, in text; remove it "
                    "or use an ordinary line break",
                    "文本中有字符 {code}，YAML 会把它读成换行；请删除，或改用普通换行",
                    code=f"U+{ord(found.group().decode()):04X}",
                ),
            )
        )
    return problems


def line_in(lines: Lines, loc: Sequence[object]) -> int | None:
    """`line_of` from the lines `_plain_data` noted; None where they do not reach `loc`."""
    if len(loc) > LINES_DEPTH or () not in lines:
        return None
    best = lines[()]
    path: tuple[object, ...] = ()
    for part in loc:
        for step in (part, str(part)) if isinstance(part, int) else (part,):
            found = lines.get((*path, step))
            if found is not None:
                best, path = found, (*path, step)
                break
        else:
            return best
    return best


_DEEP_INDENT = re.compile(rb"^[ \t?:-]{%d,}" % (MAX_DEPTH // 3), re.M)


def _may_nest_deeply(raw: bytes) -> bool:
    """Whether the file could be nested more than MAX_DEPTH levels: each block level moves
    the content at least one column right per two levels, each flow level needs a bracket.
    Cheap, and never wrong in the direction that matters."""
    flows = raw.count(b"[") + raw.count(b"{")
    return flows > MAX_DEPTH // 4 or _DEEP_INDENT.search(raw) is not None


def _screen(text: bytes) -> None:
    """Refuse aliases and deep nesting from the event stream, before libyaml builds anything:
    deep nesting would crash its recursive composer, and aliases multiply on validation."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise ReadError(
                tr(
                    "YAML aliases (*{anchor}) are not allowed in ssvssj files",
                    "ssvssj 文件中不允许使用 YAML 别名（*{anchor}）",
                    anchor=event.anchor,
                ),
                line,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(_too_deep(), line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def line_of(text: str, loc: Sequence[object]) -> int | None:
    """The 1-based line of the node at `loc` (or the nearest parent that exists)."""
    return lines_of(text, [loc])[0]


class _NodeLoader(_Base):
    """Nodes for their lines only: no scalar is resolved to a type."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return ""


def lines_of(text: str, locs: Sequence[Sequence[object]]) -> list[int | None]:
    """`line_of` for each of `locs`, reading the text once."""
    try:
        root = yaml.compose(text, Loader=_NodeLoader)
    except (yaml.YAMLError, RecursionError):
        return [None for _ in locs]
    return [_line_in(root, loc) for loc in locs]


def _line_in(node: yaml.Node | None, loc: Sequence[object]) -> int | None:
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

"""Writing case files: one canonical byte form, and edits that keep a person's comments.

ruamel.yaml is used for writing because it round-trips comments, key order and flow style:
when the tool changes one field of a hand-edited file, the git diff shows only that line.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import ScannerError
from ruamel.yaml.tag import Tag

from ssvssj.i18n import tr
from ssvssj.method.models import Case
from ssvssj.store.linediff import opcodes
from ssvssj.store.yamlread import NULL_TEXT, PLAIN_INT, ReadError, parse
from ssvssj.store.yamltexts import problem_text, syntax_detail


class _QuoteLikeYaml11(VersionedResolver):
    """Quote every scalar a YAML 1.1 reader would mistake (`yes`, `on`, `12:30`): files are
    read by other tools too, and most of them speak YAML 1.1."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 1)


class _ReadLikeSsvssj(VersionedResolver):
    """Resolve plain scalars as ssvssj's reader does (null, a plain decimal integer, else
    text), so that a file's `0571` or `10:30` is held as the text it is."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            if NULL_TEXT.match(value):
                return Tag(suffix="tag:yaml.org,2002:null")
            if PLAIN_INT.match(value):
                return Tag(suffix="tag:yaml.org,2002:int")
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _keeping_plain(texts: frozenset[str]) -> type[VersionedResolver]:
    """Quote like YAML 1.1, except texts the file already holds unquoted: they stay as
    written, so an unchanged line is not rewritten."""

    class _Keep(_QuoteLikeYaml11):
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0] and value in texts:
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    return _Keep


def _yaml(
    resolver: type[VersionedResolver] = _QuoteLikeYaml11, sequence: tuple[int, int] = (4, 2)
) -> YAML:
    """`sequence`: the column of an item's content and of its dash, below its key."""
    yaml = YAML(typ="rt")
    yaml.Resolver = resolver
    yaml.allow_unicode = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=sequence[0], offset=sequence[1])
    yaml.preserve_quotes = True
    yaml.representer.ignore_aliases = lambda data: True
    yaml.representer.add_representer(date, _represent_date)
    return yaml


def _represent_date(representer: Any, value: date) -> ScalarNode:
    """A date is always a plain `YYYY-MM-DD`, tagged as the writer's resolver reads that text:
    a date equal to a text the file holds unquoted would otherwise be written with an explicit
    `!!timestamp` tag, because the resolver keeps that text plain as a string."""
    text = value.isoformat()
    tag = representer.dumper.resolver.resolve(ScalarNode, text, (True, False))
    return representer.represent_scalar(tag, text)


def to_document(model: BaseModel) -> dict[str, Any]:
    """Plain data in the format's key order, leaving out what is unset or empty."""
    out: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = _plain(getattr(model, name))
        if value is None or value == [] or value == {}:
            continue
        out[info.alias or name] = value
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


def update_document(
    original: bytes, doc: dict[str, Any], was: dict[str, Any] | None = None
) -> bytes:
    """Rewrite `original` to hold `doc`, keeping its comments, key order, styles, line ends and
    byte-order mark: a change of one field is a one-line diff. A value equal to what the reader
    saw in the file keeps its node as written (`0571` stays `0571`, not `'0571'`).

    `was` is the document the file stood for before the change (its defaults filled in): a
    field the file leaves out is written only when its value changed, so a default is not
    added to parts the change did not touch."""
    text = original.decode("utf-8-sig")
    try:
        seen = parse(original)
    except ReadError:
        seen = None
    tree = _round_trip_tree(text, readable=seen is not None)
    if not isinstance(tree, CommentedMap):
        return dump_document(doc)
    plain = frozenset(_plain_texts(tree))
    sequence = _sequence_indent(text)
    before = _dumped(tree, plain, sequence)
    _merge_mapping(tree, doc, seen, was)
    after = _dumped(tree, plain, sequence)
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    return bom + _patched(text, before, after).encode("utf-8")


def _round_trip_tree(text: str, readable: bool) -> Any:
    """The file as ruamel.yaml reads it, comments and all; a file it refuses (changed on disk
    since it was checked, or holding what only ruamel refuses) is a ReadError in the reader's
    language, as PyYAML's refusals are.

    ruamel refuses a tab used as a separating blank (`title: t<TAB># note`), which YAML allows
    and the reader accepts: in a file the reader accepts, such a tab is read as the space it
    stands for. Only the rendering sees the space; unchanged lines keep their bytes."""
    for _ in range(text.count("\t") + 1):
        try:
            return _yaml(_ReadLikeSsvssj).load(text)
        except ScannerError as error:
            at = error.problem_mark.index if error.problem_mark is not None else -1
            if not (readable and 0 <= at < len(text) and text[at] == "\t"):
                raise _read_error(error) from None
            text = text[:at] + " " + text[at + 1 :]
        except YAMLError as error:
            raise _read_error(error) from None
    return _yaml(_ReadLikeSsvssj).load(text)


def _read_error(error: YAMLError) -> ReadError:
    if isinstance(error, MarkedYAMLError):
        detail, line = syntax_detail(error)
        return ReadError(
            tr("YAML syntax: {detail}", "YAML 语法错误：{detail}", detail=detail), line
        )
    return ReadError(tr("YAML: {detail}", "YAML：{detail}", detail=problem_text(str(error))))


def _sequence_indent(text: str) -> tuple[int, int]:
    """How the file indents its block lists below their key (`- x` at the key's column, or two
    columns in): a changed line is written as the file writes its neighbours, never in a way
    that breaks the list. Judged by the first list item that follows a key line."""
    key_column = None
    for line in _LINE_END.split(text):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        column = len(line) - len(stripped)
        if key_column is not None and stripped.startswith("- ") and column >= key_column:
            dash = column - key_column
            after_dash = len(stripped) - len(stripped[1:].lstrip(" "))
            return (dash + after_dash, dash)
        key_column = column if stripped.rstrip().endswith(":") else None
    return (4, 2)


def _dumped(tree: CommentedMap, plain: frozenset[str], sequence: tuple[int, int]) -> str:
    stream = io.StringIO()
    _yaml(_keeping_plain(plain), sequence).dump(tree, stream)
    return stream.getvalue()


_LINE_END = re.compile(r"\r\n|\r|\n")


def _lines(text: str) -> list[tuple[str, str]]:
    """Each line with its own ending (YAML's line breaks only: CR LF, CR or LF)."""
    lines: list[tuple[str, str]] = []
    start = 0
    for end in _LINE_END.finditer(text):
        lines.append((text[start : end.start()], end.group()))
        start = end.end()
    if start < len(text):
        lines.append((text[start:], ""))
    return lines


def _dominant_ending(lines: list[tuple[str, str]]) -> str:
    endings = Counter(ending for _, ending in lines if ending)
    if not endings:
        return "\n"
    return max(endings, key=lambda ending: (endings[ending], ending == "\n"))


def _patched(text: str, before: str, after: str) -> str:
    """Only the lines the change touched are rewritten into the original text; every other
    line keeps its bytes (`04`, `1_000`, `2e0`, document markers) and its own line end.

    `before` and `after` are the writer's rendering of the file before and after the change;
    their difference is applied to the original lines it corresponds to. When a changed line
    has no counterpart in the original, the whole rendering is written (in the file's line end)."""
    original = _lines(text)
    ending = _dominant_ending(original)
    old_lines = before.split("\n")[:-1]
    new_lines = after.split("\n")[:-1]
    if old_lines == new_lines:
        return text
    counterpart = _counterparts([line for line, _ in original], old_lines)
    hunks: list[tuple[int, int, list[str], bool]] = []
    for tag, i1, i2, j1, j2 in opcodes(old_lines, new_lines):
        if tag == "equal":
            continue
        span = _original_span(counterpart, i1, i2, len(old_lines), len(original))
        if span is not None:
            hunks.append((span[0], span[1], new_lines[j1:j2], False))
            continue
        hunk = (i1, i2, new_lines[j1:j2])
        spliced = _spliced(original, old_lines, counterpart, hunk, ending)
        if spliced is None or (hunks and spliced[0] < hunks[-1][1]):
            return ending.join(new_lines) + ending
        hunks.append((*spliced, True))
    out: list[str] = []
    position = 0
    for start, stop, replacement, ended in hunks:
        out.extend(line + end for line, end in original[position:start])
        if out and not _LINE_END.search(out[-1][-1:]):
            out[-1] += ending
        if ended:
            out.extend(replacement)
            position = max(position, stop)
            continue
        replaced = [end for _, end in original[start:stop]]
        for index, line in enumerate(replacement):
            kept = replaced[index] if index < len(replaced) else ending
            final = stop == len(original) and index == len(replacement) - 1
            out.append(line + (kept if kept or final else ending))
        position = max(position, stop)
    out.extend(line + end for line, end in original[position:])
    written = "".join(out)
    if any(ended for *_, ended in hunks) and not _reads_alike(written, after):
        return ending.join(new_lines) + ending
    return written


def _reads_alike(written: str, rendered: str) -> bool:
    """Whether text spliced word by word reads back as the writer's rendering does."""
    try:
        return bool(parse(written.encode("utf-8")) == parse(rendered.encode("utf-8")))
    except ReadError:
        return False


# What ends a word of the rendering: a change is written as whole words, never half a scalar.
_BREAKS = frozenset(" \n,:[]{}#")


def _spliced(
    original: list[tuple[str, str]],
    rendered: list[str],
    counterpart: dict[int, int],
    hunk: tuple[int, int, list[str]],
    ending: str,
) -> tuple[int, int, list[str]] | None:
    """A change of rendered lines the original writes otherwise (a flow mapping or plain text
    over several lines, which the writer renders on one): the original lines around it, with
    only the words that changed rewritten, each line with its own end."""
    i1, i2, new = hunk
    first, last = i1, i2
    while first > 0 and first not in counterpart:
        first -= 1
    while last < len(rendered) and last not in counterpart:
        last += 1
    start = counterpart.get(first, 0) if first in counterpart or first == 0 else None
    stop = counterpart[last] if last < len(rendered) else len(original)
    if start is None or stop < start:
        return None
    was = "\n".join(rendered[first:last])
    now = "\n".join([*rendered[first:i1], *new, *rendered[i2:last]])
    written = "".join(line + end for line, end in original[start:stop])
    head = 0
    most = min(len(was), len(now))
    while head < most and was[head] == now[head]:
        head += 1
    tail = 0
    while tail < most - head and was[-1 - tail] == now[-1 - tail]:
        tail += 1
    end_was, end_now = len(was) - tail, len(now) - tail
    while head > 0 and was[head - 1] not in _BREAKS:
        head -= 1
    while end_was < len(was) and was[end_was] not in _BREAKS:
        end_was, end_now = end_was + 1, end_now + 1
    place = _aligned(was, written)
    at, to = place(head), place(end_was)
    if at is None or to is None or to < at:
        return None
    text = written[:at] + now[head:end_now].replace("\n", ending) + written[to:]
    return start, stop, [line + end for line, end in _lines(text)]


def _aligned(rendered: str, written: str) -> Any:
    """Where each position of the rendering falls in the written text, where they agree."""
    from difflib import SequenceMatcher

    blocks = SequenceMatcher(None, rendered, written, autojunk=False).get_matching_blocks()

    def place(position: int) -> int | None:
        for a, b, size in blocks:
            if a <= position <= a + size and size:
                return b + position - a
        return None

    return place


def _counterparts(original: list[str], rendered: list[str]) -> dict[int, int]:
    """Which original line each rendered line stands for: equal lines, and lines rewritten
    one for one (a number the writer spells differently)."""
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in opcodes(original, rendered):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(j2 - j1):
                pairs[j1 + offset] = i1 + offset
    return pairs


def _original_span(
    counterpart: dict[int, int], start: int, stop: int, rendered: int, original: int
) -> tuple[int, int] | None:
    """The original lines standing for rendered lines start..stop (an insertion when empty)."""
    if stop > start:
        first, last = counterpart.get(start), counterpart.get(stop - 1)
        if first is None or last is None or last - first != stop - start - 1:
            return None
        return first, last + 1
    if start < rendered and start in counterpart:
        return counterpart[start], counterpart[start]
    if start > 0 and start - 1 in counterpart:
        return counterpart[start - 1] + 1, counterpart[start - 1] + 1
    return (original, original) if start == rendered else None


def _plain_texts(value: Any) -> Iterator[str]:
    """Every text the file holds unquoted (quoted ones are ScalarString objects)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _plain_texts(key)
            yield from _plain_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _plain_texts(item)
    elif type(value) is str:
        yield value


def _merge_mapping(tree: CommentedMap, doc: dict[str, Any], seen: Any, was: Any) -> None:
    for key in [key for key in tree if key not in doc]:
        del tree[key]
    order = list(doc)
    for key, value in doc.items():
        earlier = was.get(key) if isinstance(was, dict) else None
        if key in tree:
            held = seen.get(key) if isinstance(seen, dict) else None
            tree[key] = _merged(tree[key], value, held, earlier)
            continue
        if earlier is not None and earlier == value:
            continue
        position = _insert_position(tree, order, key)
        tree.insert(position, key, _commented(value))


def _insert_position(tree: CommentedMap, order: list[str], key: str) -> int:
    """Just after the nearest key that precedes `key` in the canonical order."""
    before = order[: order.index(key)]
    existing = list(tree)
    positions = [existing.index(name) for name in before if name in tree]
    return max(positions) + 1 if positions else 0


def _merged(old: Any, new: Any, seen: Any, was: Any) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_mapping(old, new, seen, was)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if _all_scalars(old) and _all_scalars(new):
            return _realigned(old, new)
        for index, item in enumerate(new):
            if index < len(old):
                held = seen[index] if isinstance(seen, list) and index < len(seen) else None
                earlier = was[index] if isinstance(was, list) and index < len(was) else None
                old[index] = _merged(old[index], item, held, earlier)
            else:
                old.append(_commented(item))
        del old[len(new) :]
        return old
    if _same_value(seen, new) or _same_scalar(old, new):
        return old
    return _commented(new)


def _all_scalars(items: list[Any]) -> bool:
    return not any(isinstance(item, dict | list) for item in items)


def _realigned(old: CommentedSeq, new: list[Any]) -> CommentedSeq:
    """A list of names rewritten item by item, not slot by slot: an item that stays keeps its
    node and its comment wherever others are inserted or removed (ruamel keeps comments by
    position, so without this a comment moves to whichever item lands in its slot). An item
    changed in place, where the old one is gone, keeps the comment of its slot."""
    comments = dict(old.ca.items)
    unused = list(range(len(old)))
    sources: list[int | None] = []
    for value in new:
        match = next((was for was in unused if _same_scalar(old[was], value)), None)
        if match is not None:
            unused.remove(match)
        sources.append(match)
    items: list[Any] = []
    moved: dict[int, Any] = {}
    for index, (value, match) in enumerate(zip(new, sources, strict=True)):
        items.append(_commented(value) if match is None else old[match])
        origin = index if match is None and index in unused else match
        if origin is not None and origin in comments:
            moved[index] = comments[origin]
    del old[:]
    old.extend(items)
    old.ca.items.clear()
    old.ca.items.update(moved)
    return old


def _same_value(seen: Any, new: Any) -> bool:
    """Whether `new` is what the reader saw: text as written, or that text converted."""
    if seen is None or isinstance(new, dict | list):
        return False
    if isinstance(new, bool) or not isinstance(seen, str):
        return type(seen) is type(new) and seen == new
    if isinstance(new, date):
        return seen == new.isoformat()
    if isinstance(new, int | float):
        return seen == str(new)
    return seen == new


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(new, date) and not isinstance(old, date):
        return str(old) == new.isoformat()
    if _is_number(old) and _is_number(new):
        return bool(old == new)
    return (type(old) is type(new) and old == new) or (isinstance(old, str) and old == new)


def _is_number(value: Any) -> bool:
    """A number as written (`2.50`) stays as written while its value is unchanged."""
    return isinstance(value, int | float) and not isinstance(value, bool)

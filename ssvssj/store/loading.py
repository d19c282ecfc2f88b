"""From one file's bytes to a validated model and its problems. Pure: no file system here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ssvssj.i18n import language, tr
from ssvssj.journey.agreed import Agreed, conflicts
from ssvssj.journey.agreed_file import AgreedFile
from ssvssj.journey.vocabulary import Vocabulary, build_causes, build_vocabulary, name_key
from ssvssj.method.models import (
    ID_PATTERN,
    SCHEMA_VERSION,
    Case,
    CausesFile,
    VocabularyFile,
    WorkspaceConfig,
)
from ssvssj.method.problems import Problem, field_path
from ssvssj.method.terms import field_word
from ssvssj.store.messages import user_message
from ssvssj.store.yamlread import Lines, ReadError, decode, line_in, lines_of, parse_all

M = TypeVar("M", bound=BaseModel)


def read_mapping(
    rel: str, raw: bytes, lines: Lines | None = None
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Bytes to a mapping of text keys, or the problems that stop it. A mapping may come with
    problems found while reading it (a duplicate key, a control character): the file is not
    valid, but its fields are still checked, through `validated`, so that one run tells all.
    `lines` as `parse_all`."""
    try:
        data, found = parse_all(raw, lines)
    except ReadError as error:
        return None, [Problem(rel, line, None, message) for line, message in error.all_in(rel)]
    problems = [Problem(rel, line, None, message) for line, message in found]
    if data is None:
        return None, [Problem(rel, None, None, tr("file is empty", "文件是空的"))]
    if not isinstance(data, dict):
        kind = tr("a list", "列表") if isinstance(data, list) else tr("a single value", "单个值")
        message = tr(
            "the file must be a mapping of keys, not {kind}",
            "文件须为键值映射，而不是{kind}",
            kind=kind,
        )
        return None, [Problem(rel, 1, None, message), *problems]
    bad_keys = [key for key in data if not isinstance(key, str)]
    if bad_keys:
        message = tr("keys must be text, not {key}", "键须为文字，而不是 {key}", key=bad_keys[0])
        return None, [Problem(rel, 1, None, message), *problems]
    return data, problems


def validated(
    parsed: tuple[dict[str, Any] | None, list[Problem]],
    check: Callable[[dict[str, Any]], tuple[M | None, list[Problem]]],
) -> tuple[M | None, list[Problem]]:
    """What `read_mapping` gave, checked field by field: a file read with problems is never
    valid, and its field problems are told with them."""
    data, read_problems = parsed
    if data is None:
        return None, read_problems
    result, problems = check(data)
    if read_problems:
        return None, read_problems + problems
    return result, problems


def _schema_problem(rel: str, source: Callable[[], bytes], data: dict[str, Any]) -> Problem | None:
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return Problem(
            rel,
            _line(source(), ("schema_version",)),
            "schema_version",
            tr(
                "schema_version {version} is newer than this ssvssj understands ({known}); "
                "upgrade ssvssj",
                "schema_version {version} 比这个版本的 ssvssj 能读的（{known}）更新；请升级 ssvssj",
                version=version,
                known=SCHEMA_VERSION,
            ),
        )
    return None


def _line(raw: bytes, loc: Iterable[object]) -> int | None:
    return _lines(raw, [loc])[0]


def _lines(raw: bytes, locs: Iterable[Iterable[object]]) -> list[int | None]:
    wanted = [list(loc) for loc in locs]
    if not wanted:
        return []
    try:
        return lines_of(decode(raw), wanted)
    except ReadError:
        return [None for _ in wanted]


def validation_problems(rel: str, raw: bytes, error: ValidationError) -> list[Problem]:
    found = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if loc[-1:] == ("[key]",):  # a bad key of a mapping: point at the key itself
            loc = loc[:-1]
        found.append((loc, user_message(item)))
    lines = _lines(raw, [loc for loc, _ in found])
    return [
        Problem(rel, line, field_path(loc), message)
        for line, (loc, message) in zip(lines, found, strict=True)
    ]


def _validate(model: type[M], rel: str, raw: bytes) -> tuple[M | None, list[Problem]]:
    return validated(
        read_mapping(rel, raw), lambda data: _validate_data(model, rel, data, lambda: raw)
    )


def _validate_data(
    model: type[M], rel: str, data: dict[str, Any], source: Callable[[], bytes]
) -> tuple[M | None, list[Problem]]:
    """`source` gives the file's bytes, read only when a problem needs its line."""
    future = _schema_problem(rel, source, data)
    if future is not None:
        return None, [future]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, validation_problems(rel, source(), error)


def load_config(rel: str, raw: bytes) -> tuple[WorkspaceConfig | None, list[Problem]]:
    return _validate(WorkspaceConfig, rel, raw)


def load_vocabulary(rel: str, raw: bytes) -> tuple[Vocabulary, list[Problem]]:
    return _names_file(VocabularyFile, "touchpoints", build_vocabulary, rel, raw)


def load_agreed(rel: str, raw: bytes, vocab: Vocabulary) -> tuple[Agreed | None, list[Problem]]:
    """journey.yaml: its shape, then names given twice and stage pins it does not list."""
    data, problems = _validate(AgreedFile, rel, raw)
    if data is None:
        return None, problems
    located = [
        Problem(rel, _line(raw, _split_field(c.field)), c.field, c.message)
        for c in conflicts(data, vocab)
    ]
    return Agreed.from_file(data), located


def load_causes(rel: str, raw: bytes) -> tuple[Vocabulary, list[Problem]]:
    """causes.yaml: root causes matched like touchpoint names."""
    return _names_file(CausesFile, "causes", build_causes, rel, raw)


def _names_file(
    model: type[M],
    section: str,
    build: Callable[[M], tuple[Vocabulary, list[tuple[str, str]]]],
    rel: str,
    raw: bytes,
) -> tuple[Vocabulary, list[Problem]]:
    """touchpoints.yaml or causes.yaml: its shape, then names claimed twice. A file with a
    problem is not used, but the names its sound entries claim twice are told in the same run
    (one run of `check` lists every problem)."""
    parsed = read_mapping(rel, raw)
    data, problems = validated(parsed, lambda found: _validate_data(model, rel, found, lambda: raw))
    if data is not None:
        vocab, conflicts = build(data)
    else:
        vocab, conflicts = (
            Vocabulary(),
            _conflicts_of_sound_entries(model, section, build, parsed[0]),
        )
    located = [
        Problem(rel, _line(raw, _split_field(where)), where, message)
        for where, message in conflicts
    ]
    return vocab, problems + located


def _conflicts_of_sound_entries(
    model: type[M],
    section: str,
    build: Callable[[M], tuple[Vocabulary, list[tuple[str, str]]]],
    data: dict[str, Any] | None,
) -> list[tuple[str, str]]:
    entries = data.get(section) if data is not None else None
    if not isinstance(entries, dict):
        return []
    sound = {}
    for name, entry in entries.items():
        try:
            model.model_validate({section: {name: entry}})
        except ValidationError:
            continue
        sound[name] = entry
    try:
        return build(model.model_validate({section: sound}))[1]
    except ValidationError:
        return []


def field_lines(raw: bytes, fields: Iterable[str], noted: Lines | None = None) -> list[int | None]:
    """The lines of fields such as `solve[0].due` in a file's bytes, where they can be found;
    from the lines `noted` while reading the file, where they reach."""
    locs = [_split_field(where) for where in fields]
    found = [line_in(noted, loc) if noted else None for loc in locs]
    left = [index for index, line in enumerate(found) if line is None]
    for index, line in zip(left, _lines(raw, [locs[i] for i in left]), strict=True):
        found[index] = line
    return found


def _split_field(where: str) -> tuple[object, ...]:
    parts: list[object] = []
    for piece in where.replace("[", ".[").split("."):
        if piece.startswith("[") and piece.endswith("]"):
            parts.append(int(piece[1:-1]))
        elif piece:
            parts.append(piece)
    return tuple(parts)


def load_case(rel: str, raw: bytes, vocab: Vocabulary) -> tuple[Case | None, list[Problem]]:
    """Validate one case file: its shape, then the rules that span fields."""
    return validated(
        read_mapping(rel, raw), lambda data: case_from_data(rel, data, vocab, lambda: raw)
    )


def case_from_data(
    rel: str, data: dict[str, Any], vocab: Vocabulary, source: Callable[[], bytes]
) -> tuple[Case | None, list[Problem]]:
    """Validate a parsed case file; `source` gives its bytes when a problem needs a line.

    The rules that span fields are checked even when a field has the wrong shape, so that one
    run of `check` lists every problem of the file, not the next one after each fix."""
    case, problems = _validate_data(Case, rel, data, source)
    stem = _stem(rel)
    if case is not None:
        violations = case_rule_violations(case, vocab, stem)
    elif problems and not _is_schema_refusal(problems):
        told = {problem.field for problem in problems}
        violations = [v for v in _raw_rule_violations(data, vocab, stem) if v[0] not in told]
    else:
        violations = []
    if not violations:
        return case, problems
    lines = field_lines(source(), [where for where, _ in violations])
    return None, problems + [
        Problem(rel, line, where, message)
        for line, (where, message) in zip(lines, violations, strict=True)
    ]


def _stem(rel: str) -> str:
    """`PurePosixPath(rel).stem`, without making a path for every case file."""
    name = "/".join(part for part in rel.split("/") if part not in ("", "."))
    name = name.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _is_schema_refusal(problems: list[Problem]) -> bool:
    return any(problem.field == "schema_version" for problem in problems)


def case_rule_violations(case: Case, vocab: Vocabulary, stem: str | None) -> list[tuple[str, str]]:
    """The rules pydantic cannot see field by field, as (field, message) pairs."""
    path = list(case.scene.path) if case.scene is not None else []
    return _spot_violations(case, vocab) + _rule_violations(
        case.id,
        case.spot.touchpoint,
        path,
        [d.id for d in case.split],
        [s.id for s in case.solve],
        [list(s.addresses) for s in case.solve],
        vocab,
        stem,
    )


def _raw_rule_violations(
    data: dict[str, Any], vocab: Vocabulary, stem: str | None
) -> list[tuple[str, str]]:
    """The same rules over data that did not validate: whatever has the right shape is checked."""
    spot = data.get("spot")
    scene = data.get("scene")
    split = _items(data.get("split"))
    solve = _items(data.get("solve"))
    touchpoint = spot.get("touchpoint") if isinstance(spot, dict) else None
    path = scene.get("path") if isinstance(scene, dict) else None
    case_id = data.get("id")
    return _rule_violations(
        case_id if isinstance(case_id, str) and ID_PATTERN.match(case_id) else None,
        touchpoint if isinstance(touchpoint, str) else None,
        [str(n) for n in path] if isinstance(path, list) else [],
        [_text(item.get("id")) for item in split],
        [_text(item.get("id")) for item in solve],
        [
            [_text(target) for target in item["addresses"]]
            if isinstance(item.get("addresses"), list)
            else []
            for item in solve
        ],
        vocab,
        stem,
    )


def _items(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def _rule_violations(
    case_id: str | None,
    spot_touchpoint: str | None,
    path: list[str],
    detail_ids: list[str | None],
    solution_ids: list[str | None],
    addresses: list[list[str | None]],
    vocab: Vocabulary,
    stem: str | None,
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if stem is not None and case_id is not None and case_id != stem:
        found.append(
            (
                "id",
                tr(
                    "id “{id}” must equal the file name “{stem}”",
                    "编号“{id}”须与文件名“{stem}”一致",
                    id=case_id,
                    stem=stem,
                ),
            )
        )
    if path and spot_touchpoint is not None:
        spot_key = _touchpoint_key(spot_touchpoint, vocab)
        if spot_key not in {_touchpoint_key(name, vocab) for name in path}:
            found.append(
                (
                    "scene.path",
                    tr(
                        "the path must contain the spot touchpoint “{spot}”",
                        "客户路径须包含发现问题的触点“{spot}”",
                        spot=spot_touchpoint,
                    ),
                )
            )
    known = _duplicates(found, "split", detail_ids)
    _duplicates(found, "solve", solution_ids)
    for index, targets in enumerate(addresses):
        for position, target in enumerate(targets):
            if target is not None and target not in known:
                found.append(
                    (
                        f"solve[{index}].addresses[{position}]",
                        tr(
                            "“{target}” is not the id of a detail in split",
                            "“{target}”不是拆解细节中任何细节的编号",
                            target=target,
                        ),
                    )
                )
    return found


def _spot_violations(case: Case, vocab: Vocabulary) -> list[tuple[str, str]]:
    """A handover (`spot.from`) must be one the customer's path takes; a gain has no severity."""
    spot = case.spot
    found: list[tuple[str, str]] = []
    if case.is_gain and spot.severity is not None:
        found.append(
            (
                "spot.severity",
                tr(
                    "a gain has no severity; remove it, or make the spot a pain",
                    "亮点没有严重程度：请删除它，或把类型改为痛点",
                ),
            )
        )
    if spot.from_ is None:
        return found
    source = _touchpoint_key(spot.from_, vocab)
    target = _touchpoint_key(spot.touchpoint, vocab)
    if source == target:
        found.append(
            (
                "spot.from",
                tr(
                    "the handover must come from another touchpoint than '{touchpoint}'",
                    "交接必须来自“{touchpoint}”以外的触点",
                    touchpoint=spot.touchpoint,
                ),
            )
        )
    elif case.scene is not None and case.scene.path:
        keys = [_touchpoint_key(name, vocab) for name in case.scene.path]
        if (source, target) not in set(pairwise(keys)):
            found.append(
                (
                    "spot.from",
                    tr(
                        "'{source}' must directly precede '{target}' in scene.path at least once",
                        "在 `scene.path` 中，“{source}”必须至少一次紧挨在“{target}”之前",
                        source=spot.from_,
                        target=spot.touchpoint,
                    ),
                )
            )
    return found


def _duplicates(found: list[tuple[str, str]], section: str, ids: list[str | None]) -> set[str]:
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id is None:
            continue
        if item_id in seen:
            found.append(
                (
                    f"{section}[{index}].id",
                    tr(
                        "duplicate id “{id}” in {section}",
                        "{section}中的编号“{id}”重复",
                        id=item_id,
                        section=field_word(section, language()),
                    ),
                )
            )
        seen.add(item_id)
    return seen


def _touchpoint_key(name: str, vocab: Vocabulary) -> str:
    canonical = vocab.canonical(name)
    return name_key(canonical if canonical is not None else name)

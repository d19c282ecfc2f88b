"""The only module that reads or writes workspace files."""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from ssvssj.confine import leads_out
from ssvssj.errors import InvalidCase, UsageError
from ssvssj.i18n import tr
from ssvssj.journey.agreed import JOURNEY_FILE, Agreed
from ssvssj.journey.lean import lean_case
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.constants import step_number
from ssvssj.method.models import Case, WorkspaceConfig
from ssvssj.method.problems import Problem
from ssvssj.store.drafts import private_dir
from ssvssj.store.files import create_exclusive, write_atomic
from ssvssj.store.findings import facts_body, facts_from_body, placed_facts
from ssvssj.store.ids import is_valid_id, new_id
from ssvssj.store.index import (
    Index,
    Outcome,
    Stat,
    decode,
    digest,
    encode,
    open_index,
    settled,
    stat_of,
)
from ssvssj.store.leans import LeanRow, keep_heads, lean_body, lean_row, learn_heads
from ssvssj.store.listing import CaseFile, case_files, read_file, read_in
from ssvssj.store.loading import (
    case_from_data,
    load_agreed,
    load_case,
    load_causes,
    load_config,
    load_vocabulary,
    read_mapping,
    validated,
)
from ssvssj.store.paths import (
    CASES_DIR,
    CAUSES_FILE,
    CONFIG_FILE,
    VOCABULARY_FILE,
)
from ssvssj.store.scan import (
    SETTINGS,
    Seen,
    StaleIndex,
    Survey,
    assemble,
    learn_known,
    problems_body,
    survey,
)
from ssvssj.store.workspace import PlacedFacts, Workspace
from ssvssj.store.yamlread import Lines, ReadError


def load_settings(root: Path) -> tuple[WorkspaceConfig, Vocabulary, list[Problem]]:
    problems: list[Problem] = []
    raw, read_problems = read_file(root / CONFIG_FILE, CONFIG_FILE)
    problems += read_problems
    config = None
    if raw is not None:
        config, config_problems = load_config(CONFIG_FILE, raw)
        problems += config_problems
    if config is None:
        config = WorkspaceConfig(schema_version=1, name=root.name or "ssvssj")
    vocab = Vocabulary()
    if os.path.lexists(root / VOCABULARY_FILE):
        raw, read_problems = read_file(root / VOCABULARY_FILE, VOCABULARY_FILE)
        problems += read_problems
        if raw is not None:
            vocab, vocab_problems = load_vocabulary(VOCABULARY_FILE, raw)
            problems += vocab_problems
    return config, vocab, problems


def load_agreed_journey(root: Path, vocab: Vocabulary) -> tuple[Agreed | None, list[Problem]]:
    """journey.yaml, when the workspace has one."""
    path = root / JOURNEY_FILE
    if not os.path.lexists(path):
        return None, []
    raw, problems = read_file(path, JOURNEY_FILE)
    if raw is None:
        return None, problems
    return load_agreed(JOURNEY_FILE, raw, vocab)


def save_agreed_journey(root: Path, data: bytes, original: bytes | None) -> Path:
    """Write journey.yaml if it loads back without a problem; never one that would not."""
    from ssvssj.i18n import tr

    _, vocab, _ = load_settings(root)
    _, problems = load_agreed(JOURNEY_FILE, data, vocab)
    if problems:
        raise InvalidCase(
            tr(
                "{file} would not be valid; nothing was written",
                "{file} 将不合法；未写入任何内容",
                file=JOURNEY_FILE,
            ),
            problems,
        )
    refuse_a_link(root, JOURNEY_FILE)
    path = root / JOURNEY_FILE
    write_atomic(path, data, expected=original)
    return path


def load_causes_file(root: Path) -> tuple[Vocabulary, list[Problem]]:
    """The root-cause vocabulary (causes.yaml), empty when there is none."""
    if not os.path.lexists(root / CAUSES_FILE):
        return Vocabulary(), []
    raw, problems = read_file(root / CAUSES_FILE, CAUSES_FILE)
    if raw is None:
        return Vocabulary(), problems
    return load_causes(CAUSES_FILE, raw)


class Checked(NamedTuple):
    """One case file checked, as compact as it travels back from a worker."""

    digest: str | None  # of the very bytes that were checked; None: the file was not read
    hint: tuple[Stat, bool] | None  # the stat hint taken before reading
    problems: list[Problem]  # why it could not be read (any other problem is in the outcome)
    outcome: Outcome | None  # as it goes into the index
    document: str | None  # a valid case as the index keeps it, where cases are wanted
    case: Case | None  # only where cases are wanted
    facts: PlacedFacts | None  # only where facts are wanted
    lean: str | None  # what a journey reads of a valid case, as JSON, where it is kept or wanted
    sealed: Sealed | None  # the MACs of the index's rows, where they are still to be written
    head: LeanRow | None = None  # the lean case's id and digest, where the index has its JSON


class Sealed(NamedTuple):
    """The MACs of a checked file's rows for the index, made where the file was checked (in a
    worker, with the key of the index it was forked with), so that the process that writes
    the rows only writes them."""

    outcome: str
    document: str | None
    facts: str | None  # the facts as JSON
    facts_mac: str | None
    lean: str | None


class _Wanted(NamedTuple):
    vocabulary: Vocabulary
    cases: bool
    cause_key: Callable[[str], str] | None  # facts are wanted when set
    leans: bool
    sealing: Index | None = None  # rows are sealed for it when set
    context: str = ""
    # The folders of this reading (and of each worker's share) that lead nowhere out of the
    # workspace: each is looked at once, not once for every file it holds.
    inside: set[str] | None = None
    home: int = 0  # the process that reads: any other is a forked worker


_wanted = _Wanted(Vocabulary(), False, None, False)


def read_case_file(
    item: CaseFile, inside: set[str] | None = None
) -> tuple[bytes | None, list[Problem], tuple[Stat, bool] | None]:
    """`read_file` for a case file (see `read_in` for `inside`), with the stat hint its
    descriptor gave before its bytes were read."""
    now = time.time_ns()
    raw, problems, info = read_in(item.root, item.rel, inside)
    return raw, problems, None if info is None else (stat_of(info), settled(info, now))


def check_file(item: CaseFile) -> Checked:
    """One case file read, hashed, parsed and checked where the work is spread: a forked
    worker finds what is wanted in `_wanted`, as it was when the workers started."""
    vocab, want_case, cause_key, want_lean, _, _, inside, _ = _wanted
    raw, problems, hint = read_case_file(item, inside)
    if raw is None:
        return Checked(None, None, problems, None, None, None, None, None, None)
    lines: Lines | None = {} if cause_key is not None else None
    case, problems = validated(
        read_mapping(item.rel, raw, lines),
        lambda data: case_from_data(item.rel, data, vocab, lambda: raw),
    )
    found = digest(raw)
    outcome: Outcome
    if case is None:
        outcome = (None, encode(problems_body(problems)))
        sealed = _sealed(item.rel, found, outcome, None, None, None)
        return Checked(found, hint, [], outcome, None, None, None, None, sealed)
    outcome = (case.id, encode(case_row(case, vocab)))
    document = _document(case) if want_case else None
    facts = None if cause_key is None else placed_facts(raw, case, cause_key, lines)
    lean = lean_body(lean_case(case)) if want_lean else None
    sealed = _sealed(item.rel, found, outcome, document, facts, lean)
    wanted_case = case if want_case else None
    return Checked(found, hint, [], outcome, document, wanted_case, facts, lean, sealed)


def check_files(items: list[CaseFile]) -> list[Checked]:
    """A batch of case files checked (see `check_file`), with the rows the index learns of
    them handed to a writer where they were checked: a forked worker writes them through a
    connection of its own, a batch in one transaction, so that only what the caller uses
    travels back; in this process they join the index's own batches. Rows that could not be
    written travel back sealed, for the caller to write."""
    checked = [check_file(item) for item in items]
    writer = _writer()
    if writer is None:
        return checked
    context = _wanted.context
    for item, one in zip(items, checked, strict=True):
        sealed = one.sealed
        if sealed is None or one.digest is None or one.outcome is None:
            continue
        writer.outcome(context, item.rel, one.digest, one.outcome, sealed.outcome)
        if one.document is not None:
            writer.document(one.digest, one.document, sealed.document)
        if sealed.facts is not None:
            writer.fact(context, item.rel, one.digest, sealed.facts, sealed.facts_mac)
        if one.lean is not None:
            writer.lean(context, item.rel, one.digest, one.lean, sealed.lean)
    if writer is not _wanted.sealing and not writer.write_learned():
        return checked
    return [_written(one) for one in checked]


def _written(checked: Checked) -> Checked:
    """A checked file whose rows the index has: what the caller still uses of it."""
    if checked.sealed is None:
        return checked
    head = None if checked.lean is None else lean_row(checked.lean)
    return checked._replace(
        document=None,
        lean=None,
        sealed=None,
        head=None if head is None else head._replace(body=""),
    )


_forked: dict[int, Index] = {}  # a forked worker's own connection to the index, by its pid


def _writer() -> Index | None:
    """Where the rows of the files checked in this process go: the index itself in the
    process that reads, a connection of the worker's own in a forked worker."""
    index = _wanted.sealing
    pid = os.getpid()
    if index is None or pid == _wanted.home:
        return index
    writer = _forked.get(pid)
    if writer is None:
        writer = _forked[pid] = index.forked()
    return writer if writer.available else None


def _sealed(
    rel: str,
    found: str,
    outcome: Outcome,
    document: str | None,
    facts: PlacedFacts | None,
    lean: str | None,
) -> Sealed | None:
    index, context = _wanted.sealing, _wanted.context
    if index is None:
        return None
    facts_json = None if facts is None else encode(facts_body(facts))
    return Sealed(
        index.seal("outcomes", context, rel, found, *outcome),
        None if document is None else index.seal("documents", found, document),
        facts_json,
        None if facts_json is None else index.seal("facts", context, rel, found, facts_json),
        None if lean is None else index.seal("leans", context, rel, found, lean),
    )


@contextlib.contextmanager
def _bulk_allocation() -> Iterator[None]:
    """Loading builds many objects and no cycles: the cyclic collector would only rescan them
    (about half the cost of validation), so it pauses while loading."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Progress = Callable[[int, int], None]


def load_workspace(
    root: Path, use_cache: bool = True, progress: Progress | None = None
) -> Workspace:
    """Every valid case and every problem of every file: one bad file hides nothing else.

    `progress(done, total)` hears how far loading has come, for a progress bar.
    """
    with _bulk_allocation(), _opened_index(root, use_cache) as index:
        return _read_through(root, index, progress, want_cases=True)


def load_for_journey(
    root: Path, progress: Progress | None = None, use_cache: bool = True
) -> Workspace:
    """The workspace as a journey reads it: each valid case's lean case as the index keeps it
    (made from the file where the index has none for its bytes), and no full case at all."""
    with _bulk_allocation(), _opened_index(root, use_cache) as index:
        try:
            found = survey(root, index, with_outcomes=False)
            return complete_for_journey(found, index, progress)
        except StaleIndex:
            if index is None:
                raise
            index.forget()
            return load_for_journey(root, progress, use_cache=False)


def complete_for_journey(
    found: Survey, index: Index | None, progress: Progress | None = None
) -> Workspace:
    """`load_for_journey` over a survey made without outcomes: the index's lean cases say
    which files are valid cases (each holds its id), so only the outcomes of the other files
    are read; the files the index knows neither way are parsed."""
    known: dict[Seen, LeanRow] = {}
    learned = None if index is None else learn_heads(found, index)
    if learned is not None:
        known = learned[0]
    elif index is not None:
        found.known = index.outcomes(found.context, problems_only=True)
        heads = {}
        for rel, file_digest, body in index.leans(found.context):
            row = lean_row(body)
            if row is not None:
                heads[(rel, file_digest)] = row._replace(body="")  # read again when inferred

        def lean_kept(key: tuple[str, str]) -> tuple[str, LeanRow] | None:
            row = heads.pop(key, None)
            return None if row is None else (row.case_id, row)

        known = learn_known(found, lean_kept)
        del heads
    with _bulk_allocation():
        workspace = complete(found, index, progress, want_leans=True, known_leans=known)
    if index is not None:
        if learned is None or not learned[1]:
            keep_heads(index, found, workspace)
        index.save(found.context, found.gone)
    return workspace


def load_for_findings(
    root: Path, progress: Progress | None = None, use_cache: bool = True
) -> Workspace:
    """The workspace as the method findings need it: each valid case's rule facts (from the
    index where it has them, else with the file's reading), and no case at all."""
    with _bulk_allocation(), _opened_index(root, use_cache) as index:
        try:
            workspace = _read_through(root, index, progress, want_facts=True)
        except StaleIndex:
            if index is None:
                raise
            index.forget()
            return load_for_findings(root, progress, use_cache=False)
    if workspace.facts is None and workspace.files:
        return load_workspace(root, use_cache, progress)
    return workspace


@contextlib.contextmanager
def _opened_index(root: Path, use_cache: bool) -> Iterator[Index | None]:
    """The workspace's index (None where there is none to use), closed however the reading ends."""
    index = open_index(root, use_cache)
    try:
        yield index
    finally:
        if index is not None:
            index.close()


def _read_through(
    root: Path,
    index: Index | None,
    progress: Progress | None,
    want_cases: bool = False,
    want_facts: bool = False,
) -> Workspace:
    """One survey of the workspace completed as asked, with what it learnt kept in the index."""
    found = survey(root, index)
    workspace = complete(found, index, progress, want_cases, want_facts)
    if index is not None:
        index.save(found.context, found.gone)
    return workspace


def complete(
    found: Survey,
    index: Index | None,
    progress: Progress | None = None,
    want_cases: bool = False,
    want_facts: bool = False,
    known_facts: dict[Seen, PlacedFacts] | None = None,
    want_leans: bool = False,
    known_leans: dict[Seen, LeanRow] | None = None,
) -> Workspace:
    """Fill in every outcome the index did not know, and with `want_cases` the valid cases
    themselves (from the index's documents where it has them, else parsed); with `want_facts`
    what the method rules need of each valid case (from `known_facts` where the caller read
    them already, else from the index, else parsed); with `want_leans` each valid case as a
    journey reads it (from `known_leans`, else parsed). Where there is an
    index, it learns the facts and the lean case of every valid case parsed, and with
    `want_cases` its document: only a reading of full cases keeps them (a case's document is
    about as large as its file, and most commands never read one)."""
    from ssvssj.journey.vocabulary import cause_key
    from ssvssj.store.parallel import iterate_in_batches

    config, vocab, settings_problems = load_settings(found.root)
    workspace = Workspace(found.root, config, vocab)
    workspace.causes, cause_problems = load_causes_file(found.root)
    workspace.agreed, agreed_problems = load_agreed_journey(found.root, vocab)
    found.settings = settings_problems + cause_problems + agreed_problems
    if index is not None:
        body = encode(problems_body(found.settings))
        index.outcome(found.context, SETTINGS, found.settings_digest, (None, body))
    built = _cases_from_documents(found, index) if want_cases else {}
    facts = (
        {}
        if not want_facts
        else known_facts
        if known_facts is not None
        else _facts_from_index(found, index)
    )
    leans = dict(known_leans or {}) if want_leans else {}
    missing = [
        entry
        for entry in found.seen
        if entry.unread
        or (
            entry.digest is not None
            and (
                not entry.known
                or (
                    entry.case_id is not None
                    and (
                        (want_cases and entry not in built)
                        or (want_facts and entry not in facts)
                        or (want_leans and entry not in leans)
                    )
                )
            )
        )
    ]
    global _wanted
    placing = want_facts or index is not None
    _wanted = _Wanted(
        vocab,
        want_cases,
        cause_key(workspace.causes) if placing else None,
        want_leans or index is not None,
        index,
        found.context,
        set(),
        os.getpid(),
    )
    fresh = iterate_in_batches(check_files, [entry.item for entry in missing])
    if index is not None and missing:
        index.learned_elsewhere()
    for done, entry in enumerate(missing):
        if progress is not None and done % 100 == 0:
            progress(done, len(missing))
        checked = next(fresh)
        entry.digest, entry.problems = checked.digest, checked.problems
        entry.known = entry.unread = False
        if entry.digest is None or checked.outcome is None:
            continue
        if index is not None and checked.hint is not None and checked.hint[1]:
            index.hint(entry.item.rel, checked.hint[0], entry.digest)
        sealed = checked.sealed
        if checked.facts is not None:
            if want_facts:
                facts[entry] = checked.facts
            if index is not None and sealed is not None and sealed.facts is not None:
                index.fact(
                    found.context, entry.item.rel, entry.digest, sealed.facts, sealed.facts_mac
                )
        if checked.lean is not None or checked.head is not None:
            row = checked.head if checked.head is not None else lean_row(checked.lean)
            if index is not None and sealed is not None and checked.lean is not None:
                index.lean(found.context, entry.item.rel, entry.digest, checked.lean, sealed.lean)
                if row is not None:
                    row = row._replace(body="")  # kept in the index: read again when inferred
            if want_leans and row is not None:
                leans[entry] = row
        stored = found.known.get((entry.item.rel, entry.digest))
        if stored is not None and not ((want_cases or want_facts) and stored[0] is not None):
            entry.learn(stored)  # the index holds this outcome already
            continue
        entry.learn(checked.outcome)
        if want_leans and entry.case_id is not None:
            entry.body = None  # a journey reads the lean case, never the case's row
        if checked.case is not None:
            built[entry] = checked.case
        if index is not None and sealed is not None:
            index.outcome(
                found.context, entry.item.rel, entry.digest, checked.outcome, sealed.outcome
            )
            if checked.document is not None:
                index.document(entry.digest, checked.document, sealed.document)
    workspace.inputs = found.inputs
    accepted, workspace.problems = assemble(found)
    for entry in accepted:
        workspace.files[entry.case_id or ""] = entry.item.rel
        if entry.digest is not None:
            workspace.digests[entry.case_id or ""] = entry.digest
        case = built.get(entry)
        if case is not None:
            workspace.cases.append(case)
    if want_facts and all(entry in facts for entry in accepted):
        workspace.facts = [facts[entry] for entry in accepted]
    if want_leans:
        workspace.leans = [leans[entry] for entry in accepted]
    return workspace


def _facts_from_index(found: Survey, index: Index | None) -> dict[Seen, PlacedFacts]:
    """The rule facts the index keeps for the valid cases it knows; any that do not decode
    are left out, to be made again."""
    if index is None:
        return {}
    kept = index.facts(found.context)
    facts: dict[Seen, PlacedFacts] = {}
    for entry in found.seen:
        if entry.known and entry.case_id is not None and entry.digest is not None:
            body = kept.pop((entry.item.rel, entry.digest), None)
            placed = facts_from_body(decode(body), entry.case_id) if body is not None else None
            if placed is not None:
                facts[entry] = placed
    return facts


def _cases_from_documents(found: Survey, index: Index | None) -> dict[Seen, Case]:
    """Valid cases rebuilt from the JSON the index keeps for their bytes."""
    from pydantic import ValidationError

    if index is None:
        return {}
    wanted: dict[str, list[Seen]] = {}
    for entry in found.seen:
        if entry.known and entry.case_id is not None and entry.digest is not None:
            wanted.setdefault(entry.digest, []).append(entry)
    built: dict[Seen, Case] = {}
    for key, body in index.documents(wanted):
        try:
            case = Case.model_validate_json(body)
        except (ValidationError, RecursionError):
            continue
        for entry in wanted[key]:
            if case.id == entry.case_id:
                built[entry] = case
    return built


def _document(case: Case) -> str | None:
    """A valid case as JSON, where JSON gives it back unchanged (free-form `extra:` may not)."""
    if not _json_safe(case.extra):
        return None
    return case.model_dump_json(by_alias=True)


def _json_safe(value: Any) -> bool:
    """Only data JSON gives back unchanged: text keys, no floats that JSON cannot spell."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_safe(v) for v in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return value is None or isinstance(value, str | int | bool)


def _canonical(name: str | None, vocab: Vocabulary) -> str | None:
    """A touchpoint by its vocabulary name, whichever alias the file uses."""
    return None if name is None else vocab.canonical(name) or name


def case_row(case: Case, vocab: Vocabulary) -> dict[str, Any]:
    """What lists and counts need of a valid case, kept in the index beside its outcome. The
    step and the state are each worked out once: a case is open exactly when its state is."""
    step, state = case.step, case.state
    return {
        "id": case.id,
        "title": case.title,
        "step": step,
        "step_number": step_number(step),
        "state": state,
        "is_open": state == "open",
        "touchpoint": _canonical(case.spot.touchpoint, vocab),
        "severity": case.severity,
        "kind": case.spot.kind or "pain",
        "from": _canonical(case.spot.from_, vocab),
        "tags": case.tags,
        "updated": case.last_updated.isoformat(),
    }


def load_case_ids(root: Path) -> Workspace:
    """The settings, and the ids of the case files as their names give them, without reading
    a case: what a command about one case needs (it reads that case with `read_case`)."""
    config, vocab, problems = load_settings(root)
    workspace = Workspace(root, config, vocab, problems=problems)
    files, workspace.problems[len(problems) :] = case_files(root)
    for item in files:
        stem = item.rel.rpartition("/")[2].removesuffix(".yaml")  # no Path per file: 100,000
        if is_valid_id(stem) and stem not in workspace.files:
            workspace.files[stem] = item.rel
    return workspace


def read_case(workspace: Workspace, case_id: str) -> tuple[Case, bytes]:
    """Re-read one case from disk (its bytes too, to detect a concurrent change on write)."""
    from ssvssj.i18n import tr

    rel = workspace.files[case_id]
    raw, problems = read_file(workspace.root / rel, rel)
    case = None
    if raw is not None:
        case, problems = load_case(rel, raw, workspace.vocabulary)
    if case is None or raw is None:
        raise InvalidCase(
            tr(
                "{file} is not valid; fix it first (see `ssvssj check`)",
                "{file} 无效，请先修正（见 `ssvssj check`）",
                file=rel,
            ),
            problems,
        )
    return case, raw


def checked(data: bytes, workspace: Workspace, rel: str) -> bytes:
    """The bytes about to be written, if they load back as a valid case: never write one that
    would not."""
    reloaded, problems = load_case(rel, data, workspace.vocabulary)
    if reloaded is None:
        raise InvalidCase(
            tr(
                "the case would not be valid; nothing was written to {file}",
                "改动后案例将无效，因此没有写入 {file}",
                file=rel,
            ),
            problems,
        )
    return data


def refuse_a_link(root: Path, rel: str) -> None:
    """A file that is a symbolic link is never written: replacing the link would leave two
    copies that disagree, so the person edits the file it leads to instead."""
    path = root / rel
    if not path.is_symlink():
        return
    real = Path(os.path.realpath(path))
    try:
        target = real.relative_to(Path(os.path.realpath(root))).as_posix()
    except ValueError:
        target = str(real)
    raise UsageError(
        tr(
            "{file} is a symbolic link to {target}; nothing was written through it",
            "{file} 是指向 {target} 的符号链接；没有经由它写入任何内容",
            file=rel,
            target=target,
        ),
        tr(
            "work on {target} itself (or replace the link with the file)",
            "请直接处理 {target}（或把链接换成文件本身）",
            target=target,
        ),
    )


def save_case(workspace: Workspace, case: Case, original: bytes, today: date) -> Path:
    """Write an existing case, keeping a person's comments and key order."""
    from ssvssj.store.yamlwrite import to_document, update_document

    case.updated = max(today, case.created)
    rel = workspace.files[case.id]
    refuse_a_link(workspace.root, rel)
    before, _ = load_case(rel, original, workspace.vocabulary)
    was = to_document(before) if before is not None else None
    try:
        rewritten = update_document(original, to_document(case), was)
    except ReadError as error:
        raise InvalidCase(
            tr(
                "{file} cannot be rewritten in place; nothing was written",
                "{file} 无法在原处改写；没有写入",
                file=rel,
            ),
            [Problem(rel, line, None, message) for line, message in error.all_in(rel)],
        ) from None
    data = checked(rewritten, workspace, rel)
    path = workspace.root / rel
    write_atomic(path, data, expected=original)
    return path


def prepare_case(
    workspace: Workspace, doc: dict[str, Any], today: date, case_id: str
) -> tuple[Case, bytes]:
    """A new case and the bytes that would hold it, validated as they would load back; nothing
    is written, so a batch can be checked whole before its first file."""
    from pydantic import ValidationError

    from ssvssj.store.loading import validation_problems
    from ssvssj.store.yamlwrite import dump_case, dump_document

    rel = f"{CASES_DIR}/{case_id}.yaml"
    try:
        case = Case.model_validate(
            {
                **doc,
                "schema_version": 1,
                "id": case_id,
                "created": doc.get("created", today),
                "updated": today,
            }
        )
    except ValidationError as error:
        raise InvalidCase(
            tr(
                "the answers do not make a valid case; nothing was written",
                "这些回答构不成有效的案例；没有写入任何内容",
            ),
            validation_problems(rel, dump_document(doc), error),
        ) from None
    path = workspace.root / rel
    return case, checked(schema_comment(workspace.root, path) + dump_case(case), workspace, rel)


def create_case(
    workspace: Workspace, doc: dict[str, Any], today: date, preferred: str | None = None
) -> tuple[Case, Path]:
    """Give a new case an id that no branch will collide with, and write it exclusively."""
    for attempt in range(100):
        case_id = preferred if preferred and attempt == 0 else new_id(today)
        if case_id in workspace.files:
            continue
        rel = f"{CASES_DIR}/{case_id}.yaml"
        path = workspace.root / rel
        if leads_out(workspace.root, path):
            raise UsageError(
                tr(
                    "{folder} is a symbolic link leading out of the workspace; no case was written",
                    "{folder} 是指向工作区之外的符号链接；没有写入案例",
                    folder=CASES_DIR,
                )
            )
        case, data = prepare_case(workspace, doc, today, case_id)
        if create_exclusive(path, data):
            workspace.files[case_id] = rel
            workspace.cases.append(case)
            return case, path
    raise UsageError(tr("could not find a free case id; try again", "找不到空闲的案例编号，请重试"))


SCHEMA_FILE = "case.schema.json"


def schema_comment(root: Path, path: Path) -> bytes:
    """The first line of a case the tool creates: editors with the YAML language server then
    validate and complete the file against the schema under .ssvssj/ (written if missing)."""
    schema = private_dir(root) / SCHEMA_FILE
    if not schema.exists():
        from ssvssj.i18n import language
        from ssvssj.method.schema import case_schema_json

        write_atomic(schema, case_schema_json(language()).encode("utf-8"))
    relative = os.path.relpath(schema, path.parent).replace(os.sep, "/")
    return f"# yaml-language-server: $schema={relative}\n".encode()

"""The journey of a workspace, kept in the index under hashes of what it is made from.

A journey is made from the valid cases as lean cases (journey/lean.py), the settings files
(the vocabularies, the agreed journey), the language of its emergent stage names and the
filters asked. It is kept twice, as JSON behind its key in the index (each kept value carries
its key and a hash of itself, under the index's MAC):

- under a hash of every input file's bytes (the survey's `inputs`), with the workspace's
  problems and which file each of its cases is read from: when no file changed, a command
  reads this one small value and renders, reading the cases again only for a rendering that
  shows what they say;
- under a hash of what inferring reads of each case (`inference_json`): when a file changed
  in a way no inference reads (a title, a problem's words, a consultant), the journey is read
  back rather than inferred again, with the cases as they are now; only the changed files
  were parsed.

A kept journey that does not read back is inferred again; nothing kept is ever the only
source of an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssvssj.i18n import language as current_language
from ssvssj.journey.infer import Filters, Journey, infer
from ssvssj.journey.kept import NotKept, journey_from_json, journey_json
from ssvssj.journey.lean import LeanCase
from ssvssj.method.problems import Problem
from ssvssj.store.derived import pack, unpack
from ssvssj.store.index import Index, decode, digest, encode, open_index
from ssvssj.store.scan import Progress, StaleIndex, settings_bytes, survey


@dataclass
class WorkspaceJourney:
    """A journey with what a command says beside it: the workspace's name and problems."""

    journey: Journey
    name: str
    problems: list[Problem]
    inputs: str | None  # the hash of every input file, where every file's digest is known
    read_back: bool  # read under the files' hash: nothing was loaded or inferred


def workspace_journey(
    root: Path, filters: Filters, language: str, progress: Progress | None = None
) -> WorkspaceJourney:
    """The journey of the workspace's valid cases that pass `filters`, its emergent stages
    named in `language`: kept from an earlier command where what it is made from is unchanged,
    else inferred (from the lean cases the index keeps, parsing only new or changed files)."""
    asked = [repr(filters), language, current_language()]
    index = open_index(root)
    if index is not None:
        try:
            kept = _read_back(root, index, asked)
        finally:
            index.close()
        if kept is not None:
            return kept
    return _inferred(root, filters, language, asked, progress)


def _key(kind: str, parts: Sequence[str]) -> str:
    return digest("\n".join(["journey", kind, *parts]).encode("utf-8", "surrogateescape"))


def _read_back(root: Path, index: Index, asked: list[str]) -> WorkspaceJourney | None:
    """The journey kept under the hash of every input file as they are now, if there is one."""
    found = survey(root, index, with_outcomes=False)
    if not found.hashed:
        return None
    key = _key("files", [found.inputs, *asked])
    kept = index.derived(key)
    unpacked = None if kept is None else unpack(key, kept)
    if unpacked is None:
        return None
    body, problems = unpacked
    value = decode(body)
    try:
        if type(value) is not dict:
            raise NotKept
        name, rels = value["name"], value["rels"]
        if type(name) is not str or type(rels) is not list:
            raise NotKept
        digests = {entry.item.rel: entry.digest for entry in found.seen}
        files = [(rel, digests[rel]) for rel in rels]
        context = found.context

        def load(ids: list[str]) -> Sequence[LeanCase]:
            return _lean_cases(root, context, files, ids)

        journey = journey_from_json(value["journey"], load)
    except (NotKept, KeyError, TypeError):
        return None
    if len(rels) != len(journey.cases):
        return None
    index.save(found.context, found.gone)
    return WorkspaceJourney(journey, name, problems, found.inputs, True)


def _lean_cases(
    root: Path, context: str, files: list[tuple[str, str | None]], ids: list[str]
) -> list[LeanCase]:
    """The lean cases of a kept journey, from the index where it keeps them for the files'
    bytes, else from the workspace as it is read now."""
    from ssvssj.store.store import lean_from_body, load_for_journey

    index = open_index(root)
    kept = index.leans(context) if index is not None else {}
    if index is not None:
        index.close()
    found: list[LeanCase] = []
    try:
        for (rel, file_digest), case_id in zip(files, ids, strict=True):
            body = kept.get((rel, file_digest or ""))
            if body is None:
                raise StaleIndex(rel)
            found.append(lean_from_body(body, case_id)[0])
    except StaleIndex:
        leans = {lean.id: lean for lean, _ in load_for_journey(root).leans or []}
        return [leans[case_id] for case_id in ids]
    return found


def _inferred(
    root: Path, filters: Filters, language: str, asked: list[str], progress: Progress | None
) -> WorkspaceJourney:
    """The journey made from the lean cases (read back where the lean cases are the same as
    when it was kept), and kept under both hashes."""
    from ssvssj.store.store import load_for_journey

    workspace = load_for_journey(root, progress)
    leans = workspace.leans or []
    settings = digest(settings_bytes(root))
    by_leans = _key("leans", [settings, *asked, *(f"{lean.id}\0{found}" for lean, found in leans)])
    chosen = sorted((lean for lean, _ in leans if filters.keeps(lean)), key=lambda c: c.id)
    index = open_index(root)
    try:
        journey = _kept_under_leans(index, by_leans, chosen)
        if journey is None:
            journey = infer(
                [lean for lean, _ in leans],
                workspace.vocabulary,
                filters,
                language,
                workspace.agreed,
                workspace.causes,
            )
            if index is not None:
                body = encode(journey_json(journey)).encode("utf-8", "surrogatepass")
                index.remember(by_leans, pack(by_leans, body, []))
        if index is not None and workspace.inputs is not None:
            by_files = _key("files", [workspace.inputs, *asked])
            kept: dict[str, Any] = {
                "name": workspace.config.name,
                "rels": [workspace.files[case.id] for case in journey.cases],
                "journey": journey_json(journey),
            }
            body = encode(kept).encode("utf-8", "surrogatepass")
            index.remember(by_files, pack(by_files, body, workspace.problems))
    finally:
        if index is not None:
            index.close()
    return WorkspaceJourney(
        journey, workspace.config.name, workspace.problems, workspace.inputs, False
    )


def _kept_under_leans(index: Index | None, key: str, chosen: list[LeanCase]) -> Journey | None:
    kept = index.derived(key) if index is not None else None
    unpacked = None if kept is None else unpack(key, kept)
    if unpacked is None:
        return None
    try:
        return journey_from_json(decode(unpacked[0]), chosen)
    except NotKept:
        return None

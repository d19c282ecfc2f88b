"""Each touchpoint's part of a rendering (journey/parts.py), kept in the index under a hash of
what it is made from: the kind of part, what that kind reads of the journey beside the cases
(the blueprint: its language), the place, and each case spotted there with the digest of the
file it is read from.

A rendering of a kept journey reads its parts and nothing of its cases; after a case changed,
only the parts of the places whose cases changed are made again, from the lean cases of those
places alone, each kept as it is made and its cases let go. A part that is not kept, does not
verify or does not read back is made again the same way: nothing kept is ever the only source
of an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from ssvssj.journey.infer import DeferredCases, Journey
from ssvssj.journey.parts import Kind, Parts, spotted_ids
from ssvssj.journey.shapes import NotKept
from ssvssj.store.index import decode, digest, encode, open_index

if TYPE_CHECKING:
    from ssvssj.journey.lean import AnyCase
    from ssvssj.store.journeys import WorkspaceJourney

T = TypeVar("T")
PART_FORMAT = 2
# The cases of the places whose parts are made are read about this many at a time, each run
# let go before the next: the full lean cases of 100,000 held at once take a hundred megabytes
# or more. A workspace of up to this many cases is read in one run, as before.
PART_CASES = 25_000


def kept_parts(root: Path, found: WorkspaceJourney) -> Parts:
    """The parts of `found`'s journey, kept in the workspace's index where it has one."""
    journey = found.journey

    def parts(kind: Kind[T]) -> dict[str, T]:
        spotted = spotted_ids(journey)
        keys = {
            name: _key(kind, journey, name, ids, found.digests) for name, ids in spotted.items()
        }
        wanted = [key for key in keys.values() if key is not None]
        kept = _kept(root, kind, wanted)
        made: dict[str, T] = {}
        missing = []
        for name, key in keys.items():
            part = kept.get(key) if key is not None else None
            if part is None:
                missing.append(name)
            else:
                made[name] = part
        if not missing:
            return made
        index = open_index(root) if wanted else None
        try:
            for batch in _batches(missing, spotted):
                cases = _cases(found, [case_id for name in batch for case_id in spotted[name]])
                for name in batch:
                    here = [cases.pop(case_id) for case_id in spotted[name]]
                    made[name] = kind.made(journey, name, here)
                    key = keys[name]
                    if key is not None and index is not None:
                        index.keep_parts({key: encode(kind.as_json(made[name]))}, wanted)
        finally:
            if index is not None:
                index.close()
        return {name: made[name] for name in spotted}

    return parts


def _batches(names: list[str], spotted: dict[str, list[str]]) -> list[list[str]]:
    """`names` in order, in runs whose places hold about PART_CASES cases between them (a place
    of more is a run alone): the cases of one run are read and let go before the next."""
    batches: list[list[str]] = [[]]
    held = 0
    for name in names:
        if batches[-1] and held + len(spotted[name]) > PART_CASES:
            batches.append([])
            held = 0
        batches[-1].append(name)
        held += len(spotted[name])
    return batches


def _key(
    kind: Kind[T], journey: Journey, name: str, ids: list[str], digests: dict[str, str | None]
) -> str | None:
    """The hash of what the part is made from; None where a case's file digest is unknown. The
    ids and the digests go in as two joined lists (a digest is hexadecimal), so that a place of
    many cases costs two joins, not a piece of text a case."""
    files = list(map(digests.get, ids))
    if None in files:
        return None
    parts = ["part", str(PART_FORMAT), kind.name, *kind.context(journey), name]
    parts += ["\0".join(ids), "\0".join(cast("list[str]", files))]
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def _kept(root: Path, kind: Kind[T], keys: list[str]) -> dict[str, T]:
    """The parts kept under `keys` that read back as parts of `kind`, each read back as it is
    read, so that one part's text is held at a time beside the parts (the blueprint's of
    100,000 cases hold about 100 MB)."""
    if not keys:
        return {}
    index = open_index(root)
    if index is None:
        return {}
    found: dict[str, T] = {}
    try:
        for key in keys:
            part = _read_back(kind, index.parts([key]).get(key))
            if part is not None:
                found[key] = part
    finally:
        index.close()
    return found


def _read_back(kind: Kind[T], body: bytes | None) -> T | None:
    """The part kept as `body`, or None where it does not read back as a part of `kind`."""
    if body is None:
        return None
    try:
        return kind.from_json(decode(body))
    except (NotKept, TypeError, ValueError, KeyError, IndexError):
        return None


def _cases(found: WorkspaceJourney, ids: list[str]) -> dict[str, AnyCase]:
    """The cases of `ids`: read alone where the journey's cases are still unread."""
    journey = found.journey
    unread = isinstance(journey.cases, DeferredCases) and not journey.cases.read
    chosen: Sequence[AnyCase] = (
        found.read(ids) if unread and found.read is not None else journey.cases
    )
    return {case.id: case for case in chosen}

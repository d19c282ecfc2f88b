"""Lean cases as the index keeps them (journey/lean.py): a lean case's JSON behind the digest
of what inferring a journey reads of it. Light: reading them back imports neither YAML nor
pydantic."""

from __future__ import annotations

import re
from typing import NamedTuple

from ssvssj.journey.lean import (
    LeanCase,
    NotLean,
    for_inference,
    inference_json,
    lean_from_json,
    lean_json,
)
from ssvssj.store.index import Index, decode, digest, encode
from ssvssj.store.scan import StaleIndex

# Up to this many lean cases are looked up one by one; more are read in one pass over all.
FEW_LEANS = 1000


class LeanRow(NamedTuple):
    """A valid case's lean case as the index keeps it, read only when a journey needs it."""

    case_id: str
    facts: str  # the digest of what inferring a journey reads of the case
    body: str


def lean_body(lean: LeanCase) -> str:
    """A lean case as the index keeps it: the digest of what inferring a journey reads of it
    (so that a journey is kept under the digests of its cases' inference facts), and its JSON."""
    facts = encode(inference_json(lean)).encode("utf-8", "surrogatepass")
    return encode([digest(facts), lean_json(lean)])


_LEAN_HEAD = re.compile(r'\["([0-9a-f]{40})",\[1,"([0-9]{8}-[a-z0-9]{4})",')


def lean_row(body: str | None) -> LeanRow | None:
    """A kept lean case's id and inference facts' digest, read from the head of `lean_body`'s
    text without decoding the rest (None for any other text)."""
    head = None if body is None else _LEAN_HEAD.match(body)
    return None if head is None or body is None else LeanRow(head[2], head[1], body)


def lean_from_body(body: str, case_id: str | None) -> LeanCase:
    """A lean case from `lean_body`'s text; StaleIndex where it does not read back as the case
    it was made from."""
    value = decode(body)
    try:
        if type(value) is not list or len(value) != 2 or type(value[0]) is not str:
            raise NotLean(value)
        lean = lean_from_json(value[1])
    except NotLean:
        raise StaleIndex(case_id or "") from None
    if lean.id != case_id:
        raise StaleIndex(case_id or "")
    return lean


def read_leans(
    rows: list[LeanRow],
    files: list[tuple[str, str | None]],
    index: Index | None,
    context: str,
    texts: bool = True,
) -> list[LeanCase]:
    """The lean cases of `rows` (in order), each decoded from its own text or, where a row left
    its text in the index (an empty `body`), read from there with its file's (rel, digest) in
    `files`, one at a time; each text is let go as it is read. StaleIndex where one does not
    read back. Without `texts`, each case keeps only what inference reads (`for_inference`)."""
    shown = (lambda lean: lean) if texts else for_inference
    found: list[LeanCase | None] = [None] * len(rows)
    wanted: dict[tuple[str, str], int] = {}
    for at, (row, (rel, file_digest)) in enumerate(zip(rows, files, strict=True)):
        if row.body:
            found[at] = shown(lean_from_body(row.body, row.case_id))
            rows[at] = row._replace(body="")
        else:
            wanted[(rel, file_digest or "")] = at
    if wanted and index is not None:
        few = list(wanted) if len(wanted) <= FEW_LEANS else None
        for rel, file_digest, body in index.leans(context, few):
            at = wanted.pop((rel, file_digest), -1)
            if at >= 0:
                found[at] = shown(lean_from_body(body, rows[at].case_id))
    leans = [lean for lean in found if lean is not None]
    if wanted or len(leans) != len(rows):
        raise StaleIndex(next(iter(wanted), ("", ""))[0])
    return leans

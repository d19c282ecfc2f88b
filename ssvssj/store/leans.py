"""Lean cases as the index keeps them (journey/lean.py): a lean case's JSON behind the digest
of what inferring a journey reads of it. Light: reading them back imports neither YAML nor
pydantic."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from ssvssj.journey.lean import (
    LeanCase,
    NotLean,
    for_inference,
    inference_json,
    lean_from_json,
    lean_json,
)
from ssvssj.store.index import Index, decode, digest, encode
from ssvssj.store.scan import (
    Seen,
    StaleIndex,
    Survey,
    file_lists,
    problems_body,
    problems_of,
)

if TYPE_CHECKING:
    from ssvssj.store.workspace import Workspace

# Up to this many lean cases, or up to this share of those the index holds, are looked up one
# by one; more are read in one pass over all. A lookup costs about twice what a row of the pass
# does: the cases of one touchpoint of 100,000 are read alone in a tenth of the pass's time.
FEW_LEANS = 1000
FEW_LEANS_SHARE = 4


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
        few = (
            list(wanted)
            if len(wanted) <= FEW_LEANS
            or len(wanted) * FEW_LEANS_SHARE <= index.lean_count(context)
            else None
        )
        for rel, file_digest, body in index.leans(context, few):
            at = wanted.pop((rel, file_digest), -1)
            if at >= 0:
                found[at] = shown(lean_from_body(body, rows[at].case_id))
    leans = [lean for lean in found if lean is not None]
    if wanted or len(leans) != len(rows):
        raise StaleIndex(next(iter(wanted), ("", ""))[0])
    return leans


# Every file's lean head (a valid case's id and the digest of its inference facts) or problems,
# kept as one value under one MAC (`Index.keep`) as made in one context: a journey after a
# change learns which files are valid cases, and what inferring reads of each, from that value
# rather than from a lean row a file.
HEADS = "lean heads"
# Files looked up one by one when the kept heads do not hold them; with more, every lean row
# is read as before.
LOOKED_UP_ALONE = 64
# Files the kept heads may hold under other bytes, or not at all, before they are kept again:
# a few are looked up alone at little cost, where keeping them again rewrites every entry.
KEPT_DRIFT = 32


def _kept_heads(index: Index, context: str) -> dict[tuple[str, str], tuple[Any, Any]] | None:
    """The kept heads by (path, digest): (case id, facts digest) for a valid case, (None, its
    problems) for any other file; None where nothing is kept for `context` or any entry is out
    of shape (see `file_lists`)."""
    lists = file_lists(index.kept(HEADS, context), "heads")
    if lists is None:
        return None
    rels, digests, ids, heads = lists
    facts = [head for case_id, head in zip(ids, heads, strict=True) if case_id is not None]
    if not set(map(type, facts)) <= {str}:
        return None
    return dict(zip(zip(rels, digests, strict=True), zip(ids, heads, strict=True), strict=True))


def learn_heads(found: Survey, index: Index) -> tuple[dict[Seen, LeanRow], bool] | None:
    """Each file the kept heads hold learns its outcome (a valid case's lean row, its text
    left in the index, is returned by its entry); the few others are looked up alone among
    the index's lean rows and outcomes, and what neither holds is left to be parsed. Also
    whether the kept heads are near enough the files as they are now to be kept as they are
    (see KEPT_DRIFT). None, with nothing learned, where no heads are kept or too many files
    are new to them."""
    heads = _kept_heads(index, found.context)
    if heads is None:
        return None
    entries = [entry for entry in found.seen if entry.digest is not None and not entry.unread]
    # A valid case's head whose lean row the index no longer holds (its file held other bytes
    # since, and then these again) is no head: the file is looked up alone, else parsed.
    for key in heads.keys() - index.lean_keys(found.context):
        if heads[key][0] is not None:
            del heads[key]
    keys = [(entry.item.rel, entry.digest or "") for entry in entries]
    known = list(zip(entries, map(heads.get, keys), strict=True))
    missing = {key: entry for key, (entry, head) in zip(keys, known, strict=True) if head is None}
    if len(missing) > LOOKED_UP_ALONE:
        return None
    leans: dict[Seen, LeanRow] = {}
    for entry, head in known:
        if head is None:
            continue
        if head[0] is not None:
            entry.known, entry.case_id, entry.body = True, head[0], None
            leans[entry] = LeanRow(head[0], head[1], "")
        else:
            entry.learn((None, encode(problems_body(head[1]))))
    if missing:
        for rel, file_digest, body in index.leans(found.context, list(missing)):
            row = lean_row(body)
            entry = missing[(rel, file_digest)]
            if row is not None:
                entry.known, entry.case_id, entry.body = True, row.case_id, None
                leans[entry] = row._replace(body="")
        unknown = [key for key, entry in missing.items() if not entry.known]
        found.known = index.outcomes_of(found.context, unknown)
        for key in unknown:
            outcome = found.known.get(key)
            if outcome is not None and outcome[0] is None:
                missing[key].learn(outcome)
    drift = len(missing) + len(heads) - (len(known) - len(missing))
    return leans, drift <= KEPT_DRIFT


def keep_heads(index: Index, found: Survey, workspace: Workspace) -> None:
    """Every file's head as the survey knows it now, kept for the next journey: each accepted
    case's from the workspace's lean rows (a second file of an id is left out, to be parsed
    again)."""
    rows = {row.case_id: row for row in workspace.leans or []}
    value: dict[str, list[Any]] = {"rels": [], "digests": [], "ids": [], "heads": []}
    for entry in found.seen:
        if not entry.known or entry.digest is None:
            continue
        rel = entry.item.rel
        if entry.case_id is None:
            problems = problems_of(entry.body)
            if problems is None:
                return
            head: Any = problems_body(problems)
        elif workspace.files.get(entry.case_id) == rel and entry.case_id in rows:
            head = rows[entry.case_id].facts
        else:
            continue
        for name, item in zip(value, (rel, entry.digest, entry.case_id, head), strict=True):
            value[name].append(item)
    index.keep(HEADS, found.context, value)

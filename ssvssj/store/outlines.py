"""Every file's outcome as one kept value, so that a list of the workspace verifies and decodes
one value where it would verify and decode a row a file.

The value is kept in the index (`Index.keep`, one value under one MAC, like the snapshot of
stat hints) as made in one context: the tool, the language and the settings' bytes. It holds,
for each file's path and the digest of its bytes, the case's id or the file's problems; the
valid cases' rows as one column a key (a column decodes faster than a mapping a row, and is
checked as a whole); and the settings' problems. A file whose digest it does not hold is
looked up by that digest in the index's outcomes, else parsed; any entry of another shape
makes the whole value a miss.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from ssvssj.method.problems import Problem
from ssvssj.store.index import Index, encode
from ssvssj.store.scan import (
    ROW_KEYS,
    SETTINGS,
    Seen,
    Survey,
    file_lists,
    problems_body,
    problems_from,
    problems_of,
    row_of,
)

KEPT_AS = "outline"
# Files whose outcomes are looked up one by one; with more, all of them are read at once.
LOOKED_UP_ALONE = 64
# Files the kept value may hold under other bytes, or not at all, before it is kept again: a
# few are looked up alone at little cost, where keeping it again rewrites every file's entry.
KEPT_DRIFT = 32
Row = dict[str, Any]
_TEXT = {str}
_LIST = {list}


def _read(index: Index, context: str) -> tuple[dict[tuple[str, str], Any], list[Problem]] | None:
    """The kept outcomes by (path, digest): a valid case's row, or a file's problems; and the
    settings' problems. None where nothing is kept for `context` or what is kept does not hold
    together (see `file_lists`)."""
    value = index.kept(KEPT_AS, context)
    lists = file_lists(value, "bodies")
    settings = None if lists is None else problems_from(value.get("settings"))
    if lists is None or settings is None:
        return None
    rels, digests, ids, bodies = lists
    cases = [case_id for case_id in ids if case_id is not None]
    keys, columns = value.get("keys"), value.get("columns")
    if not (
        type(keys) is list
        and set(map(type, keys)) <= _TEXT
        and len(set(keys)) == len(keys)
        and set(keys) >= ROW_KEYS
        and type(columns) is list
        and len(columns) == len(keys)
        and set(map(type, columns)) <= _LIST
        and {len(column) for column in columns} <= {len(cases)}
        and columns[keys.index("id")] == cases
    ):
        return None
    rows = iter(map(dict, map(zip, repeat(keys), zip(*columns, strict=True))))
    outcomes = [
        body if case_id is None else next(rows) for case_id, body in zip(ids, bodies, strict=True)
    ]
    return dict(zip(zip(rels, digests, strict=True), outcomes, strict=True)), settings


def learn_outline(found: Survey, index: Index) -> tuple[dict[Seen, Row], bool]:
    """Every file of the survey whose outcome the kept outline holds learns it (a valid case's
    row is returned by its entry); the others learn theirs from the index's outcomes where it
    has them. Also whether the kept outline is near enough the files as they are now to be
    kept as it is (see KEPT_DRIFT)."""
    kept = _read(index, found.context)
    rows: dict[Seen, Row] = {}
    missing: list[Seen] = []
    learned = 0
    for entry in found.seen:
        if entry.digest is None or entry.unread:
            continue
        outcome = None if kept is None else kept[0].get((entry.item.rel, entry.digest))
        if outcome is None:
            missing.append(entry)
            continue
        learned += 1
        if type(outcome) is dict:
            entry.known, entry.case_id, entry.body = True, outcome["id"], None
            rows[entry] = outcome
        else:
            entry.learn((None, encode(problems_body(outcome))))
    if kept is not None:
        found.settings = kept[1]
    if missing or kept is None:
        keys = [(entry.item.rel, entry.digest or "") for entry in missing]
        if kept is None or len(keys) > LOOKED_UP_ALONE:
            found.known = index.outcomes(found.context)
        else:
            found.known = index.outcomes_of(found.context, keys)
        for entry in missing:
            outcome = found.known.get((entry.item.rel, entry.digest or ""))
            if outcome is not None:
                entry.learn(outcome)
        if found.settings is None:
            settings = found.known.get((SETTINGS, found.settings_digest))
            found.settings = None if settings is None else problems_of(settings[1])
    current = kept is not None and len(missing) + len(kept[0]) - learned <= KEPT_DRIFT
    return rows, current


def keep_outline(index: Index, found: Survey, rows: dict[Seen, Row]) -> None:
    """The outcome of every file as the survey knows it now (`rows` holds valid cases' rows
    already decoded), kept for the next list. Nothing is kept where the rows' keys differ (a
    column a key holds rows of one set of keys)."""
    if found.settings is None:
        return
    value: dict[str, Any] = {"settings": problems_body(found.settings)}
    value.update(rels=[], digests=[], ids=[], bodies=[])
    valid: list[Row] = []
    for entry in found.seen:
        if not entry.known or entry.digest is None:
            continue
        body: Any = None
        if entry.case_id is None:
            body = problems_body(problems_of(entry.body) or [])
        else:
            valid.append(rows.get(entry) or row_of(entry))
        value["rels"].append(entry.item.rel)
        value["digests"].append(entry.digest)
        value["ids"].append(entry.case_id)
        value["bodies"].append(body)
    keys = list(valid[0]) if valid else sorted(ROW_KEYS)
    if any(list(row) != keys for row in valid):
        return
    value["keys"] = keys
    value["columns"] = [[row[key] for row in valid] for key in keys]
    index.keep(KEPT_AS, found.context, value)

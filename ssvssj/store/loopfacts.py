"""What the loop's clock needs from each version of a case file, kept in the workspace index so
that a new commit costs only its new files.

A version is named by its path and blob id (git's hash of its bytes), and its facts hold only
for the tool's code and the vocabulary it was read with, which name the entry. Facts are JSON
checked on the way in: anything else is a miss.
"""

from __future__ import annotations

from pathlib import Path

from ssvssj.store.index import decode, digest, encode, open_index, tool_fingerprint

# step, solved, verified, dropped; None for a version that did not load
Facts = tuple[str, bool, bool, bool] | None


def facts_key(vocabulary: bytes | None) -> str:
    return "loop-facts:" + digest(
        f"{tool_fingerprint()}\n".encode() + (vocabulary if vocabulary is not None else b"-")
    )


def recall_facts(root: Path, key: str) -> dict[str, Facts]:
    index = open_index(root)
    if index is None:
        return {}
    try:
        found = decode(index.derived(key))
    finally:
        index.close()
    if not isinstance(found, dict):
        return {}
    kept: dict[str, Facts] = {}
    for name, value in found.items():
        if value is None:
            kept[name] = None
        elif (
            isinstance(value, list)
            and len(value) == 4
            and isinstance(value[0], str)
            and all(isinstance(flag, bool) for flag in value[1:])
        ):
            kept[name] = (value[0], value[1], value[2], value[3])
    return kept


def keep_facts(root: Path, key: str, facts: dict[str, Facts]) -> None:
    index = open_index(root)
    if index is not None:
        index.remember(key, encode({name: facts[name] for name in sorted(facts)}).encode())
        index.close()

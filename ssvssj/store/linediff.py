"""A line diff whose cost follows the size of the change, not the square of the file.

difflib's SequenceMatcher without its junk heuristic is quadratic on a file of many equal
lines (a log of 20,000 `- 是`), and every tool write diffs the whole file twice. Here equal
ends are trimmed first, lines that occur once on each side anchor the rest (as patience diff
does), and only a small region without anchors is compared line by line; a larger one is
taken as replaced, which the caller treats as a change it cannot place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

Opcode = tuple[str, int, int, int, int]

# The largest region (lines before times lines after) compared line by line.
_EXACT_LIMIT = 40_000


def opcodes(before: Sequence[str], after: Sequence[str]) -> list[Opcode]:
    """SequenceMatcher.get_opcodes' form: how to turn `before` into `after`."""
    out: list[Opcode] = []
    i = j = 0
    for a, b in [*_matched_pairs(before, after), (len(before), len(after))]:
        if a > i or b > j:
            tag = "replace" if a > i and b > j else "delete" if a > i else "insert"
            out.append((tag, i, a, j, b))
        if a == len(before):
            break
        last = out[-1] if out else None
        if last is not None and last[0] == "equal" and last[2] == a and last[4] == b:
            out[-1] = ("equal", last[1], a + 1, last[3], b + 1)
        else:
            out.append(("equal", a, a + 1, b, b + 1))
        i, j = a + 1, b + 1
    return out


def _matched_pairs(before: Sequence[str], after: Sequence[str]) -> list[tuple[int, int]]:
    """Indices of equal lines, increasing on both sides."""
    pairs: list[tuple[int, int]] = []
    regions = [(0, len(before), 0, len(after))]
    while regions:
        alo, ahi, blo, bhi = regions.pop()
        while alo < ahi and blo < bhi and before[alo] == after[blo]:
            pairs.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and before[ahi - 1] == after[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            pairs.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_anchors(before, after, alo, ahi, blo, bhi)
        if anchors:
            pairs.extend(anchors)
            starts = [(alo, blo)] + [(a + 1, b + 1) for a, b in anchors]
            stops = [*anchors, (ahi, bhi)]
            for (a0, b0), (a1, b1) in zip(starts, stops, strict=True):
                if a0 < a1 and b0 < b1:
                    regions.append((a0, a1, b0, b1))
        elif (ahi - alo) * (bhi - blo) <= _EXACT_LIMIT:
            pairs.extend(_longest_common(before, after, alo, ahi, blo, bhi))
    pairs.sort()
    return pairs


def _unique_anchors(
    before: Sequence[str], after: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines that occur exactly once in each region, the longest run of them in the same
    order on both sides."""
    count_a = Counter(before[alo:ahi])
    count_b = Counter(after[blo:bhi])
    where_b = {after[j]: j for j in range(blo, bhi) if count_b[after[j]] == 1}
    candidates = [
        (i, where_b[before[i]])
        for i in range(alo, ahi)
        if count_a[before[i]] == 1 and before[i] in where_b
    ]
    return _increasing(candidates)


def _increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence whose second index increases (patience sorting)."""
    tops: list[int] = []
    top_index: list[int] = []
    previous: list[int] = []
    for index, (_, b) in enumerate(candidates):
        pile = bisect_left(tops, b)
        previous.append(top_index[pile - 1] if pile else -1)
        if pile == len(tops):
            tops.append(b)
            top_index.append(index)
        else:
            tops[pile] = b
            top_index[pile] = index
    chain: list[tuple[int, int]] = []
    index = top_index[-1] if top_index else -1
    while index >= 0:
        chain.append(candidates[index])
        index = previous[index]
    return chain[::-1]


def _longest_common(
    before: Sequence[str], after: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """The longest common subsequence of a small region, by the textbook table."""
    rows, cols = ahi - alo, bhi - blo
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            if before[alo + i] == after[blo + j]:
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if before[alo + i] == after[blo + j]:
            pairs.append((alo + i, blo + j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs

"""Likely aliases among touchpoint names, for the consultant to merge. Never merges by itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from ssvssj.i18n import joined, tr
from ssvssj.journey.infer import Cause, Journey
from ssvssj.journey.vocabulary import Vocabulary
from ssvssj.method.constants import MAX_CAUSE


@dataclass(frozen=True)
class Suggestion:
    keep: str
    alias: str
    reasons: tuple[str, ...]


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance on characters, which suits Chinese names as well as English.

    With `limit`, any distance above it is reported as `limit + 1`, and only the band of the
    table that can stay within it is computed: long names cost their length times the limit."""
    if limit is None:
        limit = max(len(a), len(b))
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    beyond = limit + 1
    previous = [j if j <= limit else beyond for j in range(len(b) + 1)]
    for i, char_a in enumerate(a, 1):
        first, last = max(1, i - limit), min(len(b), i + limit)
        current = [beyond] * (len(b) + 1)
        current[0] = i if i <= limit else beyond
        for j in range(first, last + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != b[j - 1])
            )
        if min(current[max(0, first - 1) : last + 1]) > limit:
            return beyond
        previous = current
    return min(previous[-1], beyond)


def _text_reasons(a: str, b: str) -> list[str]:
    """Why two names may be one as text. Names longer than any valid one are not compared:
    every pair is compared, and the comparison grows with the product of their lengths."""
    if max(len(a), len(b)) > MAX_CAUSE:
        return []
    low_a, low_b = a.casefold(), b.casefold()
    shortest = min(len(a), len(b))
    if shortest < 3:
        return []
    distance = edit_distance(low_a, low_b, limit=shortest // 3)
    if distance <= shortest // 3:
        return [tr("{n} character(s) apart", "相差 {n} 个字", n=distance)]
    if _much_alike(SequenceMatcher(None, low_a, low_b)):
        return [tr("spelled much alike", "写法很接近")]
    return []


def _contained(a: str, b: str) -> str | None:
    """One name inside the other, quoted as written. Alone it says nothing (试驾 is part of
    预约试驾, and they are two touchpoints): it only backs another reason."""
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 2 and short.casefold() in long_.casefold():
        return tr(
            "“{short}” is part of “{long}”", "“{short}”是“{long}”的一部分", short=short, long=long_
        )
    return None


def _with_containment(a: str, b: str, reasons: list[str]) -> list[str]:
    contained = _contained(a, b)
    return [contained, *reasons] if reasons and contained else reasons


def _grouped(
    pairs: list[tuple[str, str, tuple[str, ...]]],
    known: set[str],
    rank: Callable[[str], tuple[object, ...]],
) -> list[Suggestion]:
    """The pairs joined into groups, each name in one group only, so that the snippet pasted
    is a valid vocabulary: the strongest pairs first, and never two canonical names in one
    group. Each group keeps its best-ranked name; the others are its aliases."""
    group: dict[str, str] = {}

    def root(name: str) -> str:
        while group.get(name, name) != name:
            name = group[name]
        return name

    members: dict[str, set[str]] = {}
    why: dict[str, tuple[str, ...]] = {}
    for a, b, reasons in sorted(
        pairs, key=lambda p: (-len(p[2]), sorted((rank(p[0]), rank(p[1]))))
    ):
        top_a, top_b = root(a), root(b)
        if top_a == top_b:
            continue
        both = members.get(top_a, {top_a}) | members.get(top_b, {top_b})
        if len(both & known) > 1:
            continue
        group[top_b] = top_a
        members[top_a] = both
        members.pop(top_b, None)
        for name in (a, b):
            why.setdefault(name, reasons)
    found = []
    for names in members.values():
        keep = min(names, key=rank)
        found += [Suggestion(keep, name, why[name]) for name in sorted(names - {keep}, key=rank)]
    return sorted(found, key=lambda s: (rank(s.keep), rank(s.alias)))


def _much_alike(matcher: SequenceMatcher[str]) -> bool:
    """The cheap upper bounds first: most pairs are told apart without the full comparison."""
    return (
        matcher.real_quick_ratio() >= 0.75
        and matcher.quick_ratio() >= 0.75
        and matcher.ratio() >= 0.75
    )


def suggest_aliases(journey: Journey, vocab: Vocabulary) -> list[Suggestion]:
    """Pairs that look like one touchpoint: near as text, or in the same place between the
    same neighbours and never on one path together."""
    graph = journey.graph
    together: Counter[frozenset[str]] = Counter()
    for path in journey.paths.values():
        for pair in combinations(sorted(set(path)), 2):
            together[frozenset(pair)] += 1
    weight = {t.name: len(t.cases) + t.on_paths for t in journey.touchpoints}
    known = set(vocab.names)
    pairs = []
    for a, b in combinations([t.name for t in journey.touchpoints], 2):
        if a in known and b in known:
            continue
        reasons = _text_reasons(a, b)
        before_a, before_b = set(graph.predecessors(a)), set(graph.predecessors(b))
        after_a, after_b = set(graph.successors(a)), set(graph.successors(b))
        if (
            before_a
            and after_a
            and before_a == before_b
            and after_a == after_b
            and not together[frozenset((a, b))]
        ):
            reasons.append(
                tr(
                    "same place: after {after}; before {before}",
                    "位置相同：前面是 {after}，后面是 {before}",
                    after=joined(sorted(before_a)),
                    before=joined(sorted(after_a)),
                )
            )
        if reasons:
            pairs.append((a, b, tuple(_with_containment(a, b, reasons))))
    return _grouped(pairs, known, lambda n: (n not in known, -weight[n], n))


def snippet(suggestions: list[Suggestion], vocab: Vocabulary) -> dict[str, object]:
    """The touchpoints.yaml entries to paste: each kept name with all of its aliases."""

    def known_fields(name: str) -> dict[str, object]:
        known = vocab.entry(name)
        fields = ("stage", "owner", "channel", "key", "promise")
        return {f: getattr(known, f) for f in fields if getattr(known, f) is not None}

    return {"touchpoints": _entries(suggestions, vocab, known_fields)}


def _entries(
    suggestions: list[Suggestion],
    vocab: Vocabulary,
    known_fields: Callable[[str], dict[str, object]],
) -> dict[str, dict[str, object]]:
    """Each kept name with the aliases it has and the ones suggested, then what the vocabulary
    already says of it: the same for touchpoints.yaml and causes.yaml."""
    entries: dict[str, dict[str, object]] = {}
    for item in suggestions:
        entry = entries.setdefault(item.keep, {"aliases": list(vocab.aliases.get(item.keep, []))})
        aliases = entry["aliases"]
        assert isinstance(aliases, list)
        if item.alias not in aliases:
            aliases.append(item.alias)
        entry.update(known_fields(item.keep))
    return entries


def suggest_cause_aliases(causes: list[Cause], vocab: Vocabulary) -> list[Suggestion]:
    """Root causes written two ways (举一反三 is lost when they stay apart): near as text, or
    addressed by the same solution."""
    known = set(vocab.names)
    cases = {cause.name: len(cause.cases) for cause in causes}
    pairs = []
    for a, b in combinations(causes, 2):
        if a.name in known and b.name in known:
            continue
        reasons = _text_reasons(a.name, b.name)
        shared = sorted(set(a.solutions) & set(b.solutions))
        if shared:
            reasons.append(
                tr(
                    "addressed by {solutions}",
                    "由同一方案处理：{solutions}",
                    solutions=joined(f"{c} {s}" for c, s in shared),
                )
            )
        if reasons:
            pairs.append((a.name, b.name, tuple(_with_containment(a.name, b.name, reasons))))
    return _grouped(pairs, known, lambda n: (n not in known, -cases[n], n))


def cause_snippet(suggestions: list[Suggestion], vocab: Vocabulary) -> dict[str, object]:
    """The causes.yaml entries to paste: each kept cause with all of its aliases."""

    def known_fields(name: str) -> dict[str, object]:
        owner = vocab.owner_of(name)
        return {"owner": owner} if owner else {}

    return {"causes": _entries(suggestions, vocab, known_fields)}

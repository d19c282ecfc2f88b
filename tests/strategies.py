"""Hypothesis strategies for valid cases: every field, Chinese and emoji, Markdown and Mermaid."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from ssvssj.method.characters import BIDI_CONTROLS
from ssvssj.method.constants import LENSES, LEVELS, PERSPECTIVES, STATUSES

NASTY = ["|", "<b>", "[x](y)", "`", "#", "end", "subgraph", '"', ";", ":", "{", "}", "\\", "*"]
# Unicode's noncharacters are never text: a case file holding one is refused.
NONCHARACTERS = [chr(c) for c in range(0xFDD0, 0xFDF0)] + [
    chr(plane | low) for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)
]
# A case file refuses direction controls and the Unicode line and paragraph separators in any
# text, as it refuses control characters (store/yamlread.py): no valid case holds one.
REFUSED = [chr(c) for c in sorted(BIDI_CONTROLS)] + ["\u2028", "\u2029"]
TOUCHPOINTS = ["官网", "预约试驾", "前台", "展厅", "试驾", "报价", "交车", "App 下单", "end"]

text = st.one_of(
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            exclude_categories=("Cs", "Cc"),
            exclude_characters=NONCHARACTERS + REFUSED,
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["客户等了15分钟", "🚗 试驾", "yes", "no", "123", "2026-11-02", "null", "~"]),
    st.lists(st.sampled_from([*NASTY, "中文", "a"]), min_size=1, max_size=6).map(" ".join),
).filter(lambda s: s.strip() == s and s != "")

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def cases(draw: st.DrawFn, case_id: str = "20261102-k3f9") -> dict:
    touchpoint = draw(st.sampled_from(TOUCHPOINTS))
    created = draw(dates)
    doc: dict = {
        "schema_version": 1,
        "id": case_id,
        "title": draw(text),
        "created": created,
        "updated": draw(st.one_of(st.none(), st.just(created))),
        "consultant": draw(st.one_of(st.none(), text)),
        "tags": draw(st.lists(text, max_size=3)),
        "spot": {
            "touchpoint": touchpoint,
            "channel": draw(st.one_of(st.none(), text)),
            "observed": draw(st.one_of(st.none(), dates)),
            "problem": draw(text),
            "severity": draw(st.one_of(st.none(), st.integers(1, 5))),
            "evidence": draw(st.lists(text, max_size=3)),
        },
    }
    if draw(st.booleans()):
        before = draw(st.lists(st.sampled_from(TOUCHPOINTS), max_size=3))
        after = draw(st.lists(st.sampled_from(TOUCHPOINTS), max_size=3))
        doc["scene"] = {
            "customer": draw(text),
            "goal": draw(st.one_of(st.none(), text)),
            "context": draw(st.one_of(st.none(), text)),
            "path": [*before, touchpoint, *after],
            "expectation": draw(st.one_of(st.none(), text)),
            "experience": draw(st.one_of(st.none(), text)),
        }
    doc["view"] = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "perspective": st.one_of(st.sampled_from(PERSPECTIVES), text),
                    "lens": st.one_of(st.none(), st.sampled_from(LENSES)),
                    "finding": text,
                }
            ),
            max_size=3,
        )
    )
    details = draw(st.integers(0, 3))
    doc["split"] = [
        {
            "id": f"d{i + 1}",
            "detail": draw(text),
            "lens": draw(st.one_of(st.none(), st.sampled_from(LENSES))),
            "severity": draw(st.one_of(st.none(), st.integers(1, 5))),
        }
        for i in range(details)
    ]
    ids = [d["id"] for d in doc["split"]]
    doc["solve"] = [
        {
            "id": f"s{i + 1}",
            "action": draw(text),
            "addresses": draw(st.lists(st.sampled_from(ids), unique=True)) if ids else [],
            "owner": draw(st.one_of(st.none(), text)),
            "cost": draw(st.one_of(st.none(), st.sampled_from(LEVELS))),
            "impact": draw(st.one_of(st.none(), st.sampled_from(LEVELS))),
            "due": draw(st.one_of(st.none(), dates)),
            "status": draw(st.sampled_from(STATUSES)),
            "result": draw(st.one_of(st.none(), text)),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    if draw(st.integers(0, 5)) == 0:
        doc["dropped"] = draw(text)
    if draw(st.integers(0, 5)) == 0:
        doc["extra"] = {"crm": draw(text), "n": draw(st.integers(-5, 5))}
    return doc

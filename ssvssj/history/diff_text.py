"""The journey diff in words: for the terminal, and as Markdown for a pull-request comment."""

from __future__ import annotations

from collections.abc import Callable

from ssvssj.history.diff import CauseChange, HeatChange, JourneyDiff, PathwayChange
from ssvssj.i18n import joined, pick
from ssvssj.reports.markdown import inline

Section = tuple[str, list[str]]


def _severity(value: float | None, cases: int, lang: str) -> str:
    if not cases:
        return "—"
    return pick("unrated", "未评", lang) if value is None else f"{value:.1f}"


def _pathway(p: PathwayChange) -> str:
    return f"{p.source} → {p.target}"


def _counted(p: PathwayChange, count: int, lang: str) -> str:
    return pick("{pathway} ({count}×)", "{pathway}（{count} 次）", lang).format(
        pathway=_pathway(p), count=count
    )


def _heat(h: HeatChange, lang: str) -> str:
    return pick(
        "{name}: {before} → {after} cases, severity {sev_before} → {sev_after}",
        "{name}：{before} → {after} 个案例，严重程度 {sev_before} → {sev_after}",
        lang,
    ).format(
        name=h.touchpoint,
        before=h.cases_before,
        after=h.cases_after,
        sev_before=_severity(h.severity_before, h.cases_before, lang),
        sev_after=_severity(h.severity_after, h.cases_after, lang),
    )


def _cause(c: CauseChange, lang: str) -> str:
    if c.cases_before:
        return pick(
            "{cause} (at {places}; {before} → {after} cases)",
            "{cause}（{places}；{before} → {after} 个案例）",
            lang,
        ).format(
            cause=c.cause,
            places=joined(c.touchpoints, lang=lang),
            before=c.cases_before,
            after=c.cases_after,
        )
    return pick(
        "{cause} (at {places}; {after} cases)", "{cause}（{places}；{after} 个案例）", lang
    ).format(cause=c.cause, places=joined(c.touchpoints, lang=lang), after=c.cases_after)


def sections(diff: JourneyDiff, lang: str) -> list[Section]:
    """Every part of the diff that has something to say, titled, each item one line."""
    found: list[Section] = [
        (pick("Touchpoints added", "新增的触点", lang), diff.touchpoints_added),
        (pick("Touchpoints removed", "移除的触点", lang), diff.touchpoints_removed),
        (pick("Stages added", "新增的阶段", lang), diff.stages_added),
        (pick("Stages removed", "移除的阶段", lang), diff.stages_removed),
        (
            pick("Stages renamed", "改名的阶段", lang),
            [f"{m.before} → {m.after}" for m in diff.stages_renamed],
        ),
        (
            pick("Touchpoints that changed stage", "换了阶段的触点", lang),
            [
                pick("{name}: {before} → {after}", "{name}：{before} → {after}", lang).format(
                    name=m.touchpoint, before=m.before, after=m.after
                )
                for m in diff.stage_moves
            ],
        ),
        (
            pick("Pathways new", "新出现的通路", lang),
            [_counted(p, p.after, lang) for p in diff.pathways_new],
        ),
        (
            pick("Pathways gone", "消失的通路", lang),
            [_counted(p, p.before, lang) for p in diff.pathways_gone],
        ),
        (
            pick("Pathways changed in count", "次数变化的通路", lang),
            [
                pick(
                    "{pathway}: {before} → {after} times", "{pathway}：{before} → {after} 次", lang
                ).format(pathway=_pathway(p), before=p.before, after=p.after)
                for p in diff.pathways_changed
            ],
        ),
        (pick("Blind spots closed", "已消除的盲区", lang), diff.blind_spots_closed),
        (pick("Blind spots opened", "新出现的盲区", lang), diff.blind_spots_opened),
        (pick("Hot spots up", "升温的热点", lang), [_heat(h, lang) for h in diff.hot_spots_up]),
        (pick("Hot spots down", "降温的热点", lang), [_heat(h, lang) for h in diff.hot_spots_down]),
        (
            pick("Root causes, new", "新出现的根因", lang),
            [_cause(c, lang) for c in diff.causes_new],
        ),
        (
            pick("Root causes, in more cases again", "再次出现在更多案例中的根因", lang),
            [_cause(c, lang) for c in diff.causes_recurring],
        ),
    ]
    return [(title, _shown(items, lang)) for title, items in found if items]


SHOWN = 20


def _shown(items: list[str], lang: str) -> list[str]:
    """At most SHOWN items of a part, and how many more there are (JSON has them all)."""
    if len(items) <= SHOWN:
        return items
    more = pick("… and {n} more", "……另有 {n} 项", lang).format(n=len(items) - SHOWN)
    return [*items[:SHOWN], more]


def headline(diff: JourneyDiff, before: str, after: str, lang: str) -> str:
    return pick(
        "Journey from {before} to {after}: {cases_before} → {cases_after} cases",
        "客户旅程从 {before} 到 {after}：{cases_before} → {cases_after} 个案例",
        lang,
        before=before,
        after=after,
        cases_before=diff.cases_before,
        cases_after=diff.cases_after,
    )


def unchanged(lang: str) -> str:
    return pick("The journey did not change.", "客户旅程没有变化。", lang)


def diff_text(diff: JourneyDiff, before: str, after: str, lang: str) -> str:
    lines = [headline(diff, before, after, lang)]
    found = sections(diff, lang)
    if not found:
        lines.append(unchanged(lang))
    for title, items in found:
        lines.append("")
        lines.append(pick("{title}:", "{title}：", lang).format(title=title))
        lines.extend(f"  {item}" for item in items)
    return "\n".join(lines) + "\n"


def diff_markdown(
    diff: JourneyDiff,
    before: str,
    after: str,
    lang: str,
    level: int = 1,
    escape: Callable[[object], str] = inline,
) -> str:
    """A pull-request comment: a heading, the headline, then one list per part that changed."""
    mark = "#" * level
    lines = [
        f"{mark} {pick('Journey changes', '客户旅程的变化', lang)}",
        "",
        escape(headline(diff, before, after, lang)),
    ]
    found = sections(diff, lang)
    if not found:
        lines += ["", escape(unchanged(lang))]
    for title, items in found:
        lines += ["", f"{mark}# {title}", ""]
        lines += [f"- {escape(item)}" for item in items]
    return "\n".join(lines) + "\n"

"""A case's history in words: one line per commit, the changes in the method's terms."""

from __future__ import annotations

from datetime import date
from typing import Any

from ssvssj.history.timeline import Change, LogEntry, Timing
from ssvssj.i18n import pick
from ssvssj.method.constants import STEPS
from ssvssj.method.terms import term


def _severity(value: object, lang: str) -> str:
    return pick("unrated", "未评", lang) if value is None else str(value)


def change_text(change: Change, lang: str) -> str:
    v: dict[str, Any] = change.values

    def step(key: str) -> str:
        return term(v[key], lang, "step")

    def status(key: str) -> str:
        return term(v[key], lang, "status")

    def state(key: str) -> str:
        return term(v[key], lang, "state")

    kind = change.kind
    if kind == "created":
        return pick(
            "created at step {number} ({step}), {state}",
            "新建，停在第 {number} 步（{step}），{state}",
            lang,
        ).format(number=STEPS.index(v["step"]) + 1, step=step("step"), state=state("state"))
    if kind == "step":
        return pick("reached {step}", "进入{step}", lang).format(step=step("after"))
    if kind == "step-back":
        return pick("back to {step}", "退回{step}", lang).format(step=step("after"))
    if kind == "severity":
        return pick("severity {before} → {after}", "严重程度 {before} → {after}", lang).format(
            before=_severity(v["before"], lang), after=_severity(v["after"], lang)
        )
    if kind == "solution-added":
        return pick("solution {id} added ({status})", "新增方案 {id}（{status}）", lang).format(
            id=v["id"], status=status("status")
        )
    if kind == "solution-status":
        return pick(
            "solution {id}: {before} → {after}", "方案 {id}：{before} → {after}", lang
        ).format(id=v["id"], before=status("before"), after=status("after"))
    if kind == "solution-removed":
        return pick("solution {id} removed", "移除方案 {id}", lang).format(id=v["id"])
    if kind == "result":
        return pick("solution {id}: result recorded", "方案 {id}：记录了验证结果", lang).format(
            id=v["id"]
        )
    if kind == "measure":
        unit = f" {v['unit']}" if v["unit"] else ""
        return pick(
            "solution {id}: {name} {before} → {after}{unit}",
            "方案 {id}：{name} {before} → {after}{unit}",
            lang,
        ).format(id=v["id"], name=v["name"], before=v["before"], after=v["after"], unit=unit)
    if kind == "dropped":
        return pick("dropped: {reason}", "已放弃：{reason}", lang).format(reason=v["reason"])
    if kind == "reopened":
        return pick("no longer dropped", "不再放弃", lang)
    if kind == "state":
        return pick("case {after}", "案例{after}", lang).format(after=state("after"))
    if kind == "moved":
        return pick("moved to {path}", "移动到 {path}", lang).format(path=v["after"])
    if kind == "removed":
        return pick("file removed", "文件被删除", lang)
    if kind == "invalid":
        return pick("not valid in this commit", "此提交中的文件无效", lang)
    return pick("edited (no change in method terms)", "修改了文字（方法上无变化）", lang)


def log_lines(entries: list[LogEntry], lang: str) -> list[str]:
    separator = "；" if lang == "zh" else "; "
    return [
        f"{e.version.day.isoformat()}  {e.version.commit[:7]}  {e.version.author}  "
        + separator.join(change_text(c, lang) for c in e.changes)
        for e in entries
    ]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def timing_json(timing: Timing) -> dict[str, str | None]:
    return {
        "first_committed": _day(timing.first_committed),
        "reached_solve": _day(timing.reached_solve),
        "solved": _day(timing.solved),
        "verified": _day(timing.verified),
    }


def log_json(case_id: str, entries: list[LogEntry], timing: Timing) -> dict[str, Any]:
    return {
        "id": case_id,
        "timing": timing_json(timing),
        "commits": [
            {
                "commit": e.version.commit,
                "date": e.version.day.isoformat(),
                "author": e.version.author,
                "subject": e.version.subject,
                "changes": [{"kind": c.kind, **c.values} for c in e.changes],
            }
            for e in entries
        ],
    }

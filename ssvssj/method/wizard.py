"""The guided SSVSSJ method as data: steps, questions, hints; driven through a Prompter.

The wizard never touches the terminal or the disk. It asks through a `Prompter` and reports
each answer and each finished step through callbacks, so the shell can save after every answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from ssvssj.journey.vocabulary import name_key
from ssvssj.method.constants import LENSES, LEVELS, PERSPECTIVES, STATUSES, STEPS

PATH_SEPARATORS = re.compile(r"\s*(?:→|->|>|,|，|、|;|；)\s*")


@dataclass(frozen=True)
class Ask:
    """One question as the prompter shows it."""

    label: str
    hint: str
    default: str | None = None
    choices: tuple[str, ...] = ()
    completions: tuple[str, ...] = ()
    required: bool = False


class Prompter(Protocol):
    def say(self, text: str) -> None: ...

    def ask(self, question: Ask) -> str: ...

    def confirm(self, label: str, default: bool = True) -> bool: ...


class WizardAborted(Exception):
    """The person stopped the wizard (or a scripted prompter ran out of answers)."""


@dataclass(frozen=True)
class Question:
    key: str
    kind: str  # text | int | choice | open-choice | date | list | csv | path | touchpoint | ids
    label: dict[str, str]
    hint: dict[str, str]
    required: bool = False
    choices: tuple[str, ...] = ()


def _q(key: str, kind: str, zh: str, en: str, hint_zh: str, hint_en: str, **kw: Any) -> Question:
    return Question(key, kind, {"zh": zh, "en": en}, {"zh": hint_zh, "en": hint_en}, **kw)


@dataclass(frozen=True)
class Step:
    name: str
    title: dict[str, str]
    hint: dict[str, str]
    questions: tuple[Question, ...]
    repeated: bool = False  # a list section: items until an empty first answer


SPOT = Step(
    "spot",
    {"zh": "Spot 在触点上发现问题", "en": "Spot: observe the problem at a touchpoint"},
    {
        "zh": "写下你亲眼看到的一件具体的事:在哪个触点、发生了什么、有什么证据。",
        "en": "Write one concrete thing you saw: at which touchpoint, what happened, the evidence.",
    },
    (
        _q(
            "title",
            "text",
            "标题",
            "Title",
            "一句话概括问题,如:预约试驾到店后无人接待",
            "One line, e.g. 'Booked test drive, nobody at the desk'",
            required=True,
        ),
        _q(
            "spot.touchpoint",
            "touchpoint",
            "触点",
            "Touchpoint",
            "问题发生的触点;Tab 补全已有名称",
            "Where it happened; Tab completes known names",
            required=True,
        ),
        _q(
            "spot.channel",
            "text",
            "渠道",
            "Channel",
            "门店、app、电话、官网……(可空)",
            "store, app, phone, website … (optional)",
        ),
        _q("spot.observed", "date", "观察日期", "Observed on", "YYYY-MM-DD", "YYYY-MM-DD"),
        _q(
            "spot.problem",
            "text",
            "问题",
            "Problem",
            "客户遇到了什么?尽量具体,有时间、数字",
            "What did the customer run into? Concrete, with times and numbers",
            required=True,
        ),
        _q(
            "spot.severity",
            "int",
            "严重度 1-5",
            "Severity 1-5",
            "5 = 最严重;可空",
            "5 = worst; optional",
        ),
        _q(
            "spot.evidence",
            "list",
            "证据",
            "Evidence",
            "客户原话、记录、数字;每次一条,空行结束",
            "Quotes, notes, numbers; one per answer, empty to finish",
        ),
        _q("tags", "csv", "标签", "Tags", "用逗号分隔,可空", "Comma-separated, optional"),
    ),
)

SCENE = Step(
    "scene",
    {"zh": "Scene 在场景中解读问题", "en": "Scene: interpret it in its scenario"},
    {
        "zh": "谁、在做什么、期待什么、沿着哪条路径走到这里。",
        "en": "Who, doing what, expecting what, along which path.",
    },
    (
        _q(
            "scene.customer",
            "text",
            "客户",
            "Customer",
            "谁?如:首次购车的年轻家庭",
            "Who? e.g. a young family buying their first car",
        ),
        _q("scene.goal", "text", "目标", "Goal", "他们想完成的事", "The job they were doing"),
        _q(
            "scene.context",
            "text",
            "情境",
            "Context",
            "何时、何地、什么情况(可空)",
            "When, where, circumstances (optional)",
        ),
        _q(
            "scene.path",
            "path",
            "路径",
            "Path",
            "按顺序列出触点,用 → 或逗号分隔,须包含发现问题的触点",
            "Touchpoints in order, separated by → or commas; must include the spot touchpoint",
        ),
        _q(
            "scene.expectation",
            "text",
            "期待",
            "Expectation",
            "客户期待发生什么",
            "What the customer expected",
        ),
        _q(
            "scene.experience",
            "text",
            "实际体验",
            "Experience",
            "实际发生了什么",
            "What actually happened",
        ),
    ),
)

VIEW = Step(
    "view",
    {"zh": "View 在视角上分析问题", "en": "View: analyze it by perspective"},
    {
        "zh": "从客户、一线、管理、伙伴的视角看,各自看到了什么。空的视角结束。",
        "en": "What each perspective sees: customer, frontline, management, partner. "
        "Empty perspective to finish.",
    },
    (
        _q(
            "perspective",
            "open-choice",
            "视角",
            "Perspective",
            "可选或自填",
            "Pick one or type your own",
            choices=PERSPECTIVES,
            required=True,
        ),
        _q(
            "lens",
            "choice",
            "透镜",
            "Lens",
            "接触点/通路/交付/生态/共鸣;可空",
            "touchpoint/pathway/delivery/ecosystem/empathy; optional",
            choices=LENSES,
        ),
        _q(
            "finding",
            "text",
            "发现",
            "Finding",
            "从这个视角看到了什么",
            "What this perspective shows",
            required=True,
        ),
    ),
    repeated=True,
)

SPLIT = Step(
    "split",
    {"zh": "Split 在细节上拆解问题", "en": "Split: decompose it into details"},
    {
        "zh": "把问题拆成可以单独解决的细节或根因。空的细节结束。",
        "en": "Break the problem into details or root causes that can be solved one by one. "
        "Empty detail to finish.",
    },
    (
        _q(
            "detail",
            "text",
            "细节",
            "Detail",
            "一个具体的原因或环节",
            "One concrete cause or part",
            required=True,
        ),
        _q("lens", "choice", "透镜", "Lens", "可空", "optional", choices=LENSES),
        _q("severity", "int", "严重度 1-5", "Severity 1-5", "可空", "optional"),
    ),
    repeated=True,
)

SOLVE = Step(
    "solve",
    {"zh": "Solve 制定并推进解决方案", "en": "Solve: make and push solutions"},
    {
        "zh": "先做低成本、见效快的。每个方案要有负责人。空的方案结束。",
        "en": "Quick, low-cost wins first. Every action needs an owner. Empty action to finish.",
    },
    (
        _q(
            "action",
            "text",
            "方案",
            "Action",
            "要做的具体动作",
            "The concrete action",
            required=True,
        ),
        _q(
            "addresses",
            "ids",
            "针对的细节",
            "Addresses",
            "细节编号,逗号分隔",
            "Detail ids, comma-separated",
        ),
        _q("owner", "text", "负责人", "Owner", "部门或个人", "Department or person"),
        _q(
            "cost",
            "choice",
            "成本",
            "Cost",
            "low / medium / high",
            "low / medium / high",
            choices=LEVELS,
        ),
        _q(
            "impact",
            "choice",
            "影响",
            "Impact",
            "low / medium / high",
            "low / medium / high",
            choices=LEVELS,
        ),
        _q("due", "date", "截止日期", "Due", "YYYY-MM-DD,可空", "YYYY-MM-DD, optional"),
        _q(
            "status",
            "choice",
            "状态",
            "Status",
            "proposed/doing/done/verified/dropped",
            "proposed/doing/done/verified/dropped",
            choices=STATUSES,
        ),
    ),
    repeated=True,
)

WIZARD_STEPS: tuple[Step, ...] = (SPOT, SCENE, VIEW, SPLIT, SOLVE)
_ITEM_PREFIX = {"split": "d", "solve": "s"}

_TEXT = {
    "step": {"zh": "第 {k} 步,共 5 步", "en": "Step {k} of 5"},
    "item": {"zh": "第 {n} 条", "en": "item {n}"},
    "next": {"zh": "继续下一步:{title}?", "en": "Go on to the next step: {title}?"},
    "required": {"zh": "必填,请输入。", "en": "This one is required."},
    "bad_int": {
        "zh": "请输入 1 到 5 的整数,或留空。",
        "en": "Enter a whole number 1 to 5, or nothing.",
    },
    "bad_date": {"zh": "日期格式为 YYYY-MM-DD。", "en": "Dates look like YYYY-MM-DD."},
    "bad_choice": {"zh": "请从这些中选择:{choices}", "en": "Choose one of: {choices}"},
    "bad_ids": {"zh": "没有这些细节:{ids}", "en": "No such detail: {ids}"},
    "bad_path": {
        "zh": "路径须包含发现问题的触点「{spot}」。",
        "en": "The path must include the spot touchpoint '{spot}'.",
    },
    "summary": {"zh": "小结", "en": "Summary"},
}


def text(key: str, lang: str, **values: object) -> str:
    return _TEXT[key][lang].format(**values)


@dataclass
class Session:
    """What the wizard works on: the case document and the answer being built."""

    doc: dict[str, Any]
    language: str
    touchpoints: Sequence[str] = ()
    same_touchpoint: Callable[[str, str], bool] = lambda a, b: name_key(a) == name_key(b)
    partial: dict[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    step: str = "spot"


def first_unfinished(doc: dict[str, Any]) -> str:
    for name in STEPS[1:]:
        if not doc.get(name):
            return name
    return "solve"


def run(
    session: Session,
    prompter: Prompter,
    start: str,
    on_answer: Callable[[Session], None],
    on_step: Callable[[Session, str], None],
) -> None:
    """Ask from step `start` on; `on_answer` after every answer, `on_step` after every step."""
    for index, step in enumerate(WIZARD_STEPS):
        if STEPS.index(step.name) < STEPS.index(start):
            continue
        lang = session.language
        session.step = step.name
        prompter.say(f"\n[{text('step', lang, k=index + 1)}] {step.title[lang]}\n{step.hint[lang]}")
        if step.repeated:
            _ask_items(step, session, prompter, on_answer)
        else:
            for question in step.questions:
                _ask_into(question, session, prompter, on_answer, session.doc)
        prompter.say(summary(session.doc, step.name, lang))
        on_step(session, step.name)
        if index + 1 < len(WIZARD_STEPS):
            following = WIZARD_STEPS[index + 1].title[lang]
            if not prompter.confirm(text("next", lang, title=following)):
                return


def _ask_items(step: Step, session: Session, prompter: Prompter, on_answer: Callable) -> None:
    items: list[dict[str, Any]] = session.doc.setdefault(step.name, [])
    while True:
        item = session.partial.setdefault(step.name, {})
        prompter.say(f"— {text('item', session.language, n=len(items) + 1)}")
        for position, question in enumerate(step.questions):
            leading = position == 0
            optional = Question(**{**question.__dict__, "required": False}) if leading else question
            _ask_into(optional, session, prompter, on_answer, item, step.name)
            if leading and not item.get(question.key):
                session.partial.pop(step.name, None)
                if not items:
                    session.doc.pop(step.name, None)
                on_answer(session)
                return
        prefix = _ITEM_PREFIX.get(step.name)
        finished = {"id": _next_id(prefix, items), **item} if prefix else dict(item)
        items.append(finished)
        session.partial.pop(step.name, None)
        on_answer(session)


def _next_id(prefix: str, items: list[dict[str, Any]]) -> str:
    taken = {str(item.get("id")) for item in items}
    number = len(items) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _ask_into(
    question: Question,
    session: Session,
    prompter: Prompter,
    on_answer: Callable[[Session], None],
    target: dict[str, Any],
    section: str | None = None,
) -> None:
    """Ask until the answer is valid, then store it (or clear it when left empty)."""
    lang = session.language
    if question.kind == "list":
        _ask_list(question, session, prompter, on_answer, target)
        return
    while True:
        current = _get(target, question.key)
        answer = prompter.ask(
            Ask(
                label=question.label[lang],
                hint=question.hint[lang],
                default=_default(question, current, session, section),
                choices=question.choices,
                completions=tuple(session.touchpoints)
                if question.kind in ("touchpoint", "path")
                else (),
                required=question.required,
            )
        ).strip()
        try:
            value = _parse(question, answer, session)
        except ValueError as error:
            prompter.say(str(error))
            continue
        if value in (None, "", []) and question.required:
            prompter.say(text("required", lang))
            continue
        _set(target, question.key, value)
        on_answer(session)
        return


def _ask_list(
    question: Question,
    session: Session,
    prompter: Prompter,
    on_answer: Callable[[Session], None],
    target: dict[str, Any],
) -> None:
    lang = session.language
    values = list(_get(target, question.key) or [])
    for shown in values:
        prompter.say(f"  • {shown}")
    while True:
        answer = prompter.ask(
            Ask(label=f"{question.label[lang]} {len(values) + 1}", hint=question.hint[lang])
        ).strip()
        if not answer:
            return
        values.append(answer)
        _set(target, question.key, values)
        on_answer(session)


def _default(question: Question, current: Any, session: Session, section: str | None) -> str | None:
    if current not in (None, "", []):
        if isinstance(current, list):
            joiner = " → " if question.kind == "path" else ", "
            return joiner.join(str(item) for item in current)
        return str(current)
    spot = session.doc.get("spot", {})
    if question.kind == "path" and spot.get("touchpoint"):
        return str(spot["touchpoint"])
    if question.key == "spot.observed":
        return session.today.isoformat()
    if question.key == "status":
        return "proposed"
    if question.key == "addresses" and section == "solve":
        return ", ".join(str(d.get("id")) for d in session.doc.get("split", []))
    if question.key == "owner" and section == "solve":
        owners = [s.get("owner") for s in session.doc.get("solve", []) if s.get("owner")]
        return str(owners[-1]) if owners else None
    return None


def _parse(question: Question, answer: str, session: Session) -> Any:
    lang = session.language
    if not answer:
        return None
    if question.kind == "int":
        if not answer.isdigit() or not 1 <= int(answer) <= 5:
            raise ValueError(text("bad_int", lang))
        return int(answer)
    if question.kind == "date":
        try:
            return date.fromisoformat(answer)
        except ValueError:
            raise ValueError(text("bad_date", lang)) from None
    if question.kind in ("choice", "open-choice"):
        return _choose(question, answer, lang)
    if question.kind in ("csv", "ids"):
        values = [part for part in PATH_SEPARATORS.split(answer) if part]
        if question.kind == "ids":
            known = {str(d.get("id")) for d in session.doc.get("split", [])}
            unknown = [v for v in values if v not in known]
            if unknown:
                raise ValueError(text("bad_ids", lang, ids=", ".join(unknown)))
        return values
    if question.kind == "path":
        path = [part for part in PATH_SEPARATORS.split(answer) if part]
        spot = str(session.doc.get("spot", {}).get("touchpoint", ""))
        if not any(session.same_touchpoint(name, spot) for name in path):
            raise ValueError(text("bad_path", lang, spot=spot))
        return path
    return answer


def _choose(question: Question, answer: str, lang: str) -> str:
    if answer.isdigit() and 1 <= int(answer) <= len(question.choices):
        return question.choices[int(answer) - 1]
    lowered = answer.lower()
    if lowered in question.choices:
        return lowered
    if question.kind == "open-choice":
        return answer
    raise ValueError(text("bad_choice", lang, choices=", ".join(question.choices)))


def _get(target: dict[str, Any], key: str) -> Any:
    node: Any = target
    for part in key.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = target
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if value in (None, "", []):
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def summary(doc: dict[str, Any], step: str, lang: str) -> str:
    """A short recap of one step's answers, shown before the step is saved."""
    lines = [f"{text('summary', lang)}:"]
    section = doc.get(step)
    if step == "spot":
        lines.append(f"  {doc.get('title', '')}")
    if isinstance(section, dict):
        lines += [f"  {key}: {_show(value)}" for key, value in section.items()]
    elif isinstance(section, list):
        for item in section:
            lines.append("  - " + "; ".join(f"{k}: {_show(v)}" for k, v in item.items()))
    return "\n".join(lines)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return " → ".join(str(v) for v in value)
    return str(value)

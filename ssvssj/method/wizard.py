"""The guided SSVSSJ method as data: steps, questions, hints; driven through a Prompter.

The wizard never touches the terminal or the disk. It asks through a `Prompter` and reports
each answer and each finished step through callbacks, so the shell can save after every answer.
Every word it shows is in the workspace language, in the glossary's words; a choice is accepted
by its number, its English word or its Chinese word; `<` goes back to the previous question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from ssvssj.i18n import joined, pick
from ssvssj.journey.vocabulary import name_key
from ssvssj.method.constants import STEPS
from ssvssj.method.dates import ACCEPTED_FORMS, DateError, parse_date
from ssvssj.method.terms import (
    choice_words,
    choices_shown,
    choose,
    handover_words,
    severity_of,
    severity_refused,
    term,
    yes_or_no,
)

PATH_SEPARATORS = re.compile(r"\s*(?:→|->|>|,|，|、|;|；)\s*")
BACK = "<"

Pair = tuple[str, str]  # (English, Chinese)


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


class _Back(Exception):
    """The person typed `<`: ask the previous question again."""


@dataclass(frozen=True)
class Question:
    key: str
    # text | int | choice | open-choice | date | list | csv | path | touchpoint | ids |
    # handover | cause | measure
    kind: str
    label: Pair
    hint: Pair
    required: bool = False
    terms: str | None = None  # the kind of value in method.terms that the choices come from
    only_if: tuple[str, str] | None = None  # asked only when that answer has that value
    unless: tuple[str, str] | None = None  # not asked when that answer has that value
    implied: str | None = None  # the format's default: chosen, it is stored by leaving it out
    field: Pair | None = None  # the answer's name in a summary, where the label is a question
    gain: tuple[Pair, Pair] | None = None  # label and hint where the case is a gain (亮点)


@dataclass(frozen=True)
class Step:
    name: str
    title: Pair
    hint: Pair
    questions: tuple[Question, ...]
    repeated: bool = False  # a list section: items until an empty first answer


def _in(pair: Pair, lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def _words(question: Question, doc: dict[str, Any]) -> tuple[Pair, Pair]:
    """The question's label and hint: a gain is asked about as a gain, never as a problem."""
    if question.gain is not None and (doc.get("spot") or {}).get("kind") == "gain":
        return question.gain
    return question.label, question.hint


_SEVERITY = Question(
    "severity",
    "int",
    ("Severity 1–5", "严重程度（1–5）"),
    ("5 = worst; optional", "5 = 最严重；可空"),
    field=("Severity", "严重程度"),
)
_LENS = Question(
    "lens",
    "choice",
    ("Lens", "体验维度"),
    ("the number or the word; optional", "填编号或词语；可空"),
    terms="lens",
)
_DATE_HINT = (f"e.g. {ACCEPTED_FORMS[0]}", f"如 {ACCEPTED_FORMS[1]}")

SPOT = Step(
    "spot",
    ("Spot: observe the problem at a touchpoint", "在触点上发现问题（Spot）"),
    (
        "Write one concrete thing you saw: at which touchpoint, what happened, the evidence.",
        "写下你亲眼看到的一件具体的事：在哪个触点、发生了什么、有什么证据。",
    ),
    (
        Question(
            "spot.kind",
            "choice",
            ("Pain or gain", "痛点还是亮点"),
            (
                "1 pain (a problem), or 2 gain (a bright spot worth keeping and spreading)",
                "1 痛点（问题），或 2 亮点（值得保持和推广的好体验）",
            ),
            terms="kind",
            implied="pain",
            field=("Kind", "类型"),
        ),
        Question(
            "title",
            "text",
            ("Title", "标题"),
            (
                "One line, e.g. 'Booked test drive, nobody at the desk'",
                "一句话概括问题，如：预约试驾到店后无人接待",
            ),
            required=True,
            gain=(
                ("Title", "标题"),
                (
                    "One line, e.g. 'The test driver remembered what the customer asked for'",
                    "一句话概括亮点，如：试驾专员记得客户预约时提的需求",
                ),
            ),
        ),
        Question(
            "spot.touchpoint",
            "touchpoint",
            ("Touchpoint", "触点"),
            ("Where it happened; Tab completes known names", "问题发生的触点；按 Tab 补全已有名称"),
            required=True,
            gain=(
                ("Touchpoint", "触点"),
                (
                    "Where it happened; Tab completes known names",
                    "亮点所在的触点；按 Tab 补全已有名称",
                ),
            ),
        ),
        Question(
            "spot.channel",
            "text",
            ("Channel", "渠道"),
            ("store, app, phone, website … (optional)", "门店、app、电话、官网……（可空）"),
        ),
        Question("spot.observed", "date", ("Observed on", "观察日期"), _DATE_HINT),
        Question(
            "spot.problem",
            "text",
            ("Problem", "问题"),
            (
                "What did the customer run into? Concrete, with times and numbers",
                "客户遇到了什么？尽量具体，有时间、数字",
            ),
            required=True,
            gain=(
                ("Bright spot", "亮点"),
                (
                    "What went well for the customer? Concrete, with times and numbers",
                    "客户体验到了什么好的地方？尽量具体，有时间、数字",
                ),
            ),
        ),
        replace(_SEVERITY, key="spot.severity", unless=("spot.kind", "gain")),
        Question(
            "spot.evidence",
            "list",
            ("Evidence", "证据"),
            (
                "Quotes, notes, numbers; one per answer, empty to finish",
                "客户原话、记录、数字；每次一条，空行结束",
            ),
        ),
        Question(
            "tags",
            "csv",
            ("Tags", "标签"),
            ("Separated by commas, optional", "用逗号或顿号分隔，可空"),
        ),
        Question(
            "consultant",
            "text",
            ("Consultant", "顾问"),
            ("Who observed it (optional)", "记录这个案例的人（可空）"),
        ),
    ),
)

SCENE = Step(
    "scene",
    ("Scene: interpret it in its scenario", "在场景中解读问题（Scene）"),
    (
        "Who, doing what, expecting what, along which path.",
        "谁、在做什么、期待什么、沿着哪条客户路径走到这里。",
    ),
    (
        Question(
            "scene.customer",
            "text",
            ("Customer", "客户"),
            ("Who? e.g. a young family buying their first car", "谁？如：首次购车的年轻家庭"),
        ),
        Question(
            "scene.goal",
            "text",
            ("Goal", "客户要完成的事"),
            ("The job they were doing", "客户想办成的事"),
        ),
        Question(
            "scene.context",
            "text",
            ("Context", "情境"),
            ("When, where, circumstances (optional)", "何时、何地、什么情况（可空）"),
        ),
        Question(
            "scene.path",
            "path",
            ("Path", "客户路径"),
            (
                "Touchpoints in order, separated by → or commas; must include the spot "
                "touchpoint; Tab completes after each separator",
                "按顺序列出触点，用 →、顿号或逗号分隔，须包含发现问题的触点；"
                "每个分隔符后可按 Tab 补全",
            ),
        ),
        Question(
            "spot.from",
            "handover",
            (
                "Did this happen in the handover from {source} to {spot}?",
                "问题是否发生在从“{source}”到“{spot}”的交接中？",
            ),
            ("y or n", "是或否"),
            field=("Pathway (handover)", "通路（交接）"),
            gain=(
                (
                    "Was this bright spot in the handover from {source} to {spot}?",
                    "亮点是否出现在从“{source}”到“{spot}”的交接中？",
                ),
                ("y or n", "是或否"),
            ),
        ),
        Question(
            "scene.expectation",
            "text",
            ("Expectation", "客户预期"),
            ("What the customer expected", "客户期待发生什么"),
        ),
        Question(
            "scene.experience",
            "text",
            ("Experience", "实际感受"),
            ("What actually happened", "实际发生了什么、客户感受如何"),
        ),
    ),
)

VIEW = Step(
    "view",
    ("View: analyze it by perspective", "在视角上分析问题（View）"),
    (
        "What each perspective sees: customer, frontline, management, partner. "
        "Empty perspective to finish.",
        "从客户、一线员工、管理层、合作伙伴的视角看，各自看到了什么。视角留空结束。",
    ),
    (
        Question(
            "perspective",
            "open-choice",
            ("Perspective", "视角"),
            ("The number or the word, or your own", "填编号或词语，也可自填"),
            required=True,
            terms="perspective",
        ),
        _LENS,
        Question(
            "finding",
            "text",
            ("Finding", "发现"),
            ("What this perspective shows", "从这个视角看到了什么"),
            required=True,
        ),
    ),
    repeated=True,
)

SPLIT = Step(
    "split",
    ("Split: decompose it into details", "在细节上拆解问题（Split）"),
    (
        "Break the problem into details or root causes that can be solved one by one. "
        "Empty detail to finish.",
        "把问题拆成可以逐个解决的细节或根因。细节留空结束。",
    ),
    (
        Question(
            "detail",
            "text",
            ("Detail", "细节"),
            ("One concrete cause or part", "一个具体的原因或环节"),
            required=True,
        ),
        _LENS,
        _SEVERITY,
        Question(
            "at",
            "touchpoint",
            ("Where it lies", "所在触点"),
            (
                "The touchpoint where this detail lies, if not the spot's (often upstream); "
                "Tab completes; optional",
                "这个细节所在的触点（若不是发现问题的触点，常在上游）；按 Tab 补全；可空",
            ),
        ),
        Question(
            "cause",
            "cause",
            ("Root cause", "根因"),
            (
                "The root cause, as other cases name it; Tab completes from causes.yaml and "
                "earlier causes; optional",
                "根因，尽量沿用其他案例中的说法；按 Tab 从根因词表和已有根因中补全；可空",
            ),
        ),
    ),
    repeated=True,
)

SOLVE = Step(
    "solve",
    ("Solve: make and push solutions", "制定并推进解决方案（Solve）"),
    (
        "Quick, low-cost wins first. Every action needs an owner. Empty action to finish.",
        "先做低成本、效果大的速赢。每个方案都要有负责人。行动留空结束。",
    ),
    (
        Question(
            "action",
            "text",
            ("Action", "行动"),
            ("The concrete action", "要做的具体动作"),
            required=True,
        ),
        Question(
            "addresses",
            "ids",
            ("Addresses", "针对的细节"),
            (
                "Detail ids or numbers, e.g. d1, d2 or 1, 2",
                "细节编号，如 d1、d2，或只写 1、2",
            ),
        ),
        Question(
            "owner",
            "text",
            ("Owner", "负责人"),
            ("Department or person", "负责部门或个人"),
        ),
        Question(
            "cost",
            "choice",
            ("Cost", "成本"),
            ("the number or the word", "填编号或词语"),
            terms="cost",
        ),
        Question(
            "impact",
            "choice",
            ("Impact", "预期效果"),
            ("the number or the word", "填编号或词语"),
            terms="impact",
        ),
        Question("due", "date", ("Due", "截止日期"), _DATE_HINT),
        Question(
            "status",
            "choice",
            ("Status", "状态"),
            ("the number or the word", "填编号或词语"),
            terms="status",
        ),
        Question(
            "result",
            "text",
            ("Verified result", "验证结果"),
            ("What was verified, in numbers if you can", "验证到的效果，最好有数字"),
            only_if=("status", "verified"),
        ),
        Question(
            "measure",
            "measure",
            ("Measure", "衡量指标"),
            (
                "name: before → after unit, e.g. average wait: 15 → 2 minutes; may stay empty "
                "when the result is given: a verified solution needs a result or a measure",
                "指标：改善前 → 改善后 单位，如 平均等待：15 → 2 分钟；已填验证结果时可空："
                "已验证的方案须有验证结果或衡量指标",
            ),
            only_if=("status", "verified"),
        ),
    ),
    repeated=True,
)

WIZARD_STEPS: tuple[Step, ...] = (SPOT, SCENE, VIEW, SPLIT, SOLVE)
_ITEM_PREFIX = {"split": "d", "solve": "s"}


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
    consultant: str | None = None  # the workspace's default consultant
    causes: Sequence[str] = ()  # root causes to complete: causes.yaml's, then earlier cases'


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
) -> bool:
    """Ask from step `start` on; `on_answer` after every answer, `on_step` after every step.
    True when every step was asked, False when the person chose to stop after a step."""
    lang = session.language
    index = STEPS.index(start)
    from_end = False
    while index < len(WIZARD_STEPS):
        step = WIZARD_STEPS[index]
        session.step = step.name
        where = pick("Step {k} of 5", "第 {k} 步，共 5 步", lang).format(k=index + 1)
        prompter.say(f"\n[{where}] {_in(step.title, lang)}\n{_in(step.hint, lang)}")
        try:
            if step.repeated:
                _ask_items(step, session, prompter, on_answer, from_end)
            else:
                _ask_questions(step.questions, session, prompter, on_answer, session.doc, from_end)
        except _Back:
            index, from_end = _step_back(index, session, prompter, on_answer)
            continue
        from_end = False
        prompter.say(summary(session.doc, step.name, lang))
        on_step(session, step.name)
        if index + 1 < len(WIZARD_STEPS):
            following = _in(WIZARD_STEPS[index + 1].title, lang)
            label = pick("Go on to the next step: {title}?", "继续下一步：{title}？", lang)
            if not prompter.confirm(label.format(title=following)):
                return False
        index += 1
    return True


def _step_back(
    index: int, session: Session, prompter: Prompter, on_answer: Callable[[Session], None]
) -> tuple[int, bool]:
    """`<` at a step's first question: the previous step again from its last question, its
    answers as defaults, and the draft saying so; at the very first question, stay."""
    if index == 0:
        prompter.say(pick("This is the first question.", "这已是第一个问题。", session.language))
        return index, False
    session.step = WIZARD_STEPS[index - 1].name
    on_answer(session)
    return index - 1, True


def _ask_questions(
    questions: Sequence[Question],
    session: Session,
    prompter: Prompter,
    on_answer: Callable[[Session], None],
    target: dict[str, Any],
    from_end: bool = False,
) -> None:
    """Ask each question that applies (from the last one, `from_end`, when the person came
    back from the next step); `<` steps back to the previous one, and at the first question
    leaves the step (_Back) for the one before."""
    position = _last(questions, target, session) if from_end else 0
    while position < len(questions):
        question = questions[position]
        if not _applies(question, target, session):
            _set(target, question.key, None)
            position += 1
            continue
        try:
            _ask_into(question, session, prompter, on_answer, target)
        except _Back:
            earlier = _previous(questions, target, position, session)
            if earlier is None:
                raise
            position = earlier
            continue
        position += 1


def _previous(
    questions: Sequence[Question], target: dict[str, Any], position: int, session: Session
) -> int | None:
    """The question that applies before `position`; None at the first one."""
    earlier = [i for i in range(position) if _applies(questions[i], target, session)]
    return earlier[-1] if earlier else None


def _last(questions: Sequence[Question], target: dict[str, Any], session: Session) -> int:
    """The last question that applies (the first, where none does)."""
    return _previous(questions, target, len(questions), session) or 0


def _applies(question: Question, target: dict[str, Any], session: Session | None = None) -> bool:
    if question.unless is not None and _get(target, question.unless[0]) == question.unless[1]:
        return False
    if question.kind == "handover":
        return session is not None and handover_source(session) is not None
    if question.only_if is None:
        return True
    key, value = question.only_if
    return _get(target, key) == value


def handover_source(session: Session) -> str | None:
    """The touchpoint just before the spot on the customer's path, where there is one."""
    scene = session.doc.get("scene") or {}
    path = [str(name) for name in scene.get("path") or []]
    spot = str((session.doc.get("spot") or {}).get("touchpoint", ""))
    for index, name in enumerate(path):
        if index > 0 and session.same_touchpoint(name, spot):
            before = path[index - 1]
            return None if session.same_touchpoint(before, spot) else before
    return None


def _ask_items(
    step: Step, session: Session, prompter: Prompter, on_answer: Callable, from_end: bool = False
) -> None:
    """Items until an empty first answer; `<` at an item's first question reopens the item
    before it at its last question, and at the first item's leaves the step (_Back). Coming
    back from the next step (`from_end`) reopens the last item at its last question."""
    items: list[dict[str, Any]] = session.doc.setdefault(step.name, [])
    questions = (replace(step.questions[0], required=False), *step.questions[1:])
    position = 0
    if from_end and items:
        session.partial[step.name] = items.pop()
        position = _last(questions, session.partial[step.name], session)
        on_answer(session)
    while True:
        item = session.partial.setdefault(step.name, {})
        if position == 0:
            shown = pick("item {n}", "第 {n} 条", session.language).format(n=len(items) + 1)
            prompter.say(f"— {shown}")
        question = questions[position]
        if _applies(question, item, session):
            try:
                _ask_into(question, session, prompter, on_answer, item, step.name)
            except _Back:
                if position == 0 and items:
                    session.partial[step.name] = item = items.pop()
                    position = _last(questions, item, session)
                    on_answer(session)
                    continue
                earlier = _previous(questions, item, position, session)
                if earlier is None:
                    if not items:
                        session.doc.pop(step.name, None)
                    raise
                position = earlier
                continue
            if position == 0 and not item.get(question.key):
                session.partial.pop(step.name, None)
                if not items:
                    session.doc.pop(step.name, None)
                on_answer(session)
                return
        else:
            _set(item, question.key, None)
        position += 1
        if position == len(questions) and _verified_without_result(item):
            prompter.say(
                pick(
                    "A verified solution needs what was verified: its result, its measure or both.",
                    "已验证的方案需要写明验证到了什么：验证结果、衡量指标，至少填一项。",
                    session.language,
                )
            )
            position = next(i for i, q in enumerate(questions) if q.key == "result")
            continue
        if position == len(questions):
            prefix = _ITEM_PREFIX.get(step.name)
            items.append({"id": _next_id(prefix, items), **item} if prefix else dict(item))
            session.partial.pop(step.name, None)
            on_answer(session)
            position = 0


def _verified_without_result(item: dict[str, Any]) -> bool:
    """The method rule `verified-without-result`, kept by the wizard instead of reported later."""
    return item.get("status") == "verified" and not item.get("result") and not item.get("measure")


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
                label=_label(question, session),
                hint=_in(_words(question, session.doc)[1], lang),
                default=_default(question, current, session, section),
                choices=tuple(choices_shown(question.terms, lang)) if question.terms else (),
                completions=_completions(question, session),
                required=question.required,
            )
        ).strip()
        if answer == BACK:
            raise _Back
        try:
            value = _parse(question, answer, session)
        except ValueError as error:
            prompter.say(str(error))
            continue
        if value in (None, "", []) and question.required:
            prompter.say(pick("This one is required.", "这一项必填，请输入。", lang))
            continue
        if question.implied is not None and value == question.implied:
            value = None
        _set(target, question.key, value)
        on_answer(session)
        return


def _label(question: Question, session: Session) -> str:
    """The question's words; the handover question names the two touchpoints."""
    label = _in(_words(question, session.doc)[0], session.language)
    if question.kind != "handover":
        return label
    spot = str((session.doc.get("spot") or {}).get("touchpoint", ""))
    return label.format(source=handover_source(session), spot=spot)


def _completions(question: Question, session: Session) -> tuple[str, ...]:
    if question.kind in ("touchpoint", "path"):
        return tuple(dict.fromkeys([*session.touchpoints, *_touchpoints_answered(session.doc)]))
    if question.kind == "cause":
        written = [str(d.get("cause")) for d in session.doc.get("split", []) if d.get("cause")]
        return tuple(dict.fromkeys([*session.causes, *written]))
    if question.kind == "ids":
        return tuple(str(d.get("id")) for d in session.doc.get("split", []))
    if question.terms:
        return tuple(choice_words(question.terms))
    return ()


def _touchpoints_answered(doc: dict[str, Any]) -> list[str]:
    """Touchpoints named earlier in this run: a new workspace's first case has no others."""
    spot = doc.get("spot") or {}
    scene = doc.get("scene") or {}
    named = [spot.get("touchpoint"), spot.get("from"), *(scene.get("path") or [])]
    named += [detail.get("at") for detail in doc.get("split") or []]
    return [str(name) for name in named if name]


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
            Ask(
                label=f"{_in(question.label, lang)} {len(values) + 1}",
                hint=_in(_words(question, session.doc)[1], lang),
            )
        ).strip()
        if answer == BACK:
            raise _Back
        if not answer:
            return
        values.append(answer)
        _set(target, question.key, values)
        on_answer(session)


def _default(question: Question, current: Any, session: Session, section: str | None) -> str | None:
    lang = session.language
    if current not in (None, "", []):
        return _show(question, current, lang)
    spot = session.doc.get("spot", {})
    if question.kind == "path" and spot.get("touchpoint"):
        return str(spot["touchpoint"])
    if question.key == "spot.observed":
        return session.today.isoformat()
    if question.implied is not None and question.terms:
        return term(question.implied, lang, question.terms)
    if question.kind == "handover":
        return pick("n", "否", lang)
    if question.key == "consultant":
        return session.consultant
    if question.key == "status":
        return term("proposed", lang, "status")
    if question.key == "addresses" and section == "solve":
        return _joined([str(d.get("id")) for d in session.doc.get("split", [])], lang)
    if question.key == "owner" and section == "solve":
        owners = [s.get("owner") for s in session.doc.get("solve", []) if s.get("owner")]
        return str(owners[-1]) if owners else None
    return None


def _joined(values: Sequence[str], lang: str) -> str:
    return joined(values, lang=lang)


def _parse(question: Question, answer: str, session: Session) -> Any:
    lang = session.language
    if not answer:
        return None
    if question.kind == "int":
        return _severity(answer, lang)
    if question.kind == "date":
        try:
            return parse_date(answer)
        except DateError as error:
            raise ValueError(str(error)) from None
    if question.kind in ("choice", "open-choice") and question.terms:
        return _choose(question, question.terms, answer, lang)
    if question.kind == "csv":
        return [part for part in PATH_SEPARATORS.split(answer) if part]
    if question.kind == "ids":
        return detail_ids(answer, [str(d.get("id")) for d in session.doc.get("split", [])], lang)
    if question.kind == "handover":
        return _handover(answer, session)
    if question.kind == "measure":
        return parse_measure(answer, lang)
    if question.kind == "path":
        path = [part for part in PATH_SEPARATORS.split(answer) if part]
        spot = str(session.doc.get("spot", {}).get("touchpoint", ""))
        if not any(session.same_touchpoint(name, spot) for name in path):
            raise ValueError(
                pick(
                    "The path must include the spot touchpoint “{spot}”.",
                    "客户路径须包含发现问题的触点“{spot}”。",
                    lang,
                ).format(spot=spot)
            )
        return path
    return answer


def _handover(answer: str, session: Session) -> str | None:
    """Yes: the spot lies on the handover from the touchpoint before it on the path."""
    meant = yes_or_no(answer)
    if meant is True:
        return handover_source(session)
    if meant is False:
        return None
    raise ValueError(pick("Answer y or n.", "请回答“是”或“否”。", session.language))


_MEASURE = re.compile(
    r"^(?P<name>.+?)\s*[:：]\s*(?P<before>[-+]?\d+(?:\.\d+)?)\s*(?:→|->|>)\s*"
    r"(?P<after>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>.*)$"
)


def parse_measure(answer: str, lang: str) -> dict[str, Any]:
    """`name: before → after unit` as the format's `measure` (numbers as written)."""
    import unicodedata

    found = _MEASURE.match(unicodedata.normalize("NFKC", answer).strip())
    if found is None:
        raise ValueError(
            pick(
                "Write the measure as name: before → after unit, e.g. average wait: 15 → 2 "
                "minutes; “{answer}” does not follow it.",
                "衡量指标的写法是“指标：改善前 → 改善后 单位”，如 平均等待：15 → 2 分钟；"
                "“{answer}”不符合这个写法。",
                lang,
            ).format(answer=answer)
        )

    def number(text: str) -> int | float:
        return float(text) if "." in text else int(text)

    measure: dict[str, Any] = {"name": found["name"].strip()}
    if found["unit"].strip():
        measure["unit"] = found["unit"].strip()
    measure["before"] = number(found["before"])
    measure["after"] = number(found["after"])
    return measure


def _severity(answer: str, lang: str) -> int:
    value = severity_of(answer)
    if value is None:
        raise ValueError(severity_refused(f"“{answer}”", lang))
    return value


def _choose(question: Question, kind: str, answer: str, lang: str) -> str:
    chosen = choose(kind, answer)
    if chosen is not None:
        return chosen
    if question.kind == "open-choice" and not answer.isdigit():
        return answer
    shown = choices_shown(kind, lang)
    numbered = _joined([f"{i} {word}" for i, word in enumerate(shown, 1)], lang)
    raise ValueError(
        pick(
            "“{answer}” is not one of: {choices}", "“{answer}”不在可选项中：{choices}", lang
        ).format(answer=answer, choices=numbered)
    )


def detail_ids(answer: str, known: Sequence[str], lang: str) -> list[str]:
    """The details a solution addresses: `d1`, or just `1` for `d1`, separated by commas, 、 or
    →; an id the case does not have is refused, naming the ones it has."""
    wanted = []
    for part in PATH_SEPARATORS.split(answer.strip()):
        if not part:
            continue
        name = f"d{part}" if part.isascii() and part.isdigit() else part
        wanted.append(name)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ValueError(
            pick(
                "No such detail: {ids} (the details are {known})",
                "没有这个细节：{ids}（已有的细节：{known}）",
                lang,
            ).format(ids=_joined(unknown, lang), known=_joined(known, lang) or "—")
        )
    return list(dict.fromkeys(wanted))


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
    """A short recap of one step's answers in the glossary's words, shown before it is saved."""
    colon, between = ("：", "；") if lang == "zh" else (": ", "; ")
    wizard_step = next(s for s in WIZARD_STEPS if s.name == step)
    lines = [pick("Summary", "小结", lang) + colon.rstrip()]

    def fields(source: dict[str, Any]) -> list[str]:
        shown = []
        for question in wizard_step.questions:
            value = _get(source, question.key)
            if value in (None, "") and question.implied is not None:
                value = question.implied
            if value not in (None, "", []):
                name = _in(question.field or _words(question, doc)[0], lang)
                if question.kind == "handover":
                    text = handover_words(value, str(_get(doc, "spot.touchpoint") or ""), lang)
                else:
                    text = _show(question, value, lang)
                shown.append(f"{name}{colon}{text}")
        return shown

    if wizard_step.repeated:
        for item in doc.get(step) or []:
            lead = f"{item['id']} " if "id" in item else ""
            lines.append(f"  - {lead}{between.join(fields(item))}")
    else:
        lines += [f"  {line}" for line in fields(doc)]
    if len(lines) == 1:
        lines[0] += pick(" (nothing filled in)", "（未填写）", lang)
    return "\n".join(lines)


def _show(question: Question, value: Any, lang: str) -> str:
    if question.kind == "measure" and isinstance(value, dict):
        unit = value.get("unit") or ""
        space = "" if unit in ("", "%") else " "
        return pick(
            "{name}: {before} → {after}{unit}", "{name}：{before} → {after}{unit}", lang
        ).format(
            name=value.get("name"),
            before=value.get("before"),
            after=value.get("after"),
            unit=f"{space}{unit}",
        )
    if question.kind == "handover":
        return f"{value} →"
    if isinstance(value, list):
        if question.kind == "path":
            return " → ".join(str(v) for v in value)
        return _joined([str(v) for v in value], lang)
    if question.terms:
        return term(value, lang, question.terms)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

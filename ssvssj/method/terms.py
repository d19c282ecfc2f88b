"""The method's words for the values a case holds, in both languages, as the glossary says.

A value is stored in English (`verified`); a person reads it in the workspace language and may
type it in either language, or by its number in the list of choices.
"""

from __future__ import annotations

import re

# kind -> stored value -> (English, Chinese)
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "step": {
        "spot": ("Spot", "发现问题"),
        "scene": ("Scene", "解读场景"),
        "view": ("View", "视角分析"),
        "split": ("Split", "拆解细节"),
        "solve": ("Solve", "制定方案"),
    },
    "state": {
        "open": ("open", "未解决"),
        "solved": ("solved", "已解决"),
        "verified": ("verified", "已验证"),
        "dropped": ("dropped", "已放弃"),
    },
    # A gain's state: what is open about a bright spot is spreading it, not solving it.
    "gain_state": {
        "open": ("to spread", "待推广"),
        "solved": ("spread", "已推广"),
        "verified": ("verified", "已验证"),
        "dropped": ("dropped", "已放弃"),
    },
    "status": {
        "proposed": ("proposed", "待推进"),
        "doing": ("doing", "进行中"),
        "done": ("done", "已完成"),
        "verified": ("verified", "已验证"),
        "dropped": ("dropped", "不采纳"),
    },
    "perspective": {
        "customer": ("customer", "客户"),
        "frontline": ("frontline", "一线员工"),
        "management": ("management", "管理层"),
        "partner": ("partner", "合作伙伴"),
    },
    "lens": {
        "touchpoint": ("touchpoint", "触点"),
        "pathway": ("pathway", "通路"),
        "delivery": ("delivery", "交付"),
        "ecosystem": ("ecosystem", "生态系统"),
        "empathy": ("empathy", "共鸣"),
    },
    "cost": {
        "low": ("low", "低"),
        "medium": ("medium", "中"),
        "high": ("high", "高"),
    },
    "impact": {
        "low": ("low", "小"),
        "medium": ("medium", "中"),
        "high": ("high", "大"),
    },
    "kind": {
        "pain": ("pain", "痛点"),
        "gain": ("gain", "亮点"),
    },
    "severity": {
        "unrated": ("unrated", "未评"),
    },
    "promise": {
        "brand": ("brand", "品牌主张"),
        "basic": ("basic", "基本要求"),
    },
    # The method rules by name: a client reads the name, `ssvssj.yaml` and machines the id.
    "rule": {
        "verified-without-result": ("verified without a result", "已验证但缺少验证结果"),
        "solution-without-owner": ("solution without an owner", "方案缺少负责人"),
        "no-customer-view": ("no customer view", "缺少客户视角"),
        "detail-unaddressed": ("detail not addressed", "细节无方案针对"),
        "spot-without-evidence": ("pain without evidence", "痛点缺少证据"),
        "unrated": ("severity not rated", "未评严重程度"),
        "overdue": ("overdue", "逾期"),
        "stale": ("stale", "停滞"),
    },
}

# Where a value is named without its kind (a template's `label` filter), the first kind that
# knows it decides: `dropped` is a case's state (已放弃) unless a solution's status is asked for.
_UNKINDED = ("state", "step", "lens", "perspective", "cost", "kind", "status")


def state_word(state: str, kind: str | None, language: str) -> str:
    """A case's state as a person reads it; a gain's in a gain's words."""
    return term(state, language, "gain_state" if kind == "gain" else "state")


def term(value: object, language: str, kind: str | None = None) -> str:
    """The word a person reads for a stored value; a value outside the method's lists (a
    perspective of the consultant's own) is shown as written."""
    text = str(value)
    for name in (kind,) if kind else _UNKINDED:
        words = TERMS.get(name, {}).get(text)
        if words:
            return words[1] if language == "zh" else words[0]
    return text


# Other words people type for a value: short forms of the steps, and the cost words for impact
# (低/高 read naturally for both).
SYNONYMS: dict[str, dict[str, str]] = {
    "step": {
        "发现": "spot",
        "问题": "spot",
        "解读": "scene",
        "场景": "scene",
        "视角": "view",
        "分析": "view",
        "拆解": "split",
        "细节": "split",
        "制定": "solve",
        "方案": "solve",
        "解决": "solve",
    },
    "state": {"解决": "solved", "验证": "verified", "放弃": "dropped"},
    "status": {"推进": "doing", "完成": "done", "验证": "verified", "放弃": "dropped"},
    "perspective": {"一线": "frontline", "管理": "management", "伙伴": "partner"},
    "lens": {"生态": "ecosystem", "接触点": "touchpoint"},
    "cost": {"小": "low", "大": "high"},
    "impact": {"低": "low", "高": "high"},
    "kind": {},
}


def choose(kind: str, answer: str) -> str | None:
    """The stored value a person means by `answer`: its number in the list (1-based), its
    English word, its Chinese word or a common short form; None when it names none of them."""
    import unicodedata

    typed = unicodedata.normalize("NFKC", answer).strip()
    values = list(TERMS[kind])
    if typed.isdigit():
        number = int(typed)
        return values[number - 1] if 1 <= number <= len(values) else None
    lowered = typed.lower()
    for value, (english, chinese) in TERMS[kind].items():
        if lowered in (value, english.lower()) or typed == chinese:
            return value
    return SYNONYMS[kind].get(typed)


def choices_shown(kind: str, language: str) -> list[str]:
    """The choices as a person reads them, numbered from 1 in this order."""
    return [term(value, language, kind) for value in TERMS[kind]]


def choice_words(kind: str) -> list[str]:
    """Every word that `choose` understands for `kind`, for completion and for messages."""
    words = [word for pair in TERMS[kind].values() for word in pair]
    return list(dict.fromkeys([*words, *TERMS[kind]]))


def handover_words(source: str, spot: str, language: str) -> str:
    """A handover as the glossary names it: `预约试驾 → 门店接待台 的交接`."""
    from ssvssj.i18n import pick

    return pick("the handover {source} → {spot}", "{source} → {spot} 的交接", language).format(
        source=source, spot=spot
    )


def severity_of(answer: str) -> int | None:
    """A severity as a person types it, in the wizard, an option or an imported table: a whole
    number 1–5, in ASCII or full-width digits, `4.0` as 4. Anything else is None, including a
    circled ① (NFKC would read it as 1, but it is a list mark, not a number typed)."""
    import unicodedata

    stripped = answer.strip()
    if not all(char.isascii() or char in _FULL_WIDTH_NUMBER for char in stripped):
        return None
    typed = unicodedata.normalize("NFKC", stripped)
    if not _WHOLE.match(typed):
        return None
    value = int(typed.split(".")[0])
    return value if 1 <= value <= 5 else None


def severity_refused(shown: str, language: str) -> str:
    """Why a severity was refused, the same words wherever it was typed or written; `shown` is
    the value as the user wrote it (quoted where it is text)."""
    from ssvssj.i18n import pick

    return pick(
        "severity must be a whole number 1–5, not {value}",
        "严重程度须为 1–5 的整数，现为 {value}",
        language,
        value=shown,
    )


_FULL_WIDTH_NUMBER = frozenset("０１２３４５６７８９．")
_WHOLE = re.compile(r"^[0-9]+(?:\.0+)?$")


# A yes/no question understands only these (and Enter for its default): a vague answer such
# as 嗯 or 好 is asked again, never taken as yes.
_YES = {"y", "yes", "是", "继续"}
_NO = {"n", "no", "否"}


def yes_or_no(answer: str) -> bool | None:
    """True for yes (是, 继续, y, yes), False for no (否, n, no), None for anything else."""
    import unicodedata

    typed = unicodedata.normalize("NFKC", answer).strip().lower().rstrip("。!！.")
    if typed in _YES:
        return True
    if typed in _NO:
        return False
    return None


# The fields of a case and of the workspace files, as a person reads their names.
FIELDS: dict[str, tuple[str, str]] = {
    "schema_version": ("schema version", "格式版本"),
    "id": ("id", "编号"),
    "title": ("title", "标题"),
    "created": ("created", "创建日期"),
    "updated": ("updated", "更新日期"),
    "consultant": ("consultant", "顾问"),
    "tags": ("tags", "标签"),
    "dropped": ("dropped", "放弃原因"),
    "extra": ("extra", "附加数据"),
    "spot": ("spot", "发现问题"),
    "scene": ("scene", "解读场景"),
    "view": ("view", "视角分析"),
    "split": ("split", "拆解细节"),
    "solve": ("solve", "制定方案"),
    "kind": ("kind", "类型"),
    "touchpoint": ("touchpoint", "触点"),
    "from": ("handover from", "通路（交接）"),
    "channel": ("channel", "渠道"),
    "observed": ("observed", "观察日期"),
    "problem": ("problem", "问题"),
    "severity": ("severity", "严重程度"),
    "evidence": ("evidence", "证据"),
    "customer": ("customer", "客户"),
    "goal": ("goal", "客户要完成的事"),
    "context": ("context", "情境"),
    "path": ("path", "客户路径"),
    "expectation": ("expectation", "客户预期"),
    "experience": ("experience", "实际感受"),
    "perspective": ("perspective", "视角"),
    "lens": ("lens", "体验维度"),
    "finding": ("finding", "发现"),
    "detail": ("detail", "细节"),
    "at": ("at", "所在触点"),
    "cause": ("cause", "根因"),
    "action": ("action", "行动"),
    "addresses": ("addresses", "针对的细节"),
    "owner": ("owner", "负责人"),
    "cost": ("cost", "成本"),
    "impact": ("impact", "预期效果"),
    "due": ("due", "截止日期"),
    "status": ("status", "状态"),
    "result": ("result", "验证结果"),
    "measure": ("measure", "衡量指标"),
    "before": ("before", "改善前"),
    "after": ("after", "改善后"),
    "unit": ("unit", "单位"),
    "name": ("name", "名称"),
    "language": ("language", "语言"),
    "aliases": ("aliases", "其他写法"),
    "stage": ("stage", "阶段"),
    "touchpoints": ("touchpoints", "触点"),
    "causes": ("causes", "根因"),
    "as_of": ("review date", "评审日期"),
    "stale_after_days": ("stale after days", "停滞天数"),
    "rules": ("rules", "方法规则"),
    "key": ("moment of truth", "关键时刻"),
    "promise": ("promise", "承诺级别"),
    "validated_on": ("validated on", "最近验证日期"),
    "stages": ("stages", "阶段"),
    "order": ("order", "顺序"),
    "rejected": ("rejected pathways", "已排除的通路"),
}


def field_word(name: str, language: str) -> str:
    """The name of a field as a person reads it; a field not listed keeps its key."""
    words = FIELDS.get(name)
    if words is None:
        return name
    return words[1] if language == "zh" else words[0]


# The five steps as the glossary's headings name them.
STEP_HEADINGS: dict[str, tuple[str, str]] = {
    "spot": ("1. Spot: the problem at a touchpoint", "一、在触点上发现问题（Spot）"),
    "scene": ("2. Scene: the problem in its scenario", "二、在场景中解读问题（Scene）"),
    "view": ("3. View: the problem by perspective", "三、在视角上分析问题（View）"),
    "split": ("4. Split: the details", "四、在细节上拆解问题（Split）"),
    "solve": ("5. Solve: solutions and their progress", "五、制定并推进解决方案（Solve）"),
}


# Where a case holds a choice: section -> field -> kind of its words.
_CHOICE_FIELDS: dict[str, dict[str, str]] = {
    "spot": {"kind": "kind"},
    "view": {"perspective": "perspective", "lens": "lens"},
    "split": {"lens": "lens"},
    "solve": {"cost": "cost", "impact": "impact", "status": "status"},
}


def with_stored_choices(doc: dict[str, object]) -> dict[str, object]:
    """Answers given to the tool (`--from`) with every choice named as the case file stores
    it: by number, English or Chinese word as the wizard takes it (`kind: 痛点` -> `pain`). A
    word that names no choice is kept, for the case's checks to refuse in its own words."""

    def stored(fields: dict[str, str], entry: object) -> object:
        if not isinstance(entry, dict):
            return entry
        changed = dict(entry)
        for name, kind in fields.items():
            value = changed.get(name)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                chosen = choose(kind, str(value))
                if chosen is not None:
                    changed[name] = chosen
        return changed

    result = dict(doc)
    for section, fields in _CHOICE_FIELDS.items():
        held = result.get(section)
        if isinstance(held, list):
            result[section] = [stored(fields, entry) for entry in held]
        elif isinstance(held, dict):
            result[section] = stored(fields, held)
    return result

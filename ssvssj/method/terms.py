"""The method's words for the values a case holds, in both languages, as the glossary says.

A value is stored in English (`verified`); a person reads it in the workspace language and may
type it in either language, or by its number in the list of choices.
"""

from __future__ import annotations

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
}

# Where a value is named without its kind (a template's `label` filter), the first kind that
# knows it decides: `dropped` is a case's state (已放弃) unless a solution's status is asked for.
_UNKINDED = ("state", "step", "lens", "perspective", "cost", "kind", "status")


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


_YES = {"y", "yes", "ok", "是", "是的", "好", "好的", "继续", "对", "要", "行", "嗯"}
_NO = {"n", "no", "否", "不", "不是", "不要", "不用", "停", "停止", "结束", "暂停", "先不"}


def yes_or_no(answer: str) -> bool | None:
    """True for yes (是, 继续 …), False for no (否, 不 …), None when the answer says neither."""
    import unicodedata

    typed = unicodedata.normalize("NFKC", answer).strip().lower().rstrip("。!！.")
    if typed in _YES:
        return True
    if typed in _NO:
        return False
    return None

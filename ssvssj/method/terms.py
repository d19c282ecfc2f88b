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

"""Dates as people type them: one set of accepted forms for the wizard, options and imports.

2026-11-02, 2026/11/2, 2026.11.2 and 2026年11月2日 (full-width digits too) all mean the same day.
A date that has the right form but does not exist is refused as impossible, naming what is wrong
("没有 13 月"), not as a format error.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from ssvssj.i18n import tr

_NUMERIC = re.compile(r"(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_CHINESE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


class DateError(ValueError):
    """A date that cannot be read, with the reason in the user's terms."""


# The forms a date may be typed in, (English, Chinese): the one list every hint and error names.
ACCEPTED_FORMS = (
    "2026-11-02, 2026/11/2, 2026.11.2 or 2026年11月2日",
    "2026-11-02、2026/11/2、2026.11.2 或 2026年11月2日",
)


def accepted_forms() -> str:
    from ssvssj.i18n import language

    return ACCEPTED_FORMS[1] if language() == "zh" else ACCEPTED_FORMS[0]


def parse_date(text: str) -> date:
    """The day `text` names, in any accepted form; DateError says why not."""
    typed = unicodedata.normalize("NFKC", text).strip()
    found = _NUMERIC.fullmatch(typed)
    if found:
        year, month, day = found.group(1), found.group(3), found.group(4)
    else:
        chinese = _CHINESE.fullmatch(typed)
        if not chinese:
            raise DateError(
                tr(
                    '"{text}" is not a date; write it as {forms}',
                    "“{text}”不是日期，请写成 {forms}",
                    text=text,
                    forms=accepted_forms(),
                )
            )
        year, month, day = chinese.groups()
    return checked_date(int(year), int(month), int(day))


def checked_date(year: int, month: int, day: int) -> date:
    """The date, or DateError naming the impossible part."""
    if not 1 <= year <= 9999:
        raise DateError(tr("there is no year {year}", "没有 {year} 年", year=year))
    if not 1 <= month <= 12:
        raise DateError(tr("there is no month {month}", "没有 {month} 月", month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateError(
            tr(
                "month {month} of {year} has no day {day} (it has {days} days)",
                "{year} 年 {month} 月没有 {day} 日（这个月只有 {days} 天）",
                year=year,
                month=month,
                day=day,
                days=days,
            )
        )
    return date(year, month, day)

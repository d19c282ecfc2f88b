"""The language a person reads: every message is written in English and Chinese side by side.

A message is born in both languages where it is written (`tr("file is empty", "文件是空的")`),
so no word can be added in one language only; the shell picks the language once per command:
`--language` where given, else the workspace's `language`, else the locale. Chinese follows the
glossary's words and typography (full-width punctuation around Chinese text); a test scans
every pair.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

LANGUAGES = ("zh", "en")
_DECLARED = re.compile(rb"^language:[ \t]*[\"']?(zh|en)[\"']?[ \t]*(?:#.*)?$", re.M)

_current = "en"
_chosen = False


def set_language(language: str) -> None:
    global _current, _chosen
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    _current = language
    _chosen = True


def language() -> str:
    return _current


def tr(en: str, zh: str, /, **params: object) -> str:
    """The message in the current language, with `{name}` fields filled from `params`."""
    return _filled(en, zh, _current, params)


def pick(en: str, zh: str, lang: str, /, **params: object) -> str:
    """One of a pair in a language named explicitly (a report's `--lang`), not the current one;
    with `params`, its fields filled as `tr` fills them."""
    return _filled(en, zh, lang, params)


def _filled(en: str, zh: str, lang: str, params: dict[str, object]) -> str:
    if lang != "zh":
        return en.format(**params) if params else en
    return fill_chinese(zh, params) if params else zh


_WIDE_QUOTES = frozenset("“”‘’")


def fill_chinese(text: str, params: dict[str, object]) -> str:
    """Fill a Chinese text's fields with the glossary's spacing where a value meets the text: a
    space between Chinese and Latin letters or digits (`与案例 20261124-laiy 重复`), none between
    Chinese and Chinese or full-width punctuation (`现为“高”`, `从 e47b3cc（2026-11-24）到工作区`),
    whatever the value turns out to be."""
    import string

    formatter = string.Formatter()
    out = ""
    for literal, name, spec, conversion in formatter.parse(text):
        out = _joined(out, literal)
        if name is None:
            continue
        value, _ = formatter.get_field(name, (), params)
        value = formatter.convert_field(value, conversion)
        out = _joined(out, formatter.format_field(value, spec or ""))
    return out


_PERCENT_FIELD = re.compile(r"%\((\w+)\)s|%%")


def fill_chinese_percent(text: str, params: dict[str, object]) -> str:
    """A template message's `%(name)s` fields filled without a space beside full-width
    punctuation (`从 e47b3cc（2026-11-24）到 …`); spaces between words stay as written."""
    out, start = "", 0
    for found in _PERCENT_FIELD.finditer(text):
        out = _beside_punctuation(out, text[start : found.start()])
        value = "%" if found.group(0) == "%%" else str(params[found.group(1)])
        out = _beside_punctuation(out, value)
        start = found.end()
    return _beside_punctuation(out, text[start:])


def _beside_punctuation(left: str, right: str) -> str:
    if left.endswith(" ") and len(left) >= 2 and _punctuation(left[-2]) and right:
        return left[:-1] + right
    if right.startswith(" ") and len(right) >= 2 and left and _punctuation(left[-1]):
        return left + right[1:]
    if right.startswith(" ") and len(right) >= 2 and _punctuation(right[1]) and left:
        return left + right[1:]
    if left.endswith(" ") and right and _punctuation(right[0]):
        return left[:-1] + right
    return left + right


def _punctuation(char: str) -> bool:
    return _wide(char) and not _cjk(char)


def _joined(left: str, right: str) -> str:
    if not left or not right:
        return left + right
    if left[-1] == " " and len(left) >= 2 and _wide(left[-2]) and _wide(right[0]):
        return left[:-1] + right
    if right[0] == " " and len(right) >= 2 and _wide(left[-1]) and _wide(right[1]):
        return left + right[1:]
    if (_cjk(left[-1]) and _narrow(right[0])) or (_narrow(left[-1]) and _cjk(right[0])):
        return left + " " + right
    return left + right


# Character classes by code point rather than by regular expression: a class of thousands of
# code points takes milliseconds to compile, on every command.


def _cjk(char: str) -> bool:
    """A Chinese character: the unified ideographs, extension A and compatibility ideographs."""
    code = ord(char)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def _wide(char: str) -> bool:
    """A Chinese character, or full-width punctuation and quotes."""
    code = ord(char)
    return (
        _cjk(char) or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF60 or char in _WIDE_QUOTES
    )


def _narrow(char: str) -> bool:
    return char.isascii() and char.isalnum()


def joined(items: Iterable[object], code: bool = False, lang: str | None = None) -> str:
    """Names listed the language's way: joined with 、 in Chinese, with commas in English.
    `code` marks each as code (backticks) in Chinese, where a bare Latin word would read as
    text left untranslated. `lang` names the language where it is not the command's."""
    if (lang or _current) != "zh":
        return ", ".join(str(item) for item in items)
    return "、".join(f"`{item}`" if code else str(item) for item in items)


def locale_language(environ: dict[str, str] | None = None) -> str:
    """Outside a workspace: Chinese where the locale says so, English otherwise."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def chosen_language() -> str:
    """The command's language once it is chosen; before that (a failure while the command line
    is still read), the locale's."""
    return _current if _chosen else locale_language()


def declared_language(config: bytes) -> str | None:
    """The `language:` line of ssvssj.yaml read without a YAML parser, so that even the first
    message of a command (before the workspace loads) is in the workspace's language."""
    found = _DECLARED.search(config)
    return found.group(1).decode() if found else None


def os_reason(error: OSError) -> str:
    """Why the system refused a file, in the current language (the system's own text is in the
    system's language, often English)."""
    import errno

    reasons = {
        errno.ENOENT: ("no such file or folder", "没有这个文件或文件夹"),
        errno.EACCES: ("permission denied", "没有权限"),
        errno.EPERM: ("not permitted", "不允许这样操作"),
        errno.EISDIR: ("it is a folder", "这是一个文件夹"),
        errno.ENOTDIR: ("a part of the path is not a folder", "路径中有一部分不是文件夹"),
        errno.ENOSPC: ("the disk is full", "磁盘已满"),
        errno.EROFS: ("the file system is read-only", "文件系统只读"),
        errno.EEXIST: ("it exists already", "已经存在"),
        errno.ELOOP: ("too many levels of symbolic links", "链接层数过多"),
        errno.ENAMETOOLONG: ("the name is too long", "名称太长"),
        errno.ENOTEMPTY: ("the folder is not empty", "文件夹不是空的"),
        errno.EBUSY: ("it is in use", "正在被占用"),
        errno.ETXTBSY: ("it is in use", "正在被占用"),
        errno.EXDEV: ("it is on another disk", "位于另一个磁盘上"),
        errno.EMFILE: ("too many open files", "打开的文件太多"),
        errno.ENFILE: ("too many open files", "打开的文件太多"),
        errno.EIO: ("the disk could not be read or written", "磁盘读写出错"),
        errno.EDQUOT: ("the disk quota is used up", "磁盘配额已用完"),
        errno.EFBIG: ("the file is too large", "文件太大"),
        errno.ENXIO: ("no such device", "没有这个设备"),
        errno.ENODEV: ("no such device", "没有这个设备"),
        errno.EINVAL: ("the name or request is not valid here", "名称或操作在这里无效"),
    }
    pair = reasons.get(error.errno or 0)
    if pair is not None:
        return pair[1] if _current == "zh" else pair[0]
    if _current != "zh":
        return error.strerror or str(error)
    code = errno.errorcode.get(error.errno or 0)
    return f"系统拒绝了这个操作（{code}）" if code else "系统拒绝了这个操作"

"""What the YAML parsers say, said again in the reader's language.

PyYAML (its pure-Python scanner, parser, composer, constructor and reader, and libyaml behind
its C loader) and ruamel.yaml describe a syntax error with a `problem` ("mapping values are not
allowed here") and often a `context` ("while scanning a simple key"), both in English. Their
texts are a finite set: each is matched here and worded in both languages, in terms a person
who edits a case file knows (quotes, indentation, colons), keeping the line and column. A text
no table knows is described generically, never shown raw in Chinese.
"""

from __future__ import annotations

import re
from typing import Any

from ssvssj.i18n import language, tr

# (pattern, English, Chinese): a pattern matches the whole text of PyYAML's or libyaml's
# problem; its named groups fill the fields.
PROBLEMS: list[tuple[str, str, str]] = [
    (
        r"mapping values are not allowed (?:here|in this context)",
        "a colon and a space start a value where none may start; if the colon belongs to the "
        "text, put the whole text in quotes",
        "此处不能出现“冒号 + 空格”；如果冒号是文字的一部分，请给整段文字加引号",
    ),
    (
        r"found character '\\t' that cannot start any token"
        r"|found a tab character (?:that violates indentation|where an indentation space is "
        r"expected)",
        "a tab where YAML expects spaces: indent with spaces only",
        "此处有 Tab 字符：YAML 只能用空格缩进",
    ),
    (
        r"found character (?P<char>.+) that cannot start any token",
        "a value cannot start with {char}; put the text in quotes",
        "值不能以 {char} 开头；请给这段文字加引号",
    ),
    (
        r"found character that cannot start any token",
        "a value cannot start with this character (a tab, @ or `); indent with spaces and put "
        "such text in quotes",
        "值不能以这个字符开头（Tab、@ 或 `）；缩进只能用空格，这样的文字请加引号",
    ),
    (
        r"found unexpected end of stream",
        "the file ends before what was opened here is closed (a quote or a bracket)",
        "文件在此处意外结束：有未闭合的引号或括号",
    ),
    (
        r"found unknown escape character(?: (?P<char>.+))?",
        "an unknown escape after a backslash in a double-quoted text; write a backslash as "
        "\\\\ or use single quotes",
        "双引号文字中反斜杠后的转义字符无法识别；反斜杠请写成 \\\\，或改用单引号",
    ),
    (
        r"expected escape sequence of \d+ hexa?decimal numbers, but found .*"
        r"|did not find expected hexdecimal number|found invalid Unicode character escape code",
        "an escape \\x, \\u or \\U lacks its hexadecimal digits",
        "转义 \\x、\\u 或 \\U 后面缺少十六进制数字",
    ),
    (
        r"could not find expected ':'",
        "a key is not followed by ':' (or a text runs over several lines without quotes)",
        "键后面缺少 `:`（或一段不带引号的文字跨了多行）",
    ),
    (
        r"did not find expected key|expected <block end>, but found .*"
        r"|invalid indentation or unclosed '\[' or '\{'",
        "this line is not indented like the lines around it",
        "这一行的缩进与上下文不一致",
    ),
    (
        r"did not find expected '-' indicator",
        "a list item here does not start with '- ' (check the indentation)",
        "此处应是以 `- ` 开头的列表项（请检查缩进）",
    ),
    (
        r"(?:block )?sequence entries are not allowed (?:here|in this context)",
        "a list item '- ' cannot start here (check the indentation)",
        "此处不能开始列表项 `- `（请检查缩进）",
    ),
    (
        r"mapping keys are not allowed (?:here|in this context)",
        "a key cannot start here (check the indentation)",
        "此处不能开始一个键（请检查缩进）",
    ),
    (
        r"did not find expected node content|expected the node content, but found .*"
        r"|expected the empty value, but found .*",
        "a value is missing here",
        "此处缺少值",
    ),
    (
        r"did not find expected ',' or '\]'|expected ',' or '\]', but got .*",
        "a list in [ ] is not closed, or lacks a comma between its items",
        "方括号 [ ] 中的列表没有闭合，或列表项之间缺少逗号",
    ),
    (
        r"did not find expected ',' or '\}'|expected ',' or '\}', but got .*",
        "a mapping in { } is not closed, or lacks a comma between its items",
        "花括号 { } 没有闭合，或其中各项之间缺少逗号",
    ),
    (
        r"found unexpected ':'",
        "a colon cannot stand here; put the text in quotes",
        "此处不能出现 `:`；请给这段文字加引号",
    ),
    (
        r"expected a comment or a line break, but found .*"
        r"|did not find expected comment or line break",
        "text goes on where the line should end (after a closing quote, or after | or >)",
        "此处应当换行，却还有文字（例如收尾的引号之后，或 | 、> 之后）",
    ),
    (
        r"did not find expected whitespace(?: or line break)?|expected ' ', but found .*",
        "a space is missing here",
        "此处缺少空格",
    ),
    (
        r"found unexpected document (?:indicator|separator)",
        "'---' or '...' cannot stand inside a value; put the text in quotes",
        "值中不能出现 `---` 或 `...`；请给这段文字加引号",
    ),
    (
        r"expected a single document in the stream|but found another document"
        r"|did not find expected <document start>|expected '<document start>', but found .*",
        "the file holds more than one YAML document (a second '---'); keep one",
        "文件中有不止一个 YAML 文档（第二个 `---`）；请只保留一个",
    ),
    (
        r"expected alphabetic or numeric character, but found .*"
        r"|did not find expected alphabetic or numeric character",
        "& or * must be followed by a name of letters or digits; put the text in quotes",
        "& 或 * 后面应是由字母或数字组成的名称；如果它们是文字，请加引号",
    ),
    (
        r"found undefined alias(?: .*)?|found duplicate anchor.*|found unconstructable "
        r"recursive node",
        "an anchor (&) or alias (*) that ssvssj files cannot use; put the text in quotes",
        "ssvssj 文件不能使用锚点（&）或别名（*）；如果它们是文字，请加引号",
    ),
    (
        r"expected chomping or indentation indicators, but found .*"
        r"|expected indentation indicator in the range 1-9, but found 0"
        r"|found an indentation indicator equal to 0",
        "what follows | or > of a multi-line text is not valid",
        "多行文字的 | 或 > 后面的标记无效",
    ),
    (
        r"could not determine a constructor for the tag (?P<tag>.+)"
        r"|found undefined tag handle(?: (?P<handle>.+))?|found non-specific tag .*"
        r"|expected URI.*|did not find expected tag URI|did not find URI escaped octet"
        r"|did not find expected '!'|expected '!', but found .*|expected '>', but found .*"
        r"|did not find the expected '>'|expected non-empty name appended to the tag",
        "a tag (a word after !) that ssvssj files cannot use; put the text in quotes",
        "ssvssj 文件不能使用标签（以 `!` 开头的词）；如果它是文字，请加引号",
    ),
    (
        r"found unknown directive name|did not find expected directive name"
        r"|found duplicate (?:%?YAML|%TAG) directive|duplicate tag handle .*"
        r"|found incompatible YAML document.*|did not find expected version number"
        r"|expected a digit.*|did not find expected digit.*|found extremely long version number"
        r"|found unexpected non-alphabetical character|did not find expected <stream-start>",
        "a line starting with % is read as a directive; put such text in quotes",
        "以 % 开头的行会被当作指令；这样的文字请加引号",
    ),
    (
        r"found duplicate (?:merge )?key.*",
        "a key appears twice in one mapping; keep one of them",
        "同一组键中有重复的键；请只保留一个",
    ),
    (
        r"found non-comment content after document end marker.*",
        "text after the end of the document ('...'); remove it",
        "文档结束标记（`...`）之后还有文字；请删除",
    ),
    (
        r"found unhashable key|a key must be a single value.*",
        "a key must be a single value, not a list or mapping",
        "键必须是单个值，不能是列表或映射",
    ),
    (
        r"expected a mapping(?: node)?(?:, but found (?P<found>\w+))?",
        "a mapping of keys is expected here",
        "此处应是由键组成的映射",
    ),
    (
        r"expected a (?:sequence|scalar) node, but found .*",
        "a value of another kind is expected here",
        "此处应是另一种类型的值",
    ),
    (
        r"(?:control|special) characters are not allowed|unacceptable character.*",
        "a control character is not allowed here; remove it",
        "此处不允许控制字符；请删除",
    ),
    (
        r"found (?:an )?incorrect (?:leading|trailing) UTF-8 octet|invalid (?:leading|trailing) "
        r"UTF-8 octet|incomplete UTF-8 octet sequence|invalid length of a UTF-8 sequence"
        r"|invalid Unicode character|incomplete UTF-16.*",
        "bytes that are not UTF-8 text",
        "有不是 UTF-8 文字的字节",
    ),
    (
        r"input is too long",
        "the file is too long for the YAML parser",
        "文件太长，YAML 解析器无法读取",
    ),
]

# What the parser was reading when it met the problem.
CONTEXTS: list[tuple[str, str, str]] = [
    (r"while scanning a simple key", "in a key", "读取键时"),
    (r"while scanning a plain scalar", "in a text without quotes", "读取不带引号的文字时"),
    (
        r"while (?:scanning|parsing) a (?:double-)?quoted scalar",
        "in a text in quotes",
        "读取带引号的文字时",
    ),
    (r"while scanning a block scalar", "in a multi-line text (| or >)", "读取多行文字（| 或 >）时"),
    (r"while scanning an? (?:anchor|alias)", "in an anchor or alias", "读取锚点或别名时"),
    (r"while (?:scanning|parsing) a tag", "in a tag", "读取标签时"),
    (
        r"while (?:scanning|parsing) a (?:%YAML |%TAG |tag )?directive",
        "in a directive (a line starting with %)",
        "读取指令（以 % 开头的行）时",
    ),
    (r"while scanning for the next token|expected a single document in the stream", "", ""),
    (
        r"while (?:parsing a block mapping|composing a mapping|constructing a mapping)",
        "in the keys that start here",
        "读取从这里开始的一组键时",
    ),
    (
        r"while parsing a block collection",
        "in the list or keys that start here",
        "读取从这里开始的列表或一组键时",
    ),
    (r"while parsing a flow mapping", "in the { } that starts here", "读取从这里开始的 { } 时"),
    (r"while parsing a flow sequence", "in the [ ] that starts here", "读取从这里开始的 [ ] 时"),
    (r"while parsing a (?:\w+ )?node", "in the value that starts here", "读取从这里开始的值时"),
    (
        r"while constructing (?:a set|an ordered map|pairs)",
        "in the value that starts here",
        "读取从这里开始的值时",
    ),
]

_PROBLEMS = [(re.compile(pattern), en, zh) for pattern, en, zh in PROBLEMS]
_CONTEXTS = [(re.compile(pattern), en, zh) for pattern, en, zh in CONTEXTS]


def _said(table: list[tuple[re.Pattern[str], str, str]], text: str) -> str | None:
    for pattern, en, zh in table:
        found = pattern.fullmatch(text.strip())
        if found is not None:
            fields = {key: value or "" for key, value in found.groupdict().items()}
            chosen = zh if language() == "zh" else en
            return chosen.format(**fields) if fields else chosen
    return None


def problem_text(problem: str | None) -> str:
    """A parser's problem in the reader's language; an unknown one in general words (and, for
    a reader of English, as the parser wrote it)."""
    said = _said(_PROBLEMS, problem or "")
    if said is not None:
        return said
    if language() == "en" and problem:
        return problem
    return tr("the text here is not valid YAML", "此处的写法不是有效的 YAML")


def context_text(context: str | None) -> str:
    """What the parser was reading, in the reader's language; "" where it says nothing useful
    (or nothing known)."""
    return _said(_CONTEXTS, context or "") or ""


def syntax_detail(error: Any) -> tuple[str, int | None]:
    """A marked YAML error of PyYAML or ruamel.yaml (`problem`, `problem_mark`, `context`,
    `context_mark`) as one sentence with its column, and the line it points to."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    detail = problem_text(getattr(error, "problem", None) or str(error))
    if mark is not None:
        detail = tr(
            "{detail} (column {column})",
            "{detail}（第 {column} 列）",
            detail=detail,
            column=mark.column + 1,
        )
    context = context_text(getattr(error, "context", None))
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        detail = tr(
            "{context}, from line {line}: {detail}",
            "{context}（从第 {line} 行开始）：{detail}",
            context=context,
            line=context_mark.line + 1,
            detail=detail,
        )
    elif context:
        detail = tr("{context}: {detail}", "{context}：{detail}", context=context, detail=detail)
    return detail, line

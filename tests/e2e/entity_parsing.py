"""Telegram's message formatting parsers: HTML, MarkdownV2 and legacy Markdown.

Telegram turns a marked-up ``text`` into plain text plus entities before it checks
length limits ("1-4096 characters after entities parsing"), and answers 400
"can't parse entities: ..." when the markup is malformed.  These parsers follow the
behaviour of TDLib's ``parse_html`` / ``parse_markdown_v2`` / ``parse_markdown``
closely enough to catch what the real server rejects, with one deliberate
difference: HTML with an ``&`` that does not start one of the documented entities
is rejected here, because the Bot API documentation requires it to be escaped even
though the server currently tolerates it.

Offsets and lengths of entities are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PARSE_MODES",
    "EntityParseError",
    "ParsedText",
    "parse_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_len",
]

PARSE_MODES = ("HTML", "MarkdownV2", "Markdown")


class EntityParseError(ValueError):
    """Raised for markup Telegram would answer with "can't parse entities"."""


@dataclass
class ParsedText:
    """Plain text and Bot API entities produced from marked-up text."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts characters in."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Accumulates output text and entities while tracking the UTF-16 offset."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[dict[str, Any]] = []

    def emit(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.offset += utf16_len(chunk)

    def add_entity(self, type_: str, start: int, **extra: Any) -> None:
        # Telegram drops entities that cover no text.
        if self.offset > start:
            self.entities.append(
                {"type": type_, "offset": start, "length": self.offset - start, **extra}
            )

    def result(self) -> ParsedText:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.parts), self.entities)


# --------------------------------------------------------------------------- HTML

_HTML_TAG_TYPES = {
    "a": "text_link",
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
# "All numerical HTML entities are supported. The API currently supports only the
# following named HTML entities: &lt;, &gt;, &amp; and &quot;."
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|amp|quot));")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _decode_html_entity(text: str, index: int) -> tuple[str, int] | None:
    match = _HTML_ENTITY.match(text, index)
    if not match:
        return None
    decimal, hexadecimal, named = match.groups()
    if named:
        return _NAMED_ENTITIES[named], match.end()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


@dataclass
class _OpenTag:
    name: str
    start: int
    byte_offset: int
    argument: str = ""


def _parse_html_attributes(text: str, i: int, tag: _OpenTag) -> int:
    """Parse attributes up to and including '>'; return the index after it."""
    n = len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {tag.byte_offset}")
        if text[i] == ">":
            return i + 1
        name_start = i
        while i < n and not text[i].isspace() and text[i] not in "=>":
            i += 1
        name = text[name_start:i].lower()
        if not name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag.name}" at byte offset {tag.byte_offset}'
            )
        while i < n and text[i].isspace():
            i += 1
        if i >= n or text[i] != "=":
            if tag.name == "blockquote" and name == "expandable":
                tag.argument = "expandable"
                continue
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag.name}" '
                f"at byte offset {tag.byte_offset}"
            )
        i += 1
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {tag.byte_offset}")
        if text[i] in "'\"":
            quote = text[i]
            i += 1
            chars: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "&":
                    decoded = _decode_html_entity(text, i)
                    if decoded:
                        chars.append(decoded[0])
                        i = decoded[1]
                        continue
                chars.append(text[i])
                i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {tag.byte_offset}")
            i += 1
            value = "".join(chars)
        else:
            # An unquoted name token: letters, digits, periods and hyphens.
            value_start = i
            while i < n and (text[i].isalnum() or text[i] in ".-"):
                i += 1
            value = text[value_start:i].lower()
            if i < n and not text[i].isspace() and text[i] != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {_byte_offset(text, i)}"
                )
        if tag.name == "a" and name == "href":
            tag.argument = value
        elif tag.name == "code" and name == "class" and value.startswith("language-"):
            tag.argument = value.removeprefix("language-")
        elif tag.name == "span" and name == "class" and value.startswith("tg-"):
            tag.argument = value.removeprefix("tg-")
        elif tag.name == "tg-emoji" and name == "emoji-id":
            tag.argument = value


def parse_html(text: str) -> ParsedText:
    """Parse Telegram HTML; raise EntityParseError where Telegram would answer 400."""
    out = _Builder()
    stack: list[_OpenTag] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded = _decode_html_entity(text, i)
            if decoded is None:
                raise EntityParseError(
                    f"Unescaped '&' at byte offset {_byte_offset(text, i)}; "
                    "write &amp; (only &lt; &gt; &amp; &quot; and numeric entities exist)"
                )
            out.emit(decoded[0])
            i = decoded[1]
            continue
        if char != "<":
            out.emit(char)
            i += 1
            continue

        byte_offset = _byte_offset(text, i)
        if i + 1 < n and text[i + 1] == "/":
            close = text.find(">", i + 2)
            if close == -1:
                raise EntityParseError(f"Unclosed end tag at byte offset {byte_offset}")
            name = text[i + 2 : close].strip().lower()
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {byte_offset}")
            tag = stack[-1]
            if name and name != tag.name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {byte_offset}, expected "</{tag.name}>", '
                    f'found "</{name}>"'
                )
            stack.pop()
            _close_html_tag(out, tag, stack)
            i = close + 1
            continue

        name_end = i + 1
        while name_end < n and not text[name_end].isspace() and text[name_end] != ">":
            name_end += 1
        if name_end >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset}")
        name = text[i + 1 : name_end].lower()
        if name not in _HTML_TAG_TYPES:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
        tag = _OpenTag(name=name, start=out.offset, byte_offset=byte_offset)
        i = _parse_html_attributes(text, name_end, tag)
        if name == "span" and tag.argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}'
            )
        if name == "tg-emoji" and not tag.argument.isdigit():
            raise EntityParseError(
                f'Tag "tg-emoji" must have a numeric "emoji-id" attribute at byte offset '
                f"{byte_offset}"
            )
        stack.append(tag)

    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return out.result()


def _close_html_tag(out: _Builder, tag: _OpenTag, stack: list[_OpenTag]) -> None:
    type_ = _HTML_TAG_TYPES[tag.name]
    if tag.name == "a":
        if tag.argument:
            out.add_entity("text_link", tag.start, url=tag.argument)
    elif tag.name == "code" and tag.argument and stack and stack[-1].name == "pre":
        # <pre><code class="language-x"> is one pre entity with a language.
        stack[-1].argument = tag.argument
    elif tag.name == "pre" and tag.argument:
        out.add_entity("pre", tag.start, language=tag.argument)
    elif tag.name == "blockquote" and tag.argument == "expandable":
        out.add_entity("expandable_blockquote", tag.start)
    elif tag.name == "tg-emoji":
        out.add_entity("custom_emoji", tag.start, custom_emoji_id=tag.argument)
    else:
        out.add_entity(type_, tag.start)


# ---------------------------------------------------------------------- MarkdownV2

_V2_RESERVED = "_*[]()~`>#+-=|{}.!"


@dataclass
class _OpenV2:
    type: str
    start: int
    byte_offset: int
    text_start: int
    argument: str = ""


def _reserved_error(char: str) -> EntityParseError:
    return EntityParseError(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


def _v2_closes(entity: _OpenV2, text: str, i: int) -> bool:
    char = text[i]
    nxt = text[i + 1 : i + 2]
    if entity.type == "bold":
        return char == "*"
    if entity.type == "italic":
        return char == "_" and nxt != "_"
    if entity.type == "underline":
        return char == "_" and nxt == "_"
    if entity.type == "code":
        return char == "`"
    if entity.type == "pre":
        return text.startswith("```", i)
    if entity.type in {"text_link", "custom_emoji"}:
        return char == "]"
    if entity.type == "strikethrough":
        return char == "~"
    if entity.type == "spoiler":
        return text.startswith("||", i)
    return False


def parse_markdown_v2(text: str) -> ParsedText:
    """Parse MarkdownV2; raise EntityParseError where Telegram would answer 400."""
    out = _Builder()
    stack: list[_OpenV2] = []
    blockquote_start: int | None = None
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.emit(text[i + 1])
            i += 2
            continue

        at_line_start = i == 0 or text[i - 1] == "\n"
        in_code = bool(stack) and stack[-1].type in {"code", "pre"}
        # Block quotations are line prefixes: ">" or "**>" (expandable).
        if at_line_start and not in_code and (char == ">" or text.startswith("**>", i)):
            if blockquote_start is None:
                blockquote_start = out.offset
            i += 3 if char == "*" else 1
            continue
        if char == "\n" and blockquote_start is not None and not text.startswith(">", i + 1):
            out.add_entity("blockquote", blockquote_start)
            blockquote_start = None
        if (
            blockquote_start is not None
            and text.startswith("||", i)
            and (i + 2 == n or text[i + 2] == "\n")
            and not (stack and stack[-1].type == "spoiler")
        ):
            # "||" at the end of a quoted line marks an expandable quotation.
            i += 2
            continue

        reserved = "`" if in_code else _V2_RESERVED
        if char not in reserved:
            out.emit(char)
            i += 1
            continue

        if stack and _v2_closes(stack[-1], text, i):
            entity = stack.pop()
            i = _close_v2_entity(out, entity, text, i)
            continue

        byte_offset = _byte_offset(text, i)
        argument = ""
        if char == "_":
            type_ = "underline" if text.startswith("__", i) else "italic"
            i += 2 if type_ == "underline" else 1
        elif char == "*":
            type_, i = "bold", i + 1
        elif char == "~":
            type_, i = "strikethrough", i + 1
        elif char == "|":
            if not text.startswith("||", i):
                raise _reserved_error(char)
            type_, i = "spoiler", i + 2
        elif char == "[":
            type_, i = "text_link", i + 1
        elif char == "!":
            if not text.startswith("![", i):
                raise _reserved_error(char)
            type_, i = "custom_emoji", i + 2
        elif char == "`":
            if text.startswith("```", i):
                type_, i = "pre", i + 3
                language_end = i
                while (
                    language_end < n
                    and not text[language_end].isspace()
                    and text[language_end] != "`"
                ):
                    language_end += 1
                if language_end != i and language_end < n and text[language_end] != "`":
                    argument, i = text[i:language_end], language_end
                if text.startswith(("\r\n", "\n\r"), i):
                    i += 2
                elif text[i : i + 1] in {"\n", "\r"}:
                    i += 1
            else:
                type_, i = "code", i + 1
        else:
            raise _reserved_error(char)
        stack.append(_OpenV2(type_, out.offset, byte_offset, len(out.parts), argument))

    if stack:
        entity = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_V2_NAMES[entity.type]} entity at byte offset {entity.byte_offset}"
        )
    if blockquote_start is not None:
        out.add_entity("blockquote", blockquote_start)
    return out.result()


_V2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _close_v2_entity(out: _Builder, entity: _OpenV2, text: str, i: int) -> int:
    """Emit the entity that ends at text[i]; return the index after its end marker."""
    if entity.type in {"underline", "spoiler"}:
        end = i + 2
    elif entity.type == "pre":
        end = i + 3
    else:
        end = i + 1
    extra: dict[str, Any] = {}
    if entity.type in {"text_link", "custom_emoji"}:
        if text[end : end + 1] == "(":
            url_start = end + 1
            j = url_start
            url: list[str] = []
            while j < len(text) and text[j] != ")":
                if text[j] == "\\" and j + 1 < len(text) and 0 < ord(text[j + 1]) <= 126:
                    url.append(text[j + 1])
                    j += 2
                    continue
                url.append(text[j])
                j += 1
            if j >= len(text):
                raise EntityParseError(
                    f"Can't find end of a URL at byte offset {_byte_offset(text, url_start)}"
                )
            target, end = "".join(url), j + 1
        else:
            target = "".join(out.parts[entity.text_start :])
        if entity.type == "custom_emoji":
            extra["custom_emoji_id"] = target.removeprefix("tg://emoji?id=")
        else:
            extra["url"] = target
    if entity.type == "pre" and entity.argument:
        extra["language"] = entity.argument
    out.add_entity(entity.type, entity.start, **extra)
    return end


# ------------------------------------------------------------------------ Markdown

_LEGACY_TYPES = {"*": "bold", "_": "italic", "`": "code", "[": "text_link"}


def parse_markdown(text: str) -> ParsedText:
    """Parse legacy Markdown; raise EntityParseError for an unterminated entity."""
    out = _Builder()
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and text[i + 1 : i + 2] in {"_", "*", "`", "["}:
            out.emit(text[i + 1])
            i += 2
            continue
        if char not in _LEGACY_TYPES:
            out.emit(char)
            i += 1
            continue

        begin = i
        end_char = "]" if char == "[" else char
        is_pre = text.startswith("```", i)
        i += 3 if is_pre else 1
        language = ""
        if is_pre:
            language_end = i
            while (
                language_end < n and not text[language_end].isspace() and text[language_end] != "`"
            ):
                language_end += 1
            if language_end != i and language_end < n and text[language_end] != "`":
                language, i = text[i:language_end], language_end
            if text[i : i + 1] in {"\n", "\r"}:
                i += 1
        start = out.offset
        content_start = i
        while i < n and not (text.startswith("```", i) if is_pre else text[i] == end_char):
            out.emit(text[i])
            i += 1
        if i >= n:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        content_end = i
        i += 3 if is_pre else 1
        if is_pre:
            out.add_entity("pre", start, **({"language": language} if language else {}))
        elif char == "[":
            url = text[content_start:content_end]
            if text[i : i + 1] == "(":
                close = text.find(")", i + 1)
                close = n if close == -1 else close
                url, i = text[i + 1 : close], close + 1
            out.add_entity("text_link", start, url=url)
        else:
            out.add_entity(_LEGACY_TYPES[char], start)
    return out.result()


def parse_entities(text: str, parse_mode: str) -> ParsedText:
    """Parse ``text`` with a Bot API parse_mode (HTML, MarkdownV2 or Markdown)."""
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise EntityParseError(f"Unsupported parse mode {parse_mode!r}")

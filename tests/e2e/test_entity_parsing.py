"""Unit tests of the formatting parsers the validator relies on."""

from __future__ import annotations

import pytest

from .entity_parsing import (
    EntityParseError,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    utf16_len,
)


def test_utf16_length_counts_surrogate_pairs() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("å") == 1
    assert utf16_len("😀") == 2


def test_html_entities_and_offsets_are_in_utf16_units() -> None:
    parsed = parse_html('😀 <b>bold</b> <a href="https://x.org/?a=1&amp;b=2">link</a> &lt;3')

    assert parsed.text == "😀 bold link <3"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://x.org/?a=1&b=2"},
    ]


def test_html_pre_with_language_and_expandable_quote() -> None:
    parsed = parse_html(
        '<pre><code class="language-python">x = 1</code></pre>'
        "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>"
    )

    assert [entity["type"] for entity in parsed.entities] == [
        "pre",
        "expandable_blockquote",
        "spoiler",
    ]
    assert parsed.entities[0]["language"] == "python"


@pytest.mark.parametrize(
    "text",
    [
        "<br>",
        "a<b",
        "<b>x</i>",
        "</b>",
        "<b>x",
        "&copy;",
        "&",
        '<a href="x>y</a>',
        "<tg-emoji>x</tg-emoji>",
    ],
)
def test_html_rejects_what_telegram_rejects(text: str) -> None:
    with pytest.raises(EntityParseError):
        parse_html(text)


def test_markdown_v2_escapes_and_entities() -> None:
    parsed = parse_markdown_v2(r"*bold* _it_ __under__ ||spoiler|| [link](https://x.org/a\)b) 1\.5")

    assert parsed.text == "bold it under spoiler link 1.5"
    assert [entity["type"] for entity in parsed.entities] == [
        "bold",
        "italic",
        "underline",
        "spoiler",
        "text_link",
    ]
    assert parsed.entities[-1]["url"] == "https://x.org/a)b"


@pytest.mark.parametrize("text", ["1.5", "a-b", "(x)", "*open", "_open", "[x](y", "x!"])
def test_markdown_v2_rejects_unescaped_reserved_characters(text: str) -> None:
    with pytest.raises(EntityParseError):
        parse_markdown_v2(text)


def test_markdown_v2_code_only_reserves_backticks() -> None:
    assert parse_markdown_v2("`a.b-c`").text == "a.b-c"


def test_legacy_markdown() -> None:
    parsed = parse_markdown("*b* _i_ `c` [t](https://x.org) 1.5 (ok)")

    assert parsed.text == "b i c t 1.5 (ok)"
    with pytest.raises(EntityParseError):
        parse_markdown("snake_case")

"""Tests of the spec-to-facts extraction."""

from __future__ import annotations

import json

import pytest

from .bot_api_spec import FACTS_PATH
from .extract_bot_api_facts import DEFAULT_SPEC, dump_facts, extract_facts


def field(name: str, types: list[str], description: str, required: bool = False) -> dict:
    return {"name": name, "types": types, "required": required, "description": description}


def test_limits_and_rules_are_parsed_from_descriptions() -> None:
    spec = {
        "version": "Bot API test",
        "methods": {
            "sendThing": {
                "returns": ["Message"],
                "fields": [
                    field(
                        "text", ["String"], "Text, 1-4096 characters after entities parsing", True
                    ),
                    field("parse_mode", ["String"], "Mode for parsing entities"),
                    field(
                        "ids", ["Array of Integer"], "A JSON-serialized list of 1-100 identifiers"
                    ),
                    field(
                        "limit", ["Integer"], "Values between 1-100 are accepted. Defaults to 100."
                    ),
                    field("codes", ["Array of String"], "ISO 3166-1 alpha-2 country codes"),
                ],
            }
        },
        "types": {
            "Button": {
                "description": [
                    "Exactly one of the fields other than text and style must be used."
                ],
                "fields": [
                    field("text", ["String"], "Label", True),
                    field("style", ["String"], 'Optional. Must be one of "a" or "b".'),
                    field("data", ["String"], "Optional. Data, 1-64 bytes"),
                    field("url", ["String"], "Optional. URL"),
                ],
            },
            "Scope": {"description": ["One of"], "subtypes": ["ScopeChat"]},
            "ScopeChat": {
                "description": [],
                "fields": [field("type", ["String"], "Scope type, must be chat", True)],
            },
        },
    }

    facts = extract_facts(spec)
    method = facts["methods"]["sendThing"]["fields"]
    button = facts["types"]["Button"]

    assert method["text"]["limit"] == {
        "min": 1,
        "max": 4096,
        "unit": "characters",
        "after_entities_parsing": True,
    }
    assert method["text"]["parse_mode_field"] == "parse_mode"
    assert method["ids"]["limit"] == {"min": 1, "max": 100, "unit": "items"}
    assert method["limit"]["limit"] == {"min": 1, "max": 100, "unit": "value"}
    assert "limit" not in method["codes"]
    assert button["exactly_one_of"] == ["data", "url"]
    assert button["fields"]["data"]["limit"] == {"min": 1, "max": 64, "unit": "bytes"}
    assert button["fields"]["style"]["enum"] == ["a", "b"]
    assert facts["types"]["ScopeChat"]["fields"]["type"]["const"] == "chat"
    assert "description" not in json.dumps(facts)


def test_committed_facts_match_the_shared_spec() -> None:
    if not DEFAULT_SPEC.exists():
        pytest.skip(f"{DEFAULT_SPEC} is not available")
    spec = json.loads(DEFAULT_SPEC.read_text(encoding="utf-8"))
    expected = dump_facts(extract_facts(spec))
    assert FACTS_PATH.read_text(encoding="utf-8") == expected, (
        "bot_api_facts.json is stale: run python tests/e2e/extract_bot_api_facts.py"
    )

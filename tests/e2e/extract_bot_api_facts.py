"""Extract the Bot API facts the end-to-end tests need from a machine-readable spec.

The spec (``../shared/telegram-bot-api/api.json``, derived from the MIT-licensed
PaulSonOfLars/telegram-bot-api-spec) may not be copied into the project, so this
script keeps only facts: method and type names, field names, field types, the
required flag and the limits Telegram states in prose ("1-4096 characters after
entities parsing", "1-64 bytes", ...).  Descriptions are dropped.

Usage::

    python tests/e2e/extract_bot_api_facts.py [path/to/api.json] [-o output.json]

The output is ``tests/e2e/bot_api_facts.json``: sorted keys, one method or type per
line, so regenerating it after a spec update yields a readable diff.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["extract_facts", "main", "parse_field", "parse_type_constraints"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "telegram-bot-api" / "api.json"
DEFAULT_OUTPUT = Path(__file__).resolve().with_name("bot_api_facts.json")


# "1-4096 characters", "0-1024 characters after entities parsing", "1-64 Bytes".
_STRING_RANGE = re.compile(r"\b(\d+)-(\d+) (characters|bytes)\b", re.IGNORECASE)
_STRING_MAX = re.compile(r"\b(?:up to|can't exceed) (\d+) (characters|bytes)\b", re.IGNORECASE)
_AFTER_PARSING = re.compile(r"^[^.;]*?after entit(?:y|ies) parsing", re.IGNORECASE)
_LINE_FEEDS = re.compile(r"at most (\d+) line feeds", re.IGNORECASE)
# "1-100 identifiers", "must include 2-10 items"; a range followed by a unit of
# text would be a string limit and is handled above.
_ITEMS_RANGE = re.compile(r"(?<!ISO )\b(\d+)-(\d+) (?!characters|bytes)\w", re.IGNORECASE)
_ITEMS_MAX = re.compile(
    r"\b(?:up to (\d+) (?:items|identifiers)|At most (\d+) [\w ]+? can be specified)",
    re.IGNORECASE,
)
# "Values between 1-100 are accepted", "0-1500"; "0 - 7 * 24 * 60" is an
# expression, not a range we could check, hence no spaces and no trailing "*".
_NUMBER_RANGE = re.compile(r"(?<![\d.x])(\d+)-(\d+)(?![\d.])(?!\s*\*)")
# Discriminators of union members: "Scope type, must be chat", 'always "member"'.
_CONST = re.compile(r"(?:must be|always)\s+[“\"]?([A-Za-z0-9_]+)[”\"]?\s*$")
_ENUM = re.compile(r"must be one of (.*?)(?:\.\s|\.$|$)", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_REQUIRED_UNLESS = re.compile(
    r"required if ([a-z_]+(?: and [a-z_]+)*) (?:is not|are not|isn't|aren't) specified",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\b(exactly|at most) one of the (?:fields other than ([\w ,]+?)|(optional fields)"
    r"|fields ([\w ]+?))(?: must| can|\.)",
    re.IGNORECASE,
)
_LOWERCASE_COMMAND = "Can contain only lowercase English letters, digits and underscores"


def _is_array(types: list[str]) -> bool:
    return bool(types) and all(t.startswith("Array of ") for t in types)


def _string_limit(description: str) -> dict[str, Any] | None:
    match = _STRING_RANGE.search(description)
    if match:
        limit: dict[str, Any] = {
            "min": int(match.group(1)),
            "max": int(match.group(2)),
            "unit": match.group(3).lower(),
        }
    else:
        match = _STRING_MAX.search(description)
        if not match:
            return None
        limit = {"min": 0, "max": int(match.group(1)), "unit": match.group(2).lower()}
    # Only the clause holding the range tells whether it is counted after parsing.
    if _AFTER_PARSING.search(description[match.end() :]):
        limit["after_entities_parsing"] = True
    line_feeds = _LINE_FEEDS.search(description)
    if line_feeds:
        limit["max_line_feeds"] = int(line_feeds.group(1))
    return limit


def _items_limit(description: str) -> dict[str, Any] | None:
    match = _ITEMS_RANGE.search(description)
    if match:
        return {"min": int(match.group(1)), "max": int(match.group(2)), "unit": "items"}
    match = _ITEMS_MAX.search(description)
    if match:
        return {"min": 0, "max": int(match.group(1) or match.group(2)), "unit": "items"}
    return None


def _number_limit(description: str) -> dict[str, Any] | None:
    matches = list(_NUMBER_RANGE.finditer(description))
    # Several ranges mean conditional ones ("1-6 for dice, 1-64 for slots").
    if len(matches) != 1:
        return None
    match = matches[0]
    return {"min": int(match.group(1)), "max": int(match.group(2)), "unit": "value"}


def parse_field(field: dict[str, Any], sibling_names: set[str]) -> dict[str, Any]:
    """Return the facts about one field: types, required flag and parsed constraints."""
    name: str = field["name"]
    types: list[str] = list(field["types"])
    description: str = field.get("description", "")
    facts: dict[str, Any] = {"types": types, "required": bool(field["required"])}

    limit: dict[str, Any] | None = None
    if _is_array(types):
        limit = _items_limit(description)
    elif "String" in types:
        limit = _string_limit(description)
    elif types and set(types) <= {"Integer", "Float"}:
        limit = _number_limit(description)
    if limit:
        facts["limit"] = limit

    if types == ["String"]:
        const = _CONST.search(description)
        if const and "one of" not in description:
            facts["const"] = const.group(1)
        enum = _ENUM.search(description)
        if enum:
            values = _QUOTED.findall(enum.group(1))
            if values:
                facts["enum"] = values
        if _LOWERCASE_COMMAND in description:
            facts["pattern"] = "^[a-z0-9_]+$"
        if "two-letter ISO 639-1 language code" in description:
            # Setters document "If empty, ...", getters "or an empty string".
            facts["pattern"] = "^([a-z]{2})?$" if "empty" in description else "^[a-z]{2}$"

        # Which sibling selects the markup of this text, and which sibling carries
        # explicit entities instead ("text" + "parse_mode", "caption" +
        # "parse_mode", "explanation" + "explanation_parse_mode", ...).
        if f"{name}_parse_mode" in sibling_names:
            facts["parse_mode_field"] = f"{name}_parse_mode"
        elif name in {"text", "caption", "message_text"} and "parse_mode" in sibling_names:
            facts["parse_mode_field"] = "parse_mode"
        if f"{name}_entities" in sibling_names:
            facts["entities_field"] = f"{name}_entities"
        elif name in {"text", "message_text"} and "entities" in sibling_names:
            facts["entities_field"] = "entities"

    unless = _REQUIRED_UNLESS.search(description)
    if unless and not facts["required"]:
        others = [n for n in re.findall(r"[a-z_]+", unless.group(1)) if n in sibling_names]
        others = [n for n in others if n != "and"]
        if others:
            facts["required_unless"] = others
    return facts


def parse_type_constraints(description: str, fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Return object-level constraints stated in a type's description."""
    facts: dict[str, Any] = {}
    match = _GROUP.search(description)
    if match:
        kind, other_than, optional, named = match.groups()
        if other_than:
            excluded = {n for n in re.split(r"[ ,]+", other_than) if n and n != "and"}
            group = [n for n in fields if n not in excluded]
        elif optional:
            group = [n for n, f in fields.items() if not f["required"]]
        else:
            group = [n for n in re.split(r"[ ,]+", named) if n in fields]
        key = "exactly_one_of" if kind.lower() == "exactly" else "at_most_one_of"
        facts[key] = sorted(group)
    if "String can be used instead of this object" in description:
        facts["string_allowed"] = True
    return facts


def _fields(raw_fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    names = {f["name"] for f in raw_fields}
    return {f["name"]: parse_field(f, names) for f in raw_fields}


def extract_facts(spec: dict[str, Any]) -> dict[str, Any]:
    """Reduce the full spec to the facts used by the fake Bot API server."""
    methods: dict[str, Any] = {}
    for name, method in spec["methods"].items():
        methods[name] = {
            "fields": _fields(method.get("fields", [])),
            "returns": list(method.get("returns", [])),
        }

    types: dict[str, Any] = {}
    for name, type_ in spec["types"].items():
        entry: dict[str, Any] = {}
        if "fields" in type_:
            entry["fields"] = _fields(type_["fields"])
        if type_.get("subtypes"):
            entry["subtypes"] = list(type_["subtypes"])
        entry.update(
            parse_type_constraints(" ".join(type_.get("description", [])), entry.get("fields", {}))
        )
        types[name] = entry

    return {
        "_note": (
            "Facts extracted from telegram-bot-api-spec api.json (MIT, Paul Larsen) by "
            "tests/e2e/extract_bot_api_facts.py; regenerate instead of editing."
        ),
        "methods": methods,
        "types": types,
        "version": spec.get("version", "unknown"),
    }


def dump_facts(facts: dict[str, Any]) -> str:
    """Serialise with sorted keys and one method or type per line."""

    def compact(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    lines = ["{"]
    top_keys = sorted(facts)
    for index, key in enumerate(top_keys):
        value = facts[key]
        comma = "," if index < len(top_keys) - 1 else ""
        if key in {"methods", "types"}:
            lines.append(f"{compact(key)}: {{")
            names = sorted(value)
            for position, name in enumerate(names):
                inner_comma = "," if position < len(names) - 1 else ""
                lines.append(f"{compact(name)}: {compact(value[name])}{inner_comma}")
            lines.append("}" + comma)
        else:
            lines.append(f"{compact(key)}: {compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC, help="api.json")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    facts = extract_facts(spec)
    args.output.write_text(dump_facts(facts), encoding="utf-8")
    print(
        f"wrote {args.output}: {len(facts['methods'])} methods, {len(facts['types'])} types "
        f"({facts['version']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

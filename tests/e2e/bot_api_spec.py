"""Typed access to ``bot_api_facts.json`` (written by extract_bot_api_facts.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["FACTS_PATH", "BotApiSpec", "FieldSpec", "Limit", "ObjectSpec", "load_spec"]

FACTS_PATH = Path(__file__).resolve().with_name("bot_api_facts.json")


@dataclass(frozen=True)
class Limit:
    """A documented bound: characters, bytes, array items or a numeric value."""

    min: int
    max: int
    unit: str
    after_entities_parsing: bool = False
    max_line_feeds: int | None = None

    def describe(self) -> str:
        unit = "" if self.unit == "value" else f" {self.unit}"
        return f"{self.min}-{self.max}{unit}"


@dataclass(frozen=True)
class FieldSpec:
    """One parameter of a method or one field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool
    limit: Limit | None = None
    const: str | None = None
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    parse_mode_field: str | None = None
    entities_field: str | None = None
    required_unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectSpec:
    """A method's parameter list or a type's field list, plus object-level rules."""

    name: str
    fields: dict[str, FieldSpec]
    subtypes: tuple[str, ...] = ()
    exactly_one_of: tuple[str, ...] = ()
    at_most_one_of: tuple[str, ...] = ()
    string_allowed: bool = False
    returns: tuple[str, ...] = ()


def _field(name: str, raw: dict[str, Any]) -> FieldSpec:
    limit = raw.get("limit")
    return FieldSpec(
        name=name,
        types=tuple(raw["types"]),
        required=raw["required"],
        limit=Limit(**limit) if limit else None,
        const=raw.get("const"),
        enum=tuple(raw.get("enum", ())),
        pattern=raw.get("pattern"),
        parse_mode_field=raw.get("parse_mode_field"),
        entities_field=raw.get("entities_field"),
        required_unless=tuple(raw.get("required_unless", ())),
    )


def _object(name: str, raw: dict[str, Any]) -> ObjectSpec:
    return ObjectSpec(
        name=name,
        fields={key: _field(key, value) for key, value in raw.get("fields", {}).items()},
        subtypes=tuple(raw.get("subtypes", ())),
        exactly_one_of=tuple(raw.get("exactly_one_of", ())),
        at_most_one_of=tuple(raw.get("at_most_one_of", ())),
        string_allowed=raw.get("string_allowed", False),
        returns=tuple(raw.get("returns", ())),
    )


class BotApiSpec:
    """Methods and types of one Bot API version."""

    def __init__(self, facts: dict[str, Any]) -> None:
        self.version: str = facts["version"]
        self.methods = {name: _object(name, raw) for name, raw in facts["methods"].items()}
        self.types = {name: _object(name, raw) for name, raw in facts["types"].items()}
        # Telegram matches method names case-insensitively.
        self._methods_lower = {name.lower(): spec for name, spec in self.methods.items()}

    def method(self, name: str) -> ObjectSpec | None:
        return self._methods_lower.get(name.lower())

    def type(self, name: str) -> ObjectSpec | None:
        return self.types.get(name)

    def leaf_subtypes(self, name: str) -> list[ObjectSpec]:
        """Concrete members of a union type such as MenuButton or BotCommandScope."""
        spec = self.types[name]
        if not spec.subtypes:
            return [spec]
        leaves: list[ObjectSpec] = []
        for subtype in spec.subtypes:
            leaves.extend(self.leaf_subtypes(subtype))
        return leaves


@cache
def load_spec(path: Path = FACTS_PATH) -> BotApiSpec:
    return BotApiSpec(json.loads(path.read_text(encoding="utf-8")))

"""Check Bot API requests and objects against the facts in ``bot_api_facts.json``.

Every problem becomes a readable violation string that starts with the path of the
offending value, e.g. ``sendMessage.reply_markup.inline_keyboard[0][1].callback_data:
66 bytes (UTF-8), allowed 1-64 bytes``.

Top-level request parameters arrive as strings (form-encoded or multipart, complex
values JSON-serialised) or as native JSON values; nested values are native JSON and
are type-checked strictly.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .bot_api_spec import BotApiSpec, FieldSpec, ObjectSpec, load_spec
from .entity_parsing import PARSE_MODES, EntityParseError, parse_entities, utf16_len

__all__ = ["UploadedFile", "ValidationResult", "Validator"]

_ATTACH = re.compile(r"attach://([A-Za-z0-9_\-.]+)")
_INTEGER = re.compile(r"-?\d+")
_NO_MATCH = object()


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)


@dataclass
class ValidationResult:
    """Outcome of checking one request."""

    method: str
    known_method: bool
    params: dict[str, Any]
    violations: list[str]


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _loose_decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in {"[", "{"}:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _attach_refs(value: Any) -> set[str]:
    if isinstance(value, str):
        return set(_ATTACH.findall(value))
    if isinstance(value, Mapping):
        return set().union(*(_attach_refs(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_attach_refs(v) for v in value)) if value else set()
    return set()


class Validator:
    """Validates requests against one Bot API spec."""

    def __init__(self, spec: BotApiSpec | None = None) -> None:
        self.spec = spec or load_spec()

    # ------------------------------------------------------------------ requests

    def validate_request(
        self,
        method: str,
        fields: Mapping[str, Any],
        files: Mapping[str, UploadedFile] | None = None,
    ) -> ValidationResult:
        """Check one call: ``fields`` are the non-file parameters, ``files`` the uploads."""
        files = files or {}
        spec = self.spec.method(method)
        if spec is None:
            params = {key: _loose_decode(value) for key, value in fields.items()}
            params.update(files)
            return ValidationResult(method, False, params, [f"{method}: unknown Bot API method"])

        violations: list[str] = []
        obj: dict[str, Any] = dict(fields)
        references = _attach_refs(obj)
        for name, upload in files.items():
            field_spec = spec.fields.get(name)
            if field_spec is not None:
                if "InputFile" not in field_spec.types:
                    violations.append(
                        f"{spec.name}.{name}: a file was uploaded but {name} is not an InputFile"
                    )
                obj[name] = upload
            elif name not in references:
                violations.append(
                    f"{spec.name}.{name}: unknown field (an uploaded file no attach:// refers to)"
                )
        for ref in sorted(references - set(files)):
            violations.append(f"{spec.name}: attach://{ref} refers to a file that was not uploaded")

        params, errors = self._check_object(spec, obj, spec.name, encoded=True, is_method=True)
        violations.extend(errors)
        for name in files:
            params.setdefault(name, files[name])
        return ValidationResult(spec.name, True, params, violations)

    def validate_object(self, type_name: str, value: Any, path: str | None = None) -> list[str]:
        """Check a value of a Bot API type (e.g. an Update the fake server builds)."""
        _, errors = self._check_value((type_name,), value, path or type_name, encoded=False)
        return errors

    # ------------------------------------------------------------------- objects

    def _check_object(
        self,
        spec: ObjectSpec,
        obj: Mapping[str, Any],
        path: str,
        *,
        encoded: bool,
        is_method: bool = False,
    ) -> tuple[dict[str, Any], list[str]]:
        errors: list[str] = []
        owner = f"a parameter of {spec.name}" if is_method else f"a field of {spec.name}"
        present = {key for key, value in obj.items() if value is not None}

        for key in obj:
            if key not in spec.fields:
                errors.append(f"{path}.{key}: unknown field (not {owner})")
        for name, field_spec in spec.fields.items():
            if name in present:
                continue
            if field_spec.required:
                errors.append(f"{path}.{name}: required field is missing")
            elif field_spec.required_unless and not all(
                other in present for other in field_spec.required_unless
            ):
                others = " and ".join(field_spec.required_unless)
                verb = "are" if len(field_spec.required_unless) > 1 else "is"
                errors.append(f"{path}.{name}: required unless {others} {verb} given")
        if spec.exactly_one_of:
            used = sorted(present & set(spec.exactly_one_of))
            if len(used) != 1:
                errors.append(
                    f"{path}: {spec.name} needs exactly one of {', '.join(spec.exactly_one_of)}; "
                    f"got {', '.join(used) or 'none'}"
                )
        if spec.at_most_one_of:
            used = sorted(present & set(spec.at_most_one_of))
            if len(used) > 1:
                errors.append(f"{path}: {spec.name} allows at most one of {', '.join(used)}")

        decoded: dict[str, Any] = {}
        typed: set[str] = set()
        for key, value in obj.items():
            field_spec = spec.fields.get(key)
            if field_spec is None or value is None:
                decoded[key] = _loose_decode(value) if encoded else value
                continue
            decoded[key], value_errors = self._check_value(
                field_spec.types, value, f"{path}.{key}", encoded=encoded
            )
            if value_errors:
                errors.extend(value_errors)
            else:
                typed.add(key)

        for key in typed:
            errors.extend(
                self._check_constraints(spec.fields[key], decoded[key], decoded, f"{path}.{key}")
            )
        return decoded, errors

    def _check_value(
        self, types: tuple[str, ...], value: Any, path: str, *, encoded: bool
    ) -> tuple[Any, list[str]]:
        candidates = [
            (type_name, shaped)
            for type_name in types
            if (shaped := self._shape(type_name, value, encoded=encoded)) is not _NO_MATCH
        ]
        if not candidates:
            return value, [f"{path}: expected {' or '.join(types)}, got {_describe(value)}"]

        best: tuple[tuple[int, int], Any, list[str]] | None = None
        for type_name, shaped in candidates:
            decoded, errors = self._check_typed(type_name, shaped, path)
            if not errors:
                return decoded, []
            score = (self._structural_mismatch(type_name, shaped), len(errors))
            if best is None or score < best[0]:
                best = (score, decoded, errors)
        assert best is not None
        return best[1], best[2]

    def _shape(self, type_name: str, value: Any, *, encoded: bool) -> Any:
        """Return ``value`` converted to ``type_name``'s JSON shape, or _NO_MATCH."""
        text = value if encoded and isinstance(value, str) else None
        if type_name == "Integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return int(text) if text is not None and _INTEGER.fullmatch(text) else _NO_MATCH
        if type_name == "Float":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            if text is not None:
                try:
                    number = float(text)
                except ValueError:
                    return _NO_MATCH
                return number if math.isfinite(number) else _NO_MATCH
            return _NO_MATCH
        if type_name == "Boolean":
            if isinstance(value, bool):
                return value
            if text is not None and text.lower() in {"true", "false"}:
                return text.lower() == "true"
            return _NO_MATCH
        if type_name == "String":
            return value if isinstance(value, str) else _NO_MATCH
        if type_name == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            return value if isinstance(value, str) and value.startswith("attach://") else _NO_MATCH

        is_array = type_name.startswith("Array of ")
        if isinstance(value, list) if is_array else isinstance(value, dict):
            return value
        if text is not None and text[:1] in {"[", "{"}:
            try:
                loaded = json.loads(text)
            except ValueError:
                return _NO_MATCH
            if isinstance(loaded, list) if is_array else isinstance(loaded, dict):
                return loaded
            return _NO_MATCH
        spec = self.spec.type(type_name)
        if not encoded and isinstance(value, str) and spec is not None and spec.string_allowed:
            return value
        return _NO_MATCH

    def _check_typed(self, type_name: str, value: Any, path: str) -> tuple[Any, list[str]]:
        if type_name in {"Integer", "Float", "Boolean", "String", "InputFile"}:
            return value, []
        if type_name.startswith("Array of "):
            item_type = type_name.removeprefix("Array of ")
            items: list[Any] = []
            errors: list[str] = []
            for index, item in enumerate(value):
                decoded, item_errors = self._check_value(
                    (item_type,), item, f"{path}[{index}]", encoded=False
                )
                items.append(decoded)
                errors.extend(item_errors)
            return items, errors
        if isinstance(value, str):  # a KeyboardButton given as plain text
            return value, []
        return self._check_type_object(type_name, value, path)

    def _check_type_object(
        self, type_name: str, obj: dict[str, Any], path: str
    ) -> tuple[dict[str, Any], list[str]]:
        spec = self.spec.type(type_name)
        if spec is None:
            return obj, [f"{path}: unknown Bot API type {type_name}"]
        if not spec.subtypes:
            return self._check_object(spec, obj, path, encoded=False)

        leaves = self.spec.leaf_subtypes(type_name)
        discriminated = [
            (leaf, [f for f in leaf.fields.values() if f.const is not None]) for leaf in leaves
        ]
        if any(consts for _, consts in discriminated):
            matches = [
                leaf
                for leaf, consts in discriminated
                if consts and all(obj.get(f.name) == f.const for f in consts)
            ]
            if len(matches) == 1:
                return self._check_object(matches[0], obj, path, encoded=False)
            keys = sorted({f.name for _, consts in discriminated for f in consts})
            allowed = sorted({f.const for _, consts in discriminated for f in consts if f.const})
            got = {key: obj.get(key) for key in keys}
            return obj, [
                f"{path}: {type_name} must have {'/'.join(keys)} one of {allowed}, got {got}"
            ]

        best: tuple[tuple[int, int], dict[str, Any], list[str]] | None = None
        for leaf in leaves:
            decoded, errors = self._check_object(leaf, obj, path, encoded=False)
            if not errors:
                return decoded, []
            score = (self._structural_mismatch(leaf.name, obj), len(errors))
            if best is None or score < best[0]:
                best = (score, decoded, errors)
        assert best is not None
        return best[1], best[2]

    def _structural_mismatch(self, type_name: str, value: Any) -> int:
        """How badly an object's keys fit a type; ranks candidates of a union."""
        spec = self.spec.type(type_name)
        if spec is None or spec.subtypes or not isinstance(value, dict):
            return 0
        unknown = sum(1 for key in value if key not in spec.fields)
        missing = sum(1 for f in spec.fields.values() if f.required and f.name not in value)
        return unknown + missing

    # --------------------------------------------------------------- constraints

    def _check_constraints(
        self, field_spec: FieldSpec, value: Any, owner: Mapping[str, Any], path: str
    ) -> list[str]:
        errors: list[str] = []
        name = field_spec.name
        if (name == "parse_mode" or name.endswith("_parse_mode")) and value not in PARSE_MODES:
            errors.append(f"{path}: must be one of {', '.join(PARSE_MODES)}, got {value!r}")

        if isinstance(value, str):
            if field_spec.const is not None and value != field_spec.const:
                errors.append(f"{path}: must be {field_spec.const!r}, got {value!r}")
            if field_spec.enum and value not in field_spec.enum:
                errors.append(f"{path}: must be one of {list(field_spec.enum)}, got {value!r}")
            if field_spec.pattern and not re.fullmatch(field_spec.pattern, value):
                errors.append(f"{path}: {value!r} does not match {field_spec.pattern}")
            errors.extend(self._check_text(field_spec, value, owner, path))
            return errors

        limit = field_spec.limit
        if limit is None:
            return errors
        if limit.unit == "items" and isinstance(value, list):
            if not limit.min <= len(value) <= limit.max:
                errors.append(f"{path}: {len(value)} items, allowed {limit.describe()}")
        elif (
            limit.unit == "value"
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ) and not limit.min <= value <= limit.max:
            errors.append(f"{path}: {value} is outside {limit.describe()}")
        return errors

    def _check_text(
        self, field_spec: FieldSpec, value: str, owner: Mapping[str, Any], path: str
    ) -> list[str]:
        text = value
        parsed = ""
        mode = owner.get(field_spec.parse_mode_field) if field_spec.parse_mode_field else None
        explicit_entities = field_spec.entities_field and owner.get(field_spec.entities_field)
        # Telegram ignores parse_mode when explicit entities are given.
        if isinstance(mode, str) and mode in PARSE_MODES and not explicit_entities:
            try:
                text = parse_entities(value, mode).text
            except EntityParseError as exc:
                return [f"{path}: can't parse entities ({mode}): {exc}"]
            parsed = " after entities parsing"

        limit = field_spec.limit
        if limit is None or limit.unit not in {"characters", "bytes"}:
            return []
        errors: list[str] = []
        if limit.unit == "bytes":
            size = len(value.encode("utf-8"))
            if not limit.min <= size <= limit.max:
                errors.append(f"{path}: {size} bytes (UTF-8), allowed {limit.describe()}")
            return errors

        # Message texts and captions are trimmed by Telegram before counting.
        measured = text.strip() if field_spec.parse_mode_field else text
        length = utf16_len(measured)
        if length == 0 and limit.min > 0:
            errors.append(f"{path}: text is empty{parsed}, allowed {limit.describe()}")
        elif not limit.min <= length <= limit.max:
            errors.append(
                f"{path}: {length} characters (UTF-16 code units){parsed}, "
                f"allowed {limit.describe()}"
            )
        if limit.max_line_feeds is not None and measured.count("\n") > limit.max_line_feeds:
            errors.append(f"{path}: more than {limit.max_line_feeds} line feeds")
        return errors

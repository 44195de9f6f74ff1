"""The area profile: everything that makes the bot Rannebergen's rather than another area's.

A profile is a TOML file (``areas/rannebergen.toml`` ships with the bot). It is validated
once at start, so a typo in a profile stops the bot with a readable line instead of
surfacing as a broken button in a resident's chat.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

__all__ = [
    "IDEA_CATEGORIES",
    "AreaProfile",
    "AreaProfileError",
    "Contact",
    "Place",
    "PlaceKind",
    "load_area_profile",
]


class PlaceKind(StrEnum):
    STREET = "street"
    PARK = "park"
    CENTRE = "centre"
    COURTYARD = "courtyard"
    BUILDING = "building"
    NATURE = "nature"
    GARDEN = "garden"
    VIEWPOINT = "viewpoint"
    TRANSPORT = "transport"
    OTHER = "other"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(_Strict):
    name: str = Field(min_length=1, max_length=60)
    display_name: str = Field(min_length=1, max_length=60)
    city: str = Field(min_length=1, max_length=60)
    operator: str = Field(min_length=1, max_length=80)


class Organisation(_Strict):
    name: str = Field(min_length=1, max_length=80)
    url: HttpUrl | None = None


class Contact(_Strict):
    name: str = Field(min_length=1, max_length=80)
    phone: str | None = Field(default=None, max_length=30)
    url: HttpUrl | None = None


class Place(_Strict):
    # Ids travel inside callback_data (64 bytes in all), hence short ASCII.
    id: str = Field(pattern=r"^[a-z0-9-]{1,16}$")
    name: str = Field(min_length=1, max_length=60)
    kind: PlaceKind = PlaceKind.OTHER


class Privacy(_Strict):
    # Whether an erased resident's ideas and reports may stay for the area's record,
    # linked to nobody (the resident then chooses). Off unless the profile says so: the
    # housing company decides, for its own record-keeping duties.
    keep_contributions_after_erasure: bool = False


IDEA_CATEGORIES = ("outdoor", "activities", "meeting", "housing", "shops", "other")


class AreaProfile(_Strict):
    area: Area
    organisations: list[Organisation] = Field(min_length=1)
    contacts: dict[str, Contact] = Field(default_factory=dict)
    places: list[Place] = Field(default_factory=list)
    privacy: Privacy = Field(default_factory=Privacy)
    # Chosen from the bot's own categories, whose names are translated in the catalogues.
    idea_categories: list[str] = Field(default_factory=lambda: list(IDEA_CATEGORIES))

    @model_validator(mode="after")
    def _known_categories(self) -> AreaProfile:
        unknown = [category for category in self.idea_categories if category not in IDEA_CATEGORIES]
        if unknown:
            raise ValueError(
                f"unknown idea categories {unknown}; choose from {', '.join(IDEA_CATEGORIES)}"
            )
        if not self.idea_categories:
            raise ValueError("idea_categories needs at least one category")
        return self

    @model_validator(mode="after")
    def _unique_place_ids(self) -> AreaProfile:
        seen: set[str] = set()
        for place in self.places:
            if place.id in seen:
                raise ValueError(f"place id {place.id!r} is used twice")
            seen.add(place.id)
        return self

    def place(self, place_id: str) -> Place | None:
        return next((place for place in self.places if place.id == place_id), None)

    @property
    def organisation_names(self) -> list[str]:
        return [organisation.name for organisation in self.organisations]


class AreaProfileError(Exception):
    """The profile file is missing, not TOML, or does not describe an area."""


def load_area_profile(path: Path) -> AreaProfile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise AreaProfileError(f"AREA_PROFILE: cannot read {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise AreaProfileError(f"AREA_PROFILE: {path} is not valid TOML: {error}") from None
    try:
        return AreaProfile.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "profile"
        raise AreaProfileError(f"AREA_PROFILE: {path}: {where}: {first['msg']}") from None

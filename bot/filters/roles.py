"""Role checks, declared on routers and handlers instead of repeated in each handler."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from db.models import Resident, Role

__all__ = ["HasRole"]


class HasRole(Filter):
    """Passes when the resident holds one of the roles; administrators always pass."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset((*roles, Role.ADMIN))

    async def __call__(self, event: TelegramObject, resident: Resident | None = None) -> bool:
        return resident is not None and resident.role in self.roles

    def __str__(self) -> str:
        return f"HasRole({', '.join(sorted(self.roles))})"

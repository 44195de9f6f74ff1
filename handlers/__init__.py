"""aiogram routers, one module per feature. Handlers parse, call a service, reply."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    cancel,
    errors,
    fallback,
    idea_wizard,
    ideas,
    language,
    menu,
    my_ideas,
    roles,
    start,
)

__all__ = ["build_routers"]


def build_routers() -> list[Router]:
    """Fresh routers in the order they must match: cancel before any wizard, fallback last."""
    return [
        errors.build_router(),
        cancel.build_router(),
        roles.build_router(),
        start.build_router(),
        language.build_router(),
        menu.build_router(),
        idea_wizard.build_router(),
        ideas.build_router(),
        my_ideas.build_router(),
        fallback.build_router(),
    ]

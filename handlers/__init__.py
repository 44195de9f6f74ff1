"""aiogram routers, one module (or package, for a wizard) per feature.

Handlers parse, call a service, reply. Residents are served in private chats only; the
staff chat gets the staff desk and /cancel, nothing else.
"""

from __future__ import annotations

from aiogram import Router

from bot.filters.content import IN_PRIVATE_CHAT, TAPPED_IN_PRIVATE_CHAT
from handlers import (
    announce,
    audit,
    bans,
    cancel,
    errors,
    exports,
    fallback,
    idea_wizard,
    ideas,
    image_files,
    language,
    menu,
    my_ideas,
    open_drafts,
    photos,
    poll_results,
    poll_wizard,
    polls,
    privacy,
    refusals,
    report_answers,
    review,
    roles,
    safety,
    settings,
    staff_reports,
    start,
    stats,
)

__all__ = ["build_routers"]


def _private_chats() -> Router:
    router = Router(name="private_chats")
    router.message.filter(IN_PRIVATE_CHAT)
    router.callback_query.filter(TAPPED_IN_PRIVATE_CHAT)
    router.include_routers(
        cancel.build_router(),
        roles.build_router(),
        start.build_router(),
        language.build_router(),
        menu.build_router(),
        privacy.build_router(),
        settings.build_router(),
        # An album's later photos, whichever step its first one moved the wizard to.
        photos.build_router(),
        image_files.build_router(),
        idea_wizard.build_router(),
        ideas.build_router(),
        my_ideas.build_router(),
        safety.build_router(),
        report_answers.build_router(),
        exports.build_router(),
        review.build_router(),
        bans.build_router(),
        stats.build_router(),
        announce.build_router(),
        poll_wizard.build_router(),
        # Organisers' /polls first: everyone else falls through to the residents' one.
        poll_results.build_router(),
        polls.build_router(),
        audit.build_router(),
        open_drafts.build_router(),
        refusals.build_router(),
    )
    return router


def _staff_chat() -> Router:
    router = Router(name="staff_chat")
    router.include_routers(cancel.build_router(), staff_reports.build_router())
    return router


def _taps() -> Router:
    """The two taps that come by the thousand, first and one level down: every router an
    update passes costs it a round of middlewares and filters, and no other router would
    answer these buttons anyway."""
    router = Router(name="taps")
    router.callback_query.filter(TAPPED_IN_PRIVATE_CHAT)
    ideas.register_taps(router)
    polls.register_taps(router)
    return router


def build_routers() -> list[Router]:
    """Fresh routers in the order they must match: /cancel before any wizard, fallback last."""
    return [
        _taps(),
        errors.build_router(),
        _private_chats(),
        _staff_chat(),
        fallback.build_router(),
    ]

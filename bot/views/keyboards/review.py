"""Keyboards of the staff's review queue and of an idea opened from it."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import gettext as _
from bot.i18n.names import category_name, idea_status_name, safety_category_name
from bot.services.review import QueueItem, QueueKind
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import (
    ReviewAction,
    ReviewActionCallback,
    ReviewFilterCallback,
    ReviewFilterField,
    ReviewListCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
)
from db.models import IdeaStatus, SafetyCategory

__all__ = [
    "AGES",
    "idea_actions_keyboard",
    "queue_keyboard",
    "review_filter_keyboard",
    "review_status_keyboard",
]

AGES = (0, 7, 30, 90)


def _age_label(days: int) -> str:
    if not days:
        # Translators: a staff filter button: no limit on how old an item is.
        return _("Any date")
    return _("Last {count} day", "Last {count} days", days).format(count=days)


def queue_keyboard(
    items: Sequence[QueueItem], current: ReviewListCallback, has_next: bool
) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for item in items:
        mark = "🙈 " if item.hidden else ""
        builder.button(
            text=f"{mark}{item.reference}",
            callback_data=ReviewOpenCallback(kind=item.kind, item_id=item.id),
        )
    widths = [4] * (len(items) // 4) + ([len(items) % 4] if len(items) % 4 else [])
    navigation = []
    if current.page > 0:
        navigation.append((_("◀️ Previous"), current.model_copy(update={"page": current.page - 1})))
    if has_next:
        navigation.append((_("Next ▶️"), current.model_copy(update={"page": current.page + 1})))
    for label, data in navigation:
        builder.button(text=label, callback_data=data)
    if navigation:
        widths.append(len(navigation))
    other_kind = QueueKind.SAFETY if current.kind is QueueKind.IDEAS else QueueKind.IDEAS
    builder.button(
        text=_("🛡 Safety reports") if other_kind is QueueKind.SAFETY else _("💡 Ideas"),
        callback_data=ReviewListCallback(kind=other_kind),
    )
    filters = {"kind": current.kind, "status": current.status, "category": current.category}
    for field, label in (
        (ReviewFilterField.STATUS, _("Status")),
        (ReviewFilterField.CATEGORY, _("Category")),
        (ReviewFilterField.AGE, _age_label(current.age)),
    ):
        builder.button(
            text=label, callback_data=ReviewFilterCallback(field=field, age=current.age, **filters)
        )
    # Two to a row: translated labels are longer than the English ones.
    widths += [2, 2]
    if current.kind is QueueKind.IDEAS:
        builder.button(
            text=_("🆕 Newest first") if current.most_supported else _("🔥 Most supported first"),
            callback_data=current.model_copy(
                update={"most_supported": not current.most_supported, "page": 0}
            ),
        )
        widths.append(1)
    builder.adjust(*widths)
    return builder.as_markup()


def review_filter_keyboard(request: ReviewFilterCallback, categories: Sequence[str]):
    base = ReviewListCallback(
        kind=request.kind, status=request.status, category=request.category, age=request.age
    )
    builder = KeyboardBuilder()
    if request.field is ReviewFilterField.STATUS:
        # Translators: a staff filter button: every idea or report that is not finished.
        builder.button(text=_("All open"), callback_data=base.model_copy(update={"status": ""}))
        for status in IdeaStatus:
            builder.button(
                text=idea_status_name(status),
                callback_data=base.model_copy(update={"status": status.value}),
            )
    elif request.field is ReviewFilterField.CATEGORY:
        builder.button(
            text=_("All categories"), callback_data=base.model_copy(update={"category": ""})
        )
        if request.kind is QueueKind.IDEAS:
            options = [(category, category_name(category)) for category in categories]
        else:
            options = [
                (category.value, safety_category_name(category)) for category in SafetyCategory
            ]
        for value, label in options:
            builder.button(text=label, callback_data=base.model_copy(update={"category": value}))
    else:
        for days in AGES:
            builder.button(
                text=_age_label(days), callback_data=base.model_copy(update={"age": days})
            )
    builder.adjust(2)
    return builder.as_markup()


def idea_actions_keyboard(
    idea_id: int, hidden: bool, author_banned: bool | None = None
) -> InlineKeyboardMarkup:
    """``author_banned`` is None when there is no author who could be banned."""
    builder = KeyboardBuilder()
    actions = [
        (ReviewAction.STATUS, _("🔄 Set status with a note")),
        (ReviewAction.DUPLICATE, _("🔗 Mark as duplicate of…")),
        (ReviewAction.RESTORE, _("👁 Show again")) if hidden else (ReviewAction.HIDE, _("🙈 Hide")),
        (ReviewAction.REPLY, _("💬 Write to the author")),
    ]
    if author_banned is not None:
        actions.append(
            (ReviewAction.UNBAN, _("✅ Lift the ban on the author"))
            if author_banned
            else (ReviewAction.BAN, _("🚫 Ban the author"))
        )
    for action, label in actions:
        builder.button(
            text=label, callback_data=ReviewActionCallback(idea_id=idea_id, action=action)
        )
    builder.button(text=_("◀️ Back to the list"), callback_data=ReviewListCallback())
    builder.adjust(1)
    return builder.as_markup()


def review_status_keyboard(idea_id: int) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    # Withdrawing is the author's; a duplicate needs the original's number.
    offered = [s for s in IdeaStatus if s not in (IdeaStatus.WITHDRAWN, IdeaStatus.DUPLICATE)]
    for status in offered:
        builder.button(
            text=idea_status_name(status),
            callback_data=ReviewStatusCallback(idea_id=idea_id, status=status),
        )
    builder.button(
        text=_("✖️ Cancel"),
        callback_data=ReviewActionCallback(idea_id=idea_id, action=ReviewAction.CANCEL),
    )
    # Two statuses to a row, Cancel on its own.
    builder.adjust(*[2] * (len(offered) // 2), *[1] * (len(offered) % 2), 1)
    return builder.as_markup()

"""Keyboards of the idea flows: the wizard, the list, a card, the resident's own ideas."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.i18n.names import category_name, flag_reason_name
from bot.services.ideas import IdeaOrder, IdeaPage, IdeaView
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import (
    IdeaCategoryCallback,
    IdeaFilterCallback,
    IdeaFlagCallback,
    IdeaListCallback,
    IdeaOpenCallback,
    IdeaPhotosCallback,
    IdeaPlaceCallback,
    IdeaVoteCallback,
    IdeaWithdrawCallback,
    IdeaWizardCallback,
    SupportInsteadCallback,
    WizardAction,
)
from db.models import FlagReason

__all__ = [
    "categories_keyboard",
    "extras_keyboard",
    "flag_reasons_keyboard",
    "idea_card_keyboard",
    "idea_list_keyboard",
    "list_categories_keyboard",
    "my_ideas_keyboard",
    "places_keyboard",
    "preview_keyboard",
    "resume_or_restart_keyboard",
    "similar_keyboard",
    "vote_button",
    "with_button_replaced",
    "withdraw_confirmation_keyboard",
]


def _cancel_button(builder: KeyboardBuilder) -> None:
    builder.button(text=_("✖️ Cancel"), callback_data=IdeaWizardCallback(action=WizardAction.CANCEL))


def categories_keyboard(categories: Sequence[str]) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for category in categories:
        builder.button(
            text=category_name(category), callback_data=IdeaCategoryCallback(category=category)
        )
    _cancel_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def resume_or_restart_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(
        text=_("✏️ Carry on with it"), callback_data=IdeaWizardCallback(action=WizardAction.RESUME)
    )
    builder.button(
        text=_("🗑 Start over"), callback_data=IdeaWizardCallback(action=WizardAction.RESTART)
    )
    builder.adjust(1)
    return builder.as_markup()


def extras_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(
        text=_("📍 Choose a place"),
        callback_data=IdeaWizardCallback(action=WizardAction.CHOOSE_PLACE),
    )
    builder.button(text=_("➡️ Continue"), callback_data=IdeaWizardCallback(action=WizardAction.NEXT))
    _cancel_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def places_keyboard(area: AreaProfile) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for place in area.places:
        builder.button(text=place.name, callback_data=IdeaPlaceCallback(place_id=place.id))
    builder.button(
        text=_("No particular place"),
        callback_data=IdeaWizardCallback(action=WizardAction.NO_PLACE),
    )
    builder.adjust(2)
    return builder.as_markup()


def similar_keyboard(idea_ids: Sequence[int]) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for idea_id in idea_ids:
        builder.button(
            # Translators: a button when a similar idea exists: support that idea instead of
            # sharing a new one.
            text=_("👍 Support #{number} instead").format(number=idea_id),
            callback_data=SupportInsteadCallback(idea_id=idea_id),
        )
    builder.button(
        text=_("➡️ No, go on with my own idea"),
        callback_data=IdeaWizardCallback(action=WizardAction.OWN_IDEA),
    )
    _cancel_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def preview_keyboard() -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("✅ Send"), callback_data=IdeaWizardCallback(action=WizardAction.SEND))
    builder.button(
        text=_("✏️ Change the text"), callback_data=IdeaWizardCallback(action=WizardAction.EDIT)
    )
    _cancel_button(builder)
    builder.adjust(1)
    return builder.as_markup()


def _vote_label(idea: IdeaView) -> str:
    if idea.supported_by_me:
        # Translators: a button under a list of ideas: the idea's number and how many support
        # it; ✅ when you already support it.
        return _("✅ #{number} · {count}").format(number=idea.id, count=idea.support_count)
    return _("👍 #{number} · {count}").format(number=idea.id, count=idea.support_count)


def vote_button(idea: IdeaView, order: IdeaOrder, category: str, page: int) -> InlineKeyboardButton:
    """An idea's support button on a list page: its count, and what a tap asks for."""
    data = IdeaVoteCallback(
        idea_id=idea.id,
        order=order,
        category=category,
        page=page,
        support=not idea.supported_by_me,
    )
    return InlineKeyboardButton(text=_vote_label(idea), callback_data=data.pack())


def with_button_replaced(
    markup: InlineKeyboardMarkup, callback_data: str, button: InlineKeyboardButton
) -> InlineKeyboardMarkup | None:
    """The same keyboard with the button that sent ``callback_data`` replaced; None if no
    button did (the keyboard was changed since)."""
    found = False
    rows = []
    for row in markup.inline_keyboard:
        rows.append([button if old.callback_data == callback_data else old for old in row])
        found = found or any(old.callback_data == callback_data for old in row)
    return InlineKeyboardMarkup(inline_keyboard=rows) if found else None


def idea_list_keyboard(page: IdeaPage, order: IdeaOrder, category: str) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    widths: list[int] = []
    for idea in page.ideas:
        if idea.is_mine and not idea.supported_by_me:
            # Authors do not support their own idea: one button opens it, with its count.
            builder.button(
                # Translators: the only button for an idea the reader wrote, in a list of
                # ideas: ✍️ means "yours", {count} is how many residents support it.
                text=_("✍️ #{number} · 👍 {count}").format(number=idea.id, count=idea.support_count),
                callback_data=IdeaOpenCallback(idea_id=idea.id),
            )
            widths.append(1)
            continue
        builder.add(vote_button(idea, order, category, page.page))
        builder.button(
            # Translators: a button that opens idea number {number}.
            text=_("📖 #{number}").format(number=idea.id),
            callback_data=IdeaOpenCallback(idea_id=idea.id),
        )
        widths.append(2)
    navigation = 0
    if page.page > 0:
        builder.button(
            text=_("◀️ Previous"),
            callback_data=IdeaListCallback(order=order, category=category, page=page.page - 1),
        )
        navigation += 1
    if page.page + 1 < page.page_count:
        builder.button(
            text=_("Next ▶️"),
            callback_data=IdeaListCallback(order=order, category=category, page=page.page + 1),
        )
        navigation += 1
    if navigation:
        widths.append(navigation)
    other_order = IdeaOrder.MOST_SUPPORTED if order is IdeaOrder.NEWEST else IdeaOrder.NEWEST
    builder.button(
        text=_("🔥 Most supported first")
        if other_order is IdeaOrder.MOST_SUPPORTED
        else _("🆕 Newest first"),
        callback_data=IdeaListCallback(order=other_order, category=category),
    )
    builder.button(
        text=_("🗂 Choose a category"),
        callback_data=IdeaFilterCallback(order=order),
    )
    widths.append(2)
    builder.adjust(*widths)
    return builder.as_markup()


def list_categories_keyboard(categories: Sequence[str], order: IdeaOrder) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("All categories"), callback_data=IdeaListCallback(order=order))
    for category in categories:
        builder.button(
            text=category_name(category),
            callback_data=IdeaListCallback(order=order, category=category),
        )
    builder.adjust(1)
    return builder.as_markup()


def idea_card_keyboard(idea: IdeaView) -> InlineKeyboardMarkup | None:
    builder = KeyboardBuilder()
    if idea.open_for_support and not (idea.is_mine and not idea.supported_by_me):
        label = (
            _("✅ You support this · {count}")
            if idea.supported_by_me
            else _("👍 Support · {count}")
        )
        builder.button(
            text=label.format(count=idea.support_count),
            callback_data=IdeaVoteCallback(idea_id=idea.id, support=not idea.supported_by_me),
        )
    if idea.photo_count > 1:
        builder.button(
            text=_("🖼 {count} photo", "🖼 {count} photos", idea.photo_count).format(
                count=idea.photo_count
            ),
            callback_data=IdeaPhotosCallback(idea_id=idea.id),
        )
    if not idea.is_mine and idea.visible_to_residents:
        builder.button(
            text=_("⚠️ Report as inappropriate"),
            callback_data=IdeaFlagCallback(idea_id=idea.id),
        )
    builder.adjust(1)
    markup = builder.as_markup()
    return markup if markup.inline_keyboard else None


def flag_reasons_keyboard(idea_id: int) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for reason in FlagReason:
        builder.button(
            text=flag_reason_name(reason),
            callback_data=IdeaFlagCallback(idea_id=idea_id, reason=reason),
        )
    builder.adjust(1)
    return builder.as_markup()


def my_ideas_keyboard(
    own: Sequence[IdeaView], followed: Sequence[IdeaView]
) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    for idea in [*own, *followed]:
        builder.button(
            text=_("📖 #{number}").format(number=idea.id),
            callback_data=IdeaOpenCallback(idea_id=idea.id),
        )
        if idea.is_mine and idea.open_for_support:
            builder.button(
                text=_("↩️ Withdraw #{number}").format(number=idea.id),
                callback_data=IdeaWithdrawCallback(idea_id=idea.id),
            )
    builder.adjust(2)
    return builder.as_markup()


def withdraw_confirmation_keyboard(idea_id: int) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(
        text=_("↩️ Yes, withdraw it"),
        callback_data=IdeaWithdrawCallback(idea_id=idea_id, confirmed=True),
    )
    builder.button(text=_("No, keep it"), callback_data=IdeaOpenCallback(idea_id=idea_id))
    builder.adjust(1)
    return builder.as_markup()

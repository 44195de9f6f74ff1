"""Language names inside sentences are in the reader's language; the picker keeps each
language's own name."""

from __future__ import annotations

from bot.views.callbacks import WizardAction
from tests.ideas.helpers import seed_idea, wizard_action, write_idea
from tests.support.i18n import in_language


async def test_an_arabic_reader_sees_swedish_named_in_arabic(person, i18n) -> None:
    resident = person(801, "ar")
    await write_idea(resident, "Fler cykelställ vid porten på Fjällsippan, tack")
    preview = await wizard_action(resident, WizardAction.NEXT)
    written_in = in_language(i18n, "ar", lambda: i18n.gettext("Written in: {language}"))
    assert written_in.format(language="السويدية") in "\n".join(preview.texts)
    assert not any("svenska" in text for text in preview.texts)


async def test_swedish_readers_see_somali_named_in_swedish(person, session_factory, i18n) -> None:
    idea = await seed_idea(
        session_factory, 802, "Kuraas badan oo la dhigo garoonka carruurta", language="so"
    )
    reader = person(803, "sv")
    listing = await reader.send("/ideas")
    card = (await reader.press("📖", listing)).text
    assert f"#{idea}" in card
    assert "somaliska" in card
    assert "Soomaali" not in card


def test_every_language_has_a_name_in_every_language(i18n) -> None:
    # Imported here: the two tests above go through the dispatcher only, so they can show
    # the old behaviour on code that has no language_name.
    from bot.i18n.names import language_name

    for reader in i18n.available_locales:
        names = in_language(
            i18n, reader, lambda: [language_name(code) for code in i18n.available_locales]
        )
        assert len(set(names)) == len(names), (reader, names)
        # No name in Latin letters where the reader's own script is another one.
        if reader in {"ar", "fa", "ckb", "ti"}:
            assert not any(name.isascii() for name in names), (reader, names)

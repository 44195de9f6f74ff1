"""The translator runs only with TRANSLATE_URL, and is woken whenever the outbox is."""

from __future__ import annotations

from bot.delivery.jobs import BackgroundJobs


async def test_without_translate_url_there_is_no_translator(
    dispatcher, bot, settings, session_factory
) -> None:
    plain = settings.model_copy(update={"translate_url": None, "translate_api_key": None})
    jobs = BackgroundJobs(dispatcher["notifier"], dispatcher["broadcasts"])
    rounds = jobs.rounds(bot, dispatcher["i18n"], session_factory, plain, dispatcher["area"])

    assert "translations" not in [loop.name for loop, _jobs in rounds]
    assert jobs.engine is None
    assert jobs.translations not in jobs.loops


async def test_a_handler_waking_the_outbox_wakes_the_translator(
    dispatcher, bot, settings, session_factory
) -> None:
    jobs = BackgroundJobs(dispatcher["notifier"], dispatcher["broadcasts"])
    rounds = jobs.rounds(bot, dispatcher["i18n"], session_factory, settings, dispatcher["area"])
    try:
        assert "translations" in [loop.name for loop, _jobs in rounds]
        assert not jobs.translations._wake.is_set()

        dispatcher["notifier"].wake()

        assert jobs.translations._wake.is_set()
    finally:
        await jobs.engine.close()

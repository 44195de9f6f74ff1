"""With Redis one resident's flood meets one bucket, however many instances share it."""

from __future__ import annotations

from bot.app import build_dispatcher
from bot.middlewares.shared_throttle import SharedThrottleCounters
from bot.settings import Settings
from tests.support.i18n import in_language
from tests.support.telegram import Person
from tests.test_throttling import SLOW_DOWN


async def test_a_flood_spread_over_two_instances_is_slowed_down_once(
    settings, session_factory, bot, redis, redis_prefix
) -> None:
    burst = Settings.model_fields["throttle_burst"].default
    instances = []
    for _ in range(2):
        counters = SharedThrottleCounters(
            redis, burst=burst, per_second=0.001, key=f"{redis_prefix}:throttle", forget_after=60
        )
        instances.append(build_dispatcher(settings, session_factory, throttle_counters=counters))
    flooder = [Person(dispatcher, bot, 931_001, "so") for dispatcher in instances]
    i18n = instances[0]["i18n"]
    slow_down = in_language(i18n, "so", lambda: i18n.gettext(SLOW_DOWN))

    replies = [(await flooder[n % 2].send("hello")).texts for n in range(3 * burst)]
    answered = [texts for texts in replies if texts and slow_down not in texts]
    warned = [texts for texts in replies if slow_down in texts]
    # One bucket for both instances: the burst, then one "slow down" between them.
    assert len(answered) == burst
    assert warned == [[slow_down]]
    # Someone else on either instance is served.
    assert (await Person(instances[1], bot, 931_002, "sv").send("/help")).texts

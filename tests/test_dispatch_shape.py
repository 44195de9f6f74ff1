"""How the real dispatcher is put together, where it decides what every update costs."""

from __future__ import annotations

from aiogram import Dispatcher, Router


def _run_in_a_thread(router: Router) -> list[str]:
    # aiogram awaits coroutines and Filter objects; anything else (a bare F expression, a
    # State, a plain function) it runs with asyncio.to_thread for every update it checks.
    found = []
    for name, observer in router.observers.items():
        for event_filter in observer._handler.filters or []:
            if not event_filter.awaitable:
                found.append(f"{router.name}.{name}: {event_filter.callback!r}")
        for handler in observer.handlers:
            if not handler.awaitable:
                found.append(f"{router.name}.{name}: handler {handler.callback!r}")
            for event_filter in handler.filters or []:
                if not event_filter.awaitable:
                    found.append(f"{router.name}.{name}: {event_filter.callback!r}")
    for sub_router in router.sub_routers:
        found += _run_in_a_thread(sub_router)
    return found


def test_every_filter_and_handler_is_awaited_on_the_event_loop(dispatcher: Dispatcher) -> None:
    assert _run_in_a_thread(dispatcher) == []

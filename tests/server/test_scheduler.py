"""The server's scheduler: a lone edit is linted at once; edits during a lint end in one lint of the newest text."""

from __future__ import annotations

import asyncio
import threading

from zeroetl_lint.server.scheduler import Scheduler

# Only a guard against a hung scheduler; nothing here measures speed.
PATIENCE = 60.0


def test_a_request_while_no_lint_runs_is_linted_without_waiting_for_the_debounce() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        delivered: asyncio.Queue[str] = asyncio.Queue()
        buffer = ["first"]
        scheduler: Scheduler[str, str, str] = Scheduler(
            loop, lambda key: buffer[0], lambda key, text: text.upper(),
            lambda key, result: delivered.put_nowait(result), lambda key, error: delivered.put_nowait(repr(error)),
            delay=3600.0)  # were the debounce waited for, nothing would be linted
        scheduler.request("folder")
        assert await asyncio.wait_for(delivered.get(), PATIENCE) == "FIRST"
        buffer[0] = "second"  # the next edit, right after the diagnostics of the first arrived
        scheduler.request("folder")
        assert await asyncio.wait_for(delivered.get(), PATIENCE) == "SECOND"
        scheduler.shutdown()

    asyncio.run(main())


def test_requests_while_a_lint_runs_end_in_one_lint_of_the_newest_text() -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        buffer = ["v1"]
        started, release = threading.Event(), threading.Event()
        delivered: list[str] = []
        newest: asyncio.Future[None] = loop.create_future()

        def work(key: str, text: str) -> str:
            started.set()
            if text == "v1":
                release.wait(PATIENCE)  # the first lint is still running while the edits come
            return text

        def deliver(key: str, result: str) -> None:
            delivered.append(result)
            if result == buffer[0] and not newest.done():
                newest.set_result(None)

        scheduler: Scheduler[str, str, str] = Scheduler(
            loop, lambda key: buffer[0], work, deliver, lambda key, error: newest.set_exception(error), delay=0.01)
        scheduler.request("folder")
        await loop.run_in_executor(None, started.wait, PATIENCE)
        for text in ("v2", "v3", "v4"):
            buffer[0] = text
            scheduler.request("folder")
        release.set()
        await asyncio.wait_for(newest, PATIENCE)
        assert delivered == ["v4"]  # the superseded lint's result was dropped, v2 and v3 never linted
        scheduler.shutdown()

    asyncio.run(main())

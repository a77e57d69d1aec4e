"""Debounced, superseding lints on one worker thread, so the event loop never waits for a lint."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Key = TypeVar("Key")
Snapshot = TypeVar("Snapshot")
Result = TypeVar("Result")


@dataclass
class _State(Generic[Snapshot]):
    generation: int = 0
    timer: asyncio.TimerHandle | None = None
    running: asyncio.Future[object] | None = None
    again: bool = False


@dataclass
class Scheduler(Generic[Key, Snapshot, Result]):
    """Runs ``work(key, snapshot)`` once edits pause for ``delay`` seconds; ``deliver`` gets the newest result.

    The debounce is trailing only within a burst: an edit while no lint of its key runs or waits is
    linted at once, so a single change (or typing slower than a lint takes) costs no waiting; edits
    that come while one runs are gathered until they pause for ``delay``.

    A request while a lint of the same key runs supersedes it: the running lint cannot be interrupted
    (it is plain Python in a thread), so its result is dropped and the newest snapshot is linted next.
    One worker thread serves every key, because a lint changes the process's working directory.
    """

    loop: asyncio.AbstractEventLoop
    snapshot: Callable[[Key], Snapshot]
    work: Callable[[Key, Snapshot], Result]
    deliver: Callable[[Key, Result], None]
    failed: Callable[[Key, BaseException], None]
    delay: float = 0.05
    _states: dict[Key, _State[Snapshot]] = field(default_factory=dict)
    _executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="zeroetl-lint"))

    def request(self, key: Key, delay: float | None = None) -> None:
        """Lint key soon: after ``delay`` (default: the debounce) unless another request comes first."""
        state = self._states.setdefault(key, _State())
        state.generation += 1
        quiet = state.timer is None and state.running is None
        if state.timer is not None:
            state.timer.cancel()
        wait = delay if delay is not None else 0.0 if quiet else self.delay
        state.timer = self.loop.call_later(wait, self._start, key)

    def warm(self, job: Callable[[], object]) -> Future[object]:
        """Run a job on the worker (imports and rulebook loading before the first lint)."""
        return self._executor.submit(job)

    def _start(self, key: Key) -> None:
        state = self._states[key]
        state.timer = None
        if state.running is not None:
            state.again = True  # started when the running lint ends
            return
        generation = state.generation
        snapshot = self.snapshot(key)  # taken on the loop thread: buffers cannot change under the lint
        state.running = self.loop.run_in_executor(self._executor, self.work, key, snapshot)
        state.running.add_done_callback(lambda done: self._finished(key, generation, done))

    def _finished(self, key: Key, generation: int, done: asyncio.Future[object]) -> None:
        state = self._states[key]
        state.running = None
        error = done.exception()
        if error is not None:
            self.failed(key, error)
        elif generation == state.generation:
            self.deliver(key, done.result())  # type: ignore[arg-type]
        if state.again:
            state.again = False
            self._start(key)

    def shutdown(self) -> None:
        for state in self._states.values():
            if state.timer is not None:
                state.timer.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)

"""The background thread that runs Playwright's asyncio event loop, and ``@on_loop``."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, overload

P = ParamSpec("P")
R = TypeVar("R")


class Pages(Protocol):
    """Pages that answer some of their sockets' messages by themselves (the relay's
    answers in the page, road/inpage.py): each call from another thread first hears
    what they sent and answered, and afterwards lets them know what changed. A
    keyword's last call (the library's check for errors) hears what the keyword
    made them do."""

    async def sync(self) -> None: ...

    async def settle(self) -> None: ...


class LoopThread:
    """An asyncio loop in a daemon thread; callers block until results come.

    Robot Framework's thread hands work over with :meth:`run` (a coroutine)
    or :meth:`call` (a plain function). If the caller is interrupted (a Robot
    test timeout), the work is cancelled and the interruption propagates.
    """

    def __init__(self, on_error: Callable[[str], None]):
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(
            lambda loop, context: on_error(
                f"Unexpected error on the WebSocket event loop: "
                f"{context.get('exception') or context.get('message')!r}"
            )
        )
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="WsRouteLibrary-loop", daemon=True
        )
        self._thread.start()
        self._on_error = on_error
        self.pages: Pages | None = None  # the relay, when pages may answer by themselves

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """Runs a coroutine on the loop as a task; an error in it goes to ``on_error``."""
        task = self.loop.create_task(coroutine)
        task.add_done_callback(self._report)

    def _report(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self._on_error(
                f"Unexpected error while handling WebSocket traffic: {task.exception()!r}"
            )

    def call_later(self, delay: float, function: Callable[..., object], *args: Any
                   ) -> asyncio.TimerHandle:
        return self.loop.call_later(delay, function, *args)

    def call_soon(self, function: Callable[..., object], *args: Any) -> asyncio.Handle:
        return self.loop.call_soon(function, *args)

    def on_loop(self) -> bool:
        return threading.current_thread() is self._thread

    def run(self, coroutine: Coroutine[Any, Any, R]) -> R:
        if self.pages is not None:
            coroutine = self._with_pages(self.pages, coroutine)
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    @staticmethod
    async def _with_pages(pages: Pages, coroutine: Coroutine[Any, Any, R]) -> R:
        await pages.sync()
        try:
            return await coroutine
        finally:
            await pages.settle()

    def call(self, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        async def call() -> R:
            return function(*args, **kwargs)

        return self.run(call())


class _OnLoop(Protocol):
    """An object whose methods run on its loop (the engine)."""

    loop: LoopThread


S = TypeVar("S", bound=_OnLoop)


@overload
def on_loop(method: Callable[Concatenate[S, P], Coroutine[Any, Any, R]]
            ) -> Callable[Concatenate[S, P], R]: ...


@overload
def on_loop(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]: ...


def on_loop(method: Callable[Concatenate[S, P], Any]) -> Callable[Concatenate[S, P], Any]:
    """Runs an engine method on the engine's loop when called from another thread.

    Called on the loop itself, the method runs directly (a coroutine method
    then returns its coroutine, to be awaited).
    """
    is_coroutine = asyncio.iscoroutinefunction(method)

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> Any:
        if self.loop.on_loop():
            return method(self, *args, **kwargs)
        if is_coroutine:
            return self.loop.run(method(self, *args, **kwargs))
        return self.loop.call(method, self, *args, **kwargs)

    return wrapper

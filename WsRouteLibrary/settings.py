"""Settings that follow Robot Framework's test and suite scopes, such as the timeout."""

from __future__ import annotations

import os
from typing import Any

from .datatypes import SettingScope
from .errors import InvalidInputError

_SUITE, _TEST = "suite", "test"


class ScopedSetting:
    """A value with a frame for the run, each running suite and the running test.

    A suite or test starts with the value of its parent; ``set`` changes it
    for the scope asked, and when that suite or test ends the value before it
    comes back: ``Global`` changes every frame, ``Suite`` the innermost
    suite and the test inside it, ``Test`` only the running test.
    """

    def __init__(self, value: Any):
        self._frames: list[list] = [["run", value]]

    @property
    def value(self) -> Any:
        return self._frames[-1][1]

    def start(self, kind: str) -> None:
        """A suite (``"suite"``) or test (``"test"``) starts."""
        self._frames.append([kind, self.value])

    def end(self) -> None:
        if len(self._frames) > 1:
            self._frames.pop()

    def set(self, value: Any, scope: SettingScope = SettingScope.Suite) -> Any:
        """Sets ``value`` for ``scope``; returns the value it replaces."""
        old = self.value
        if scope is SettingScope.Global:
            frames = self._frames
        elif scope is SettingScope.Test:
            if self._frames[-1][0] != _TEST:
                raise InvalidInputError(
                    "scope=Test can only be used inside a test. Use scope=Suite in a "
                    "suite setup or teardown."
                )
            frames = self._frames[-1:]
        else:
            suites = [i for i, frame in enumerate(self._frames) if frame[0] == _SUITE]
            frames = self._frames[suites[-1] if suites else 0:]
        for frame in frames:
            frame[1] = value
        return old


FAST_PATH_VARIABLE = "WSROUTE_FAST_PATH"
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0", "")


def fast_path_setting(given: bool | None, environ: Any = None) -> bool:
    """The import argument ``fast_path``; not given, the environment variable (so one
    setting switches every suite's import, e.g. for a second acceptance run), else off."""
    if given is not None:
        return bool(given)
    text = (os.environ if environ is None else environ).get(FAST_PATH_VARIABLE, "")
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidInputError(
        f"The environment variable {FAST_PATH_VARIABLE}={text!r} is neither true nor false. "
        f"Set it to 'true' or 'false', or unset it, or give the import argument fast_path."
    )

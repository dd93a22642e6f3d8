"""Finding a browser executable when Playwright's own build is missing."""

from __future__ import annotations

import os
import shutil

from ..errors import BrowserError

SYSTEM_CHROMIUMS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)


def find_executable(browser: str, playwright_path: str | None) -> str | None:
    """The executable to launch: None means Playwright's own build.

    Playwright's build is used when it is installed. Otherwise, for Chromium,
    the first of ``SYSTEM_CHROMIUMS`` found on ``PATH``.
    """
    if playwright_path and os.path.exists(playwright_path):
        return None
    if browser == "chromium":
        for name in SYSTEM_CHROMIUMS:
            found = shutil.which(name)
            if found:
                return found
        raise BrowserError(
            "No Chromium found: Playwright's own build is not installed and no "
            f"system Chromium or Chrome is on PATH ({', '.join(SYSTEM_CHROMIUMS)}). "
            "Get one of them: run 'python -m playwright install chromium', or "
            "install a system Chromium (e.g. 'apt-get install chromium'), or pass "
            "executable_path=/path/to/chrome."
        )
    raise BrowserError(
        f"Playwright's {browser} build is not installed. Run 'python -m "
        f"playwright install {browser}', or pass executable_path=/path/to/{browser}."
    )

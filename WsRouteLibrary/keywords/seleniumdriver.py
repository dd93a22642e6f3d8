"""SeleniumLibrary's current browser as a DevTools address, for `Attach To Browser`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import BrowserError, InvalidInputError, NoBrowserError

# The word `Attach To Browser` takes instead of an address (any case).
SELENIUM_LIBRARY = "SeleniumLibrary"
# Capabilities of Chromium-based browsers whose chromedriver reports the
# DevTools address of the browser it runs (Chrome/Chromium, Edge).
_DRIVER_OPTIONS = ("goog:chromeOptions", "ms:edgeOptions")
_CHROMIUM_NAMES = ("chrome", "chromium", "chrome-headless-shell", "msedge", "microsoftedge")
_WHAT_WORKS = (
    "Or give 'Attach To Browser' a DevTools address: http://127.0.0.1:PORT of a Chromium "
    "started with --remote-debugging-port=PORT, or a ws:// DevTools URL."
)


def is_selenium_library(cdp_url: str) -> bool:
    """Whether ``cdp_url`` asks for SeleniumLibrary's browser instead of naming an address."""
    return cdp_url.strip().lower() == SELENIUM_LIBRARY.lower()


def selenium_cdp_url() -> tuple[str, str]:
    """The DevTools URL of SeleniumLibrary's current browser and where it was found.

    Runs in Robot Framework only: SeleniumLibrary's instance comes from the
    running suite.
    """
    driver = _current_driver(_selenium_library())
    return cdp_url_from_capabilities(driver.capabilities)


def cdp_url_from_capabilities(capabilities: Mapping[str, Any]) -> tuple[str, str]:
    """The DevTools URL in a WebDriver session's capabilities and where it was found.

    Selenium Grid 4 gives a Chromium session ``se:cdp``, a WebSocket through
    the Grid that works wherever the Grid is reachable; chromedriver reports
    ``debuggerAddress`` (``localhost:PORT`` on the machine it runs on).
    """
    name = str(capabilities.get("browserName") or "unknown")
    chromium = name.lower() in _CHROMIUM_NAMES or any(
        isinstance(capabilities.get(key), Mapping) for key in _DRIVER_OPTIONS
    )
    if not chromium:
        raise BrowserError(
            f"Cannot attach to SeleniumLibrary's browser: it is {name}, which does not speak "
            "the Chrome DevTools Protocol that attaching needs. Open Chrome, Chromium or Edge "
            "with SeleniumLibrary ('Open Browser    URL    chrome'), or let this library run "
            f"a browser of its own ('Launch Browser    browser={name.lower()}', 'Open Page')."
        )
    grid = capabilities.get("se:cdp")
    if isinstance(grid, str) and grid:
        return grid, "Selenium Grid's se:cdp"
    for key in _DRIVER_OPTIONS:
        options = capabilities.get(key)
        address = options.get("debuggerAddress") if isinstance(options, Mapping) else None
        if isinstance(address, str) and address:
            return f"http://{address}", "chromedriver's debuggerAddress"
    raise BrowserError(
        f"Cannot attach to SeleniumLibrary's browser: its session ({name}) names no DevTools "
        "address (neither Selenium Grid's se:cdp nor chromedriver's debuggerAddress). "
        + _WHAT_WORKS
    )


def _selenium_library() -> Any:
    """SeleniumLibrary's instance in the running suite, also when imported under an alias."""
    from robot.libraries.BuiltIn import BuiltIn, RobotNotRunningError

    try:
        instances = BuiltIn().get_library_instance(all=True)
    except RobotNotRunningError:
        instances = {}
    # With all=True, a dict by name (typed as object or a dict).
    libraries: dict[str, object] = instances if isinstance(instances, dict) else {}
    if SELENIUM_LIBRARY in libraries:
        return libraries[SELENIUM_LIBRARY]
    found = {
        name: instance
        for name, instance in libraries.items()
        if type(instance).__module__.split(".")[0] == SELENIUM_LIBRARY
    }
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        raise InvalidInputError(
            "Cannot attach to SeleniumLibrary's browser: SeleniumLibrary is imported more than "
            f"once ({', '.join(sorted(found))}). " + _WHAT_WORKS
        )
    raise InvalidInputError(
        "Cannot attach to SeleniumLibrary's browser: SeleniumLibrary is not imported. Import it "
        "('Library    SeleniumLibrary') and open a browser with its 'Open Browser' first. "
        + _WHAT_WORKS
    )


def _current_driver(selenium: Any) -> Any:
    """SeleniumLibrary's current WebDriver; fails when it has no browser open."""
    from SeleniumLibrary.errors import NoOpenBrowser

    try:
        return selenium.driver  # SeleniumLibrary's public "current active driver"
    except NoOpenBrowser:
        raise NoBrowserError(
            "Cannot attach to SeleniumLibrary's browser: SeleniumLibrary has no browser open. "
            "Open one with its 'Open Browser' (chrome, chromium or edge) first."
        ) from None

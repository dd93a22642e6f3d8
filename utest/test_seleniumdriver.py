"""Which DevTools address a WebDriver session's capabilities give `Attach To Browser`.

The capabilities below are the shapes Selenium Grid 4 and chromedriver
return (trimmed); the acceptance tests attach to real Grid and chromedriver
sessions, this checks the choices and the messages, including browsers the
test machine does not have (Firefox, Edge).
"""

from __future__ import annotations

import pytest

from WsRouteLibrary.errors import BrowserError
from WsRouteLibrary.keywords.seleniumdriver import cdp_url_from_capabilities, is_selenium_library

GRID_CHROME = {
    "browserName": "chrome",
    "goog:chromeOptions": {"debuggerAddress": "localhost:45893"},
    "se:cdp": "ws://127.0.0.1:4444/session/7f41/se/cdp",
    "se:cdpVersion": "156.0.8078.108",
}
LOCAL_CHROME = {
    "browserName": "chrome",
    "goog:chromeOptions": {"debuggerAddress": "localhost:44061"},
}
LOCAL_EDGE = {"browserName": "msedge", "ms:edgeOptions": {"debuggerAddress": "localhost:9333"}}
FIREFOX = {"browserName": "firefox", "moz:debuggerAddress": "127.0.0.1:9222"}


def test_grid_se_cdp_wins_over_the_nodes_debugger_address():
    assert cdp_url_from_capabilities(GRID_CHROME) == (
        "ws://127.0.0.1:4444/session/7f41/se/cdp",
        "Selenium Grid's se:cdp",
    )


def test_local_chromedriver_debugger_address_becomes_an_http_endpoint():
    assert cdp_url_from_capabilities(LOCAL_CHROME) == (
        "http://localhost:44061",
        "chromedriver's debuggerAddress",
    )


def test_edge_debugger_address():
    assert cdp_url_from_capabilities(LOCAL_EDGE)[0] == "http://localhost:9333"


@pytest.mark.parametrize("capabilities", [FIREFOX, {**FIREFOX, "se:cdp": "ws://grid/se/cdp"}])
def test_firefox_fails_saying_what_works_instead(capabilities):
    with pytest.raises(BrowserError) as error:
        cdp_url_from_capabilities(capabilities)
    assert str(error.value) == (
        "Cannot attach to SeleniumLibrary's browser: it is firefox, which does not speak the "
        "Chrome DevTools Protocol that attaching needs. Open Chrome, Chromium or Edge with "
        "SeleniumLibrary ('Open Browser    URL    chrome'), or let this library run a browser "
        "of its own ('Launch Browser    browser=firefox', 'Open Page')."
    )


def test_chromium_session_without_any_address_fails():
    with pytest.raises(BrowserError, match=r"its session \(chrome\) names no DevTools address"):
        cdp_url_from_capabilities({"browserName": "chrome", "goog:chromeOptions": {}})


@pytest.mark.parametrize("word", ["SeleniumLibrary", "seleniumlibrary", " SeleniumLibrary "])
def test_the_word_seleniumlibrary_in_any_case(word):
    assert is_selenium_library(word)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9222", "Selenium", "ws://x/SeleniumLibrary"])
def test_addresses_are_not_the_word(url):
    assert not is_selenium_library(url)

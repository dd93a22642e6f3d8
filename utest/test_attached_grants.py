"""Local Network Access in the contexts another library opened in an attached browser
(Browser library's New Context): granted over the browser's CDP session, once each."""

import asyncio

from WsRouteLibrary.engine.session import BrowserSession
from WsRouteLibrary.engine.workers import allow_local_network_in


class FakeCdp:
    def __init__(self, contexts=(), refuse=()):
        self.sent = []
        self._contexts = list(contexts)
        self._refuse = set(refuse)

    async def send(self, method, params=None):
        self.sent.append((method, params))
        if method == "Target.getBrowserContexts":
            return {"browserContextIds": list(self._contexts), "defaultBrowserContextId": "D"}
        if tuple((params or {}).get("permissions", ())) in self._refuse:
            raise RuntimeError("Unknown permission type")
        return {}


class FakeBrowser:
    def __init__(self, cdp):
        self.cdp = cdp
        self.sessions = 0

    async def new_browser_cdp_session(self):
        self.sessions += 1
        return self.cdp


NEWER = ("localNetworkAccess", "localNetwork", "loopbackNetwork")


def test_grant_names_the_context_and_falls_back_to_the_older_name():
    cdp = FakeCdp(refuse=[NEWER])
    asyncio.run(allow_local_network_in(cdp, "C1"))
    assert cdp.sent == [
        ("Browser.grantPermissions", {"permissions": list(NEWER), "browserContextId": "C1"}),
        ("Browser.grantPermissions", {"permissions": ["localNetworkAccess"],
                                      "browserContextId": "C1"}),
    ]


def _session(browser, attached=True):
    session = BrowserSession(on_socket=lambda *_: None, is_routed=lambda *_: False,
                             on_page_gone=lambda _: None, on_browser_gone=lambda _: None,
                             spawn=lambda _: None)
    session.browser, session._attached = browser, attached
    return session


def test_each_other_context_is_granted_once_before_workers_start():
    cdp = FakeCdp(contexts=["C1"])
    browser = FakeBrowser(cdp)
    session = _session(browser)
    asyncio.run(session.workers.before_mark())
    cdp._contexts.append("C2")
    asyncio.run(session.workers.before_mark())
    granted = [p["browserContextId"] for m, p in cdp.sent if m == "Browser.grantPermissions"]
    assert granted == ["C1", "C2"]
    assert browser.sessions == 1


def test_a_launched_browser_needs_no_grants():
    cdp = FakeCdp(contexts=["C1"])
    session = _session(FakeBrowser(cdp), attached=False)
    asyncio.run(session.workers.before_mark())
    assert cdp.sent == []

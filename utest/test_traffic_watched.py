"""Traffic beside watches: a watch's sockets are the browser's, never the traffic's."""

from fakes import Net

from WsRouteLibrary.engine.watching import WatchedSocket
from WsRouteLibrary.model.registry import Route
from WsRouteLibrary.model.urlpattern import UrlPattern


class _Ws:
    url = "ws://h/live"


def _watched(net, page):
    watch = Route(UrlPattern("**/live"), None, net.owner, watch=True)
    net.registry.add(watch)
    socket = WatchedSocket(1, _Ws(), page, hooked=True)
    socket.route, socket.number, socket.opened = watch, 1, True
    watch.sockets.append(socket)
    return watch, socket


def test_page_gone_leaves_a_watched_socket_to_the_watcher():
    net, page = Net(), object()
    net.route()
    ws, routed = net.open(page=page)
    watch, watched = _watched(net, page)
    net.traffic.page_gone(page)  # the page's close: Playwright calls this before the watcher
    assert routed.closed and not watched.closed and watch.journal.entries == []


def test_browser_gone_leaves_a_watched_socket_to_the_watcher():
    net = Net()
    watch, watched = _watched(net, object())
    net.traffic.browser_gone("browser closed")
    assert not watched.closed and watch.journal.entries == []

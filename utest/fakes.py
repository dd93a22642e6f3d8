"""Fakes of Playwright's WebSocketRoute, page side and server side, for traffic unit tests."""

URL = "ws://h/chat"


class FakeSide:
    """What Traffic uses of one side of a Playwright ``WebSocketRoute``."""

    def __init__(self, url):
        self.url = url
        self.sent = []
        self.closes = []
        self.message_handler = None
        self.close_handler = None

    def send(self, message):
        self.sent.append(message)

    async def close(self, code=None, reason=None):
        self.closes.append((code, reason))

    def on_message(self, handler):
        assert self.message_handler is None, "a second message handler"
        self.message_handler = handler

    def on_close(self, handler):
        assert self.close_handler is None, "a second close handler"
        self.close_handler = handler

    # What the browser does: the other end sends a message or closes.

    def message(self, message):
        self.message_handler(message)

    def closed(self, code=None, reason=None):
        self.close_handler(code, reason)


class FakeServer(FakeSide):
    """The server side ``connect_to_server`` returns."""


class FakeWebSocketRoute(FakeSide):
    """The page side: a routed WebSocket as a dispatcher gets it."""

    def __init__(self, url=URL):
        super().__init__(url)
        self.servers = []

    def connect_to_server(self):
        server = FakeServer(self.url)
        self.servers.append(server)
        return server

    @property
    def server(self):
        assert len(self.servers) == 1, f"connected {len(self.servers)} times"
        return self.servers[0]

"""PollingSocket.take: a page's poll answers with what reaches the page first."""

from __future__ import annotations

import asyncio

from WsRouteLibrary.protocols.engineio import PollingSocket
from WsRouteLibrary.protocols.socketio import NOOP


def run(coroutine):
    return asyncio.run(coroutine)


def test_waiting_frames_go_at_once():
    async def main():
        socket = PollingSocket("ws://127.0.0.1:1/socket.io/?EIO=4&transport=polling", 25)
        socket.send('42["a"]')
        return await socket.take(10)

    assert run(main()) == '42["a"]'


def test_a_frame_that_comes_late_answers_the_waiting_poll():
    async def main():
        socket = PollingSocket("ws://127.0.0.1:1/socket.io/?EIO=4&transport=polling", 25)
        server_poll = asyncio.get_running_loop().create_future()  # the server says nothing
        asyncio.get_running_loop().call_later(0.01, socket.send, '42["late"]')
        return await socket.take(10, server_poll)

    assert run(main()) == '42["late"]'


def test_a_server_answer_with_nothing_for_the_page_is_a_noop_at_once():
    async def main():
        socket = PollingSocket("ws://127.0.0.1:1/socket.io/?EIO=4&transport=polling", 25)
        server_poll = asyncio.get_running_loop().create_future()
        server_poll.set_result(None)  # its frames were dropped by a rule, say
        return await asyncio.wait_for(socket.take(10, server_poll), 1)

    assert run(main()) == NOOP


class _Poll:
    """A page's GET, as Playwright's route hands it over: fulfilled once."""

    def __init__(self, url: str):
        self.request = type("Request", (), {"url": url, "method": "GET"})()
        self.answers: list[dict] = []

    async def fulfill(self, **answer):
        self.answers.append(answer)


def test_a_poll_while_the_page_probes_its_upgrade_is_not_held():
    # engine.io-client re-polls when the probe's noop answers its poll before the probe's
    # pong reaches it; that poll must end soon (an Engine.IO server sends noops while a
    # probe is under way), or the client's pause, and every packet it keeps for the new
    # transport (a binary event's attachment), waits a whole ping interval.
    from WsRouteLibrary.protocols.engineio import EngineIO

    async def main():
        url = "http://127.0.0.1:1/socket.io/?EIO=4&transport=polling&sid=s"
        socket = PollingSocket(url, 3600)  # a poll held for its wait would outlast the test
        socket.probe = (object(), None)
        poll = _Poll(url)
        await asyncio.wait_for(EngineIO(None)._get(poll, socket), 5)
        return poll.answers

    assert [a["body"] for a in run(main())] == [NOOP]


def test_without_a_probe_a_poll_waits_for_what_comes():
    from WsRouteLibrary.protocols.engineio import EngineIO

    async def main():
        url = "http://127.0.0.1:1/socket.io/?EIO=4&transport=polling&sid=s"
        socket = PollingSocket(url, 3600)
        poll = _Poll(url)
        asyncio.get_running_loop().call_later(0.2, socket.send, '42["later"]')
        await asyncio.wait_for(EngineIO(None)._get(poll, socket), 5)
        return poll.answers

    assert [a["body"] for a in run(main())] == ['42["later"]']

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

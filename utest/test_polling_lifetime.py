"""A polling session's end: by its page (gone) or by the library (its close packet)."""

from __future__ import annotations

import asyncio

from WsRouteLibrary.protocols.polling import CLOSE, GOING_AWAY, PollingSocket
from WsRouteLibrary.protocols.socketio import NOOP

URL = "ws://127.0.0.1:1/socket.io/?EIO=4&transport=polling"


def test_the_close_packet_answers_a_poll_of_its_own():
    async def main():
        socket = PollingSocket(URL, 25)
        socket.send('42["held"]')
        await socket.close()
        return [await socket.take(0), await socket.take(0), socket.drained]

    # A client handles a payload's close before the messages ahead of it reach the app.
    assert asyncio.run(main()) == ['42["held"]', CLOSE, True]


def test_a_closed_session_takes_nothing_more_and_sends_nothing_more():
    async def main():
        socket = PollingSocket(URL, 25)
        heard: list = []
        socket.on_message(heard.append)
        await socket.close()
        socket.from_page(['42["late"]'])
        socket.send('42["after"]')
        return heard, await socket.take(0), await socket.take(0)

    assert asyncio.run(main()) == ([], CLOSE, NOOP)


def test_a_page_that_left_closes_its_side_going_away_once():
    async def main():
        socket = PollingSocket(URL, 25, page="page")
        closes: list = []
        socket.on_close(lambda code, reason: closes.append((code, reason)))
        waiting = asyncio.ensure_future(socket.take(10))
        await asyncio.sleep(0)
        socket.page_left()
        socket.page_left()
        return closes, await asyncio.wait_for(waiting, 1), socket.drained

    assert asyncio.run(main()) == ([(GOING_AWAY, "")], NOOP, True)


def test_an_upgraded_session_leaves_its_close_to_the_websocket():
    socket = PollingSocket(URL, 25)
    closes: list = []
    socket.on_close(lambda code, reason: closes.append(code))
    socket.upgraded = True
    socket.page_left()
    assert closes == []

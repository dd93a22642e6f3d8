"""A WebSocket echo server in a process of its own: the one reliability/server_crash.robot
kills, and the server of bench/run.py's connected benchmarks.

Listens on a free port of 127.0.0.1, prints the port as its first line, then
sends every message back (``push N`` is answered with ``tick 1`` .. ``tick
N`` instead, at most about 5,000 a second) until its standard input closes
or it is killed. Compression is off, so the browser and Playwright's driver talk to it the
same way. TestKit.start_port_process starts it and reads the port.
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import serve


async def echo(websocket) -> None:
    async for message in websocket:
        if isinstance(message, str) and message.startswith("push "):
            for number in range(1, int(message.split()[1]) + 1):
                await websocket.send(f"tick {number}")
                if number % 50 == 0:  # a steady stream, not one burst
                    await asyncio.sleep(0.01)
        else:
            await websocket.send(message)


async def main() -> None:
    async with serve(echo, "127.0.0.1", 0, compression=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())

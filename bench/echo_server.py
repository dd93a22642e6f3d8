"""A WebSocket echo server on a free port of 127.0.0.1, for bench/run.py.

Run as a separate process so that its work never competes with the
benchmark's Python for the GIL. It prints its port as the first line of its
standard output, then sends every message back until its standard input
closes (the benchmark closes it when it ends). Compression is off, so the
browser and Playwright's driver talk to it the same way.
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import serve


async def echo(websocket) -> None:
    async for message in websocket:
        await websocket.send(message)


async def main() -> None:
    async with serve(echo, "127.0.0.1", 0, compression=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    asyncio.run(main())

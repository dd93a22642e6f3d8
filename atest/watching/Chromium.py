"""A Chromium of its own with a DevTools port, for 'Attach To Browser' (no other library needed).

Chromium picks a free port of 127.0.0.1 itself (``--remote-debugging-port=0``)
and names it in its profile's ``DevToolsActivePort`` file. The suite
teardown stops it, and at the latest the Robot Framework process's exit.
"""

from __future__ import annotations

import atexit
import subprocess
import tempfile
import time
from pathlib import Path

from robot.api.deco import keyword, library


@library(scope="GLOBAL")
class Chromium:
    def __init__(self):
        self._process: subprocess.Popen | None = None
        self._profile: tempfile.TemporaryDirectory | None = None
        atexit.register(self.stop_chromium)

    @keyword
    def start_chromium(self, executable: str, timeout: float = 30) -> str:
        """Starts a headless Chromium with a DevTools port; returns ``http://127.0.0.1:PORT``."""
        self.stop_chromium()
        self._profile = tempfile.TemporaryDirectory(prefix="wsroute-chromium-")
        profile = Path(self._profile.name)
        self._process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "--no-first-run", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + float(timeout)
        while time.monotonic() < deadline and self._process.poll() is None:
            if active.exists() and active.read_text().strip():
                return f"http://127.0.0.1:{active.read_text().split()[0]}"
            time.sleep(0.1)
        self.stop_chromium()
        raise AssertionError("Chromium did not open a DevTools port.")

    @keyword
    def stop_chromium(self) -> None:
        """Stops the Chromium started here; safe to call twice."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

"""Benchmarks of WsRouteLibrary against raw Playwright; prints a table.

Run with ``make bench``, or ``.venv/bin/python bench/run.py [--quick]``.
bench/README.md describes each benchmark and how to read the figures. The
script only measures and prints: it asserts nothing about times.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from WsRouteLibrary.datatypes import Direction, MatchMode, RuleKind
from WsRouteLibrary.engine import Engine
from WsRouteLibrary.engine.traffic import Socket
from WsRouteLibrary.model.har import SocketTraffic, build_har, read_har, write_har
from WsRouteLibrary.model.matching import Matcher
from WsRouteLibrary.model.registry import Route, Rule
from WsRouteLibrary.model.replay import Replay, ReplayTiming
from WsRouteLibrary.model.urlpattern import UrlPattern

# The acceptance tests' kit: their echo server and the way to start and stop it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "atest" / "resources"))
from TestKit import ECHO_PROCESS, start_port_process, stop_process  # noqa: E402

MOCK = "ws://bench.test"  # mocked sockets never contact a server, so any host will do
PING, PONG = "ping", "pong"
FLOOD, ACK = "flood", "ack"
RULES = 1000
FLOOD_MESSAGES = 10_000
JOURNAL_MESSAGES = 50_000
HAR_MESSAGES = 100_000  # ping / pong pairs of one recorded conversation

# Installed in each page: opens named sockets and times traffic on them with
# the page's own clock, performance.now().
PAGE_JS = """
() => {
  const limit = (promise, what) => Promise.race([promise, new Promise((_, fail) =>
    setTimeout(() => fail(new Error(`${what} took over five minutes`)), 300000))]);
  window.bench = {
    sockets: {},
    async open(name, url) {
      const ws = new WebSocket(url);
      await limit(new Promise((opened, failed) => {
        ws.onopen = opened;
        ws.onerror = () => failed(new Error(`cannot open ${url}`));
      }), `opening ${url}`);
      this.sockets[name] = ws;
    },
    // n sequential round trips (send, wait for the answer, send again);
    // microseconds per round trip.
    async roundTrips(name, n, message) {
      const ws = this.sockets[name];
      const start = performance.now();
      await limit(new Promise((done) => {
        let left = n;
        ws.onmessage = () => (--left === 0 ? done() : ws.send(message));
        ws.send(message);
      }), `round trips on ${name}`);
      return (performance.now() - start) * 1000 / n;
    },
    // n messages sent back to back, then n answers awaited; microseconds
    // per message from the first send to the last answer.
    async flood(name, n, message) {
      const ws = this.sockets[name];
      const start = performance.now();
      await limit(new Promise((done) => {
        let left = n;
        ws.onmessage = () => { if (--left === 0) done(); };
        for (let i = 0; i < n; i++) ws.send(message);
      }), `flood on ${name}`);
      return (performance.now() - start) * 1000 / n;
    },
    // n sockets opened one after another on url, each timed from its construction to
    // its first message (a greeting sent at its open), then closed; microseconds each.
    async greetings(url, n) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const start = performance.now();
        const ws = new WebSocket(url);
        await limit(new Promise((done, failed) => {
          ws.onmessage = done;
          ws.onerror = () => failed(new Error(`cannot open ${url}`));
        }), `a greeting on ${url}`);
        total += performance.now() - start;
        ws.close();
      }
      return total * 1000 / n;
    },
    // As flood, each message numbered (each a string of its own, as an app's are).
    async floodNumbered(name, n, prefix) {
      const ws = this.sockets[name];
      await limit(new Promise((done) => {
        let left = n;
        ws.onmessage = () => { if (--left === 0) done(); };
        for (let i = 0; i < n; i++) ws.send(prefix + i);
      }), `numbered flood on ${name}`);
    },
  };
}
"""


# ------------------------------------------------------------ measuring


class Schedule:
    """How a benchmark's variants take turns.

    A round gives every variant ``turns`` turns of ``count`` units (round
    trips or messages). Rounds go on until ``budget`` seconds are spent, at
    least ``least`` and at most ``most`` of them.
    """

    def __init__(self, count: int, turns: int, least: int, most: int, budget: float,
                 warm_up: int):
        self.count = count
        self.turns = turns
        self.least = least
        self.most = most
        self.budget = budget
        self.warm_up = warm_up


# A measurement: (wall-clock µs per unit, Python CPU µs per unit).
Figure = tuple[float, float]


def interleaved(measures: dict[str, Callable[[int], Figure]],
                schedule: Schedule) -> dict[str, list[Figure]]:
    """Each variant's figure per round, the variants measured in turns.

    Which variant goes first rotates from turn to turn (AB BA AB ...), so
    slow drifts of the machine's load hit every variant alike. A round's
    figure is the mean of the variant's turns.
    """
    names = list(measures)
    for name in names:  # unmeasured: JIT, caches, first allocations
        measures[name](schedule.warm_up)
    figures: dict[str, list[Figure]] = {name: [] for name in names}
    started = time.monotonic()
    turn = 0
    for done in range(schedule.most):
        spent = time.monotonic() - started
        if done >= schedule.least and spent / done * (done + 1) > schedule.budget:
            break
        sums = {name: [0.0, 0.0] for name in names}
        for _ in range(schedule.turns):
            first = turn % len(names)
            for name in names[first:] + names[:first]:
                wall, cpu = measures[name](schedule.count)
                sums[name][0] += wall
                sums[name][1] += cpu
            turn += 1
        for name in names:
            wall, cpu = sums[name]
            figures[name].append((wall / schedule.turns, cpu / schedule.turns))
    return figures


class Comparison:
    """A subject against its baseline: medians of the rounds and of their ratios."""

    def __init__(self, subject: list[Figure], baseline: list[Figure]):
        self.rounds = len(subject)
        self.wall = _median(subject, 0)
        self.baseline_wall = _median(baseline, 0)
        self.wall_ratios = [s[0] / b[0] for s, b in zip(subject, baseline, strict=True)]
        self.cpu = _median(subject, 1)
        self.baseline_cpu = _median(baseline, 1)
        self.cpu_ratios = [s[1] / b[1] for s, b in zip(subject, baseline, strict=True)]


def _median(figures: list[Figure], index: int) -> float:
    return statistics.median(figure[index] for figure in figures)


# ------------------------------------------------------ in-process figures


class FakeWebSocket:
    """Stands in for Playwright's WebSocketRoute where no browser is needed."""

    url = f"{MOCK}/in-process"

    def send(self, message) -> None:
        pass


def reply_rule(message: str | None, reply: str) -> Rule:
    return Rule(RuleKind.reply, Direction.sent, Matcher(message, "exact"), [reply])


class SendsAtOnce:
    """The engine's scheduling for traffic driven from this thread, no browser: a
    send, which the engine hands to its loop to run next (its Playwright call then
    starts from a short stack), runs at once. So its cost counts where it is caused,
    and no callbacks pile up on a loop that this thread does not turn."""

    def __init__(self, engine: Engine):
        self.traffic = engine.traffic
        self.tasks = engine.traffic.tasks

    def __enter__(self) -> SendsAtOnce:
        self.traffic.tasks = self
        return self

    def __exit__(self, *_: object) -> None:
        self.traffic.tasks = self.tasks

    def call_soon(self, function: Callable[..., object], *args: object) -> None:
        function(*args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.tasks, name)


def in_process_socket(engine: Engine, rules: int, expected: str | None = PING) -> Socket:
    """A socket of a route outside the registry with ``rules`` reply rules,
    the one that answers oldest, so the newest-first scan tries every rule."""
    route = Route(UrlPattern("**/in-process"), owner=engine.owners.current)
    route.add_rule(reply_rule(expected, PONG))
    for number in range(1, rules):
        route.add_rule(reply_rule(f"other {number}", "never"))
    return Socket(0, route, FakeWebSocket(), None, engine.traffic.raw_road)


def library_cpu(engine: Engine, rules: int, rounds: int) -> float:
    """CPU µs the library spends on one mocked message: rule, reply, journal.

    Thread CPU time, so time the machine gives to other processes does not
    count.
    """
    socket = in_process_socket(engine, rules)
    count = 20_000 // rules + 200
    times = []
    for _ in range(rounds):
        start = time.thread_time()
        for _ in range(count):
            socket.road.from_page(socket, PING)
        times.append((time.thread_time() - start) / count * 1e6)
        socket.route.journal.entries.clear()
    return statistics.median(times)


def journal_bytes(engine: Engine) -> float:
    """Bytes the journal keeps per recorded message, payloads not counted.

    Goes through the library's handling of a page message with a reply
    rule, so each message records a sent and a received entry.
    """
    socket = in_process_socket(engine, 1, expected=None)
    # The page's messages exist whether or not they are recorded.
    payloads = [f"message number {n:08d}" for n in range(JOURNAL_MESSAGES)]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for payload in payloads:
        socket.road.from_page(socket, payload)
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return kept / len(socket.route.journal.entries)


def ping_pong_har(folder: str) -> str:
    """A HAR of one socket whose page sent ``ping`` HAR_MESSAGES / 2 times, each
    answered with ``pong``, written as Save WebSocket Traffic writes it."""
    messages = []
    for number in range(HAR_MESSAGES // 2):
        messages += [(True, PING, number * 0.01), (False, PONG, number * 0.01 + 0.001)]
    socket = SocketTraffic(1, f"{MOCK}/recorded", 0.0, None, False, messages)
    path = Path(folder) / "ping-pong.har"
    write_har(path, build_har([socket], time.time(), "bench", "1"))
    return str(path)


def load_recording(path: str) -> Replay:
    """What Replay WebSocket Traffic does with a file before the route takes it."""
    recording = read_har(path)
    return Replay(recording, recording.conversations, "**/replay", MatchMode.exact)


def replay_cpu(engine: Engine, path: str, rounds: int) -> float:
    """CPU µs the library spends on one replayed page message: compared with the
    recording, answered with the recorded reply, both recorded in the journal."""
    replay = load_recording(path)
    count = 20_000
    times = []
    for _ in range(rounds):
        route = Route(UrlPattern("**/in-process"), owner=engine.owners.current)
        route.replay = replay
        socket = Socket(0, route, FakeWebSocket(), None, engine.traffic.raw_road)
        replay.start(socket, "#0")
        start = time.thread_time()
        for _ in range(count):
            socket.road.from_page(socket, PING)
        times.append((time.thread_time() - start) / count * 1e6)
    return statistics.median(times)


def har_load(path: str, rounds: int) -> tuple[float, float]:
    """Seconds to load the HAR (median of ``rounds``), and the peak MiB that
    Python allocates meanwhile (tracemalloc, a separate run)."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.perf_counter()
        load_recording(path)
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    replay = load_recording(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(replay.conversations[0].messages) == HAR_MESSAGES
    return statistics.median(times), peak / 2**20


# ---------------------------------------------------------------- browser


class Browser:
    """The library's engine with a browser, plus raw Playwright in it.

    Raw Playwright uses the engine's own Playwright connection and event
    loop: ``run`` hands a coroutine to that loop, as the engine does for
    its own methods. Library and baseline then share the process, the
    browser, the driver, the thread and (but for "no routing") the page;
    only the Python that handles each message differs.
    """

    def __init__(self, fast_path: bool = False):
        self.engine = Engine(headless=True, fast_path=fast_path)
        self.engine.launch()
        self.run = self.engine.loop.run
        # The library's page: the engine routes its context's sockets.
        self.page = self.engine.session.pages[self.engine.open_page()]
        self.run(self.page.evaluate(PAGE_JS))
        # A page in a second context of the same browser, with no routing at all.
        self.plain_page = self.run(self._plain_page())
        self.run(self.plain_page.evaluate(PAGE_JS))

    async def _plain_page(self):
        context = await self.engine.session.browser.new_context()
        return await context.new_page()

    @property
    def version(self) -> str:
        return self.engine.session.browser.version

    def route_raw(self, pattern: str, handler: Callable, page=None) -> None:
        """Routes pattern on the library's page (or ``page``) with a hand-written handler.

        A page route takes its sockets before the library's context route
        is asked; which route handles a socket is settled when it opens.
        """
        self.run((page or self.page).route_web_socket(pattern, handler))

    def open(self, name: str, url: str, page=None) -> None:
        self.run((page or self.page).evaluate("([n, u]) => bench.open(n, u)", [name, url]))

    def measure(self, function: str, name: str, message: str, page=None,
                before: Callable[[], object] = lambda: None) -> Callable[[int], Figure]:
        """Times ``bench.<function>`` on socket name: the page's clock, and the
        CPU this process spends meanwhile (Playwright's client and the library)."""
        page = page or self.page

        def measure(count: int) -> Figure:
            before()
            cpu = time.process_time()
            wall = self.run(page.evaluate(f"([n, c, m]) => bench.{function}(n, c, m)",
                                          [name, count, message]))
            return wall, (time.process_time() - cpu) / count * 1e6

        return measure

    def close(self) -> None:
        self.engine.shutdown()


def raw_reply(expected: str, reply: str) -> Callable:
    """The hand-written equivalent of 'Reply When Sent    expected    reply'."""

    def handler(ws) -> None:
        def on_message(message) -> None:
            if message == expected:
                ws.send(reply)

        ws.on_message(on_message)

    return handler


def raw_reply_any(reply: str) -> Callable:
    """The hand-written equivalent of 'Reply When Sent    *    reply'."""

    def handler(ws) -> None:
        ws.on_message(lambda message: ws.send(reply))

    return handler


def raw_forward(ws) -> None:
    """A hand-written pass-through that sees every message both ways."""
    server = ws.connect_to_server()
    ws.on_message(server.send)
    server.on_message(ws.send)


class EchoServer:
    """atest/resources/echo_process.py, the acceptance tests' echo server, in a process of
    its own, so that its work never competes with the benchmark's Python for the GIL."""

    def __init__(self):
        self.process, port = start_port_process([sys.executable, str(ECHO_PROCESS)])
        self.url = f"ws://127.0.0.1:{port}"

    def close(self) -> None:
        stop_process(self.process, timeout=10)


# ------------------------------------------------------------- benchmarks


def mock_round_trip(browser: Browser, schedule: Schedule, raw_page=None,
                    times: int | None = None) -> Comparison:
    """Benchmark 1; ``raw_page``: where the raw handler's socket is (the library's page).
    Benchmark 10d with ``times``: the rule has that count, which the page spends itself
    on the fast path while its socket is the route's only one."""
    engine = browser.engine
    name = "reply" if times is None else "times"
    engine.route(f"**/lib-{name}")
    engine.add_rule(None, Rule(RuleKind.reply, Direction.sent, Matcher(PING, "exact"), [PONG],
                               times=times))
    browser.route_raw(f"**/raw-{name}", raw_reply(PING, PONG), raw_page)
    browser.open(f"lib-{name}", f"{MOCK}/lib-{name}")
    browser.open(f"raw-{name}", f"{MOCK}/raw-{name}", raw_page)
    figures = interleaved({
        "lib": browser.measure("roundTrips", f"lib-{name}", PING),
        "raw": browser.measure("roundTrips", f"raw-{name}", PING, raw_page),
    }, schedule)
    return Comparison(figures["lib"], figures["raw"])


def greeting(browser: Browser, schedule: Schedule, raw_page=None) -> Comparison:
    """Benchmark 10e: a socket's open until its first message, 'Send On Open    hello'
    against a raw handler that sends it when Playwright hands it the socket."""
    engine = browser.engine
    engine.route("**/lib-greet")
    engine.add_rule(None, Rule(RuleKind.on_open, None, replies=["hello"]))

    def raw_greet(ws) -> None:
        ws.send("hello")

    browser.route_raw("**/raw-greet", raw_greet, raw_page)

    def opens(url: str, page) -> Callable[[int], Figure]:
        def measure(count: int) -> Figure:
            cpu = time.process_time()
            wall = browser.run(page.evaluate("([u, n]) => bench.greetings(u, n)", [url, count]))
            return wall, (time.process_time() - cpu) / count * 1e6
        return measure

    figures = interleaved({
        "lib": opens(f"{MOCK}/lib-greet", browser.page),
        "raw": opens(f"{MOCK}/raw-greet", raw_page or browser.page),
    }, schedule)
    return Comparison(figures["lib"], figures["raw"])


def flood(browser: Browser, schedule: Schedule, raw_page=None) -> Comparison:
    """Benchmark 2; ``raw_page`` as for ``mock_round_trip``."""
    engine = browser.engine
    engine.route("**/lib-flood")
    engine.add_rule(None, reply_rule(FLOOD, ACK))
    browser.route_raw("**/raw-flood", raw_reply(FLOOD, ACK), raw_page)
    browser.open("lib-flood", f"{MOCK}/lib-flood")
    browser.open("raw-flood", f"{MOCK}/raw-flood", raw_page)
    figures = interleaved({
        # Each flood starts with an empty journal, as in a fresh test.
        "lib": browser.measure("flood", "lib-flood", FLOOD,
                               before=lambda: engine.clear("**/lib-flood")),
        "raw": browser.measure("flood", "raw-flood", FLOOD, raw_page),
    }, schedule)
    return Comparison(figures["lib"], figures["raw"])


def journal_catch_up(browser: Browser, rounds: int = 4) -> float:
    """On the fast path, a flood the page answers itself is recorded when the page's
    batches arrive: microseconds per message from the flood's first send until the
    library's journal holds every entry of it (median of ``rounds``)."""
    engine = browser.engine
    engine.route("**/lib-catch-up")
    engine.add_rule(None, reply_rule(FLOOD, ACK))
    browser.open("lib-catch-up", f"{MOCK}/lib-catch-up")
    route = engine.registry.by_pattern("**/lib-catch-up")
    times = []
    for _ in range(rounds):
        engine.clear("**/lib-catch-up")
        start = time.perf_counter()
        browser.run(browser.page.evaluate("([n, c, m]) => bench.flood(n, c, m)",
                                          ["lib-catch-up", FLOOD_MESSAGES, FLOOD]))
        while len(route.journal.entries) < 2 * FLOOD_MESSAGES:  # read, not changed, here
            time.sleep(0.001)
        times.append((time.perf_counter() - start) * 1e6 / FLOOD_MESSAGES)
    return statistics.median(times)


def flood_memory(browser: Browser) -> tuple[float, float]:
    """Bytes of Python memory a flood leaves held, per message recorded.

    The page floods FLOOD_MESSAGES numbered messages on a mocked route whose
    rule answers each (two recorded messages each), and the same on the raw
    handler's route; ``tracemalloc`` counts what is still allocated once the
    floods' work is done, after ``gc.collect()``: for the library its journal
    (entries, payloads, numbers, times), for raw Playwright what its client
    keeps. Both per recorded message (two per flood message).
    """
    engine = browser.engine
    engine.route("**/lib-memory")
    engine.add_rule(None, reply_rule(None, ACK))
    browser.route_raw("**/raw-memory", raw_reply_any(ACK))
    held = []
    for name in ("lib-memory", "raw-memory"):
        browser.open(name, f"{MOCK}/{name}")
        flood_numbered = f"([n, c]) => bench.floodNumbered('{name}', c, 'm ' + n)"
        browser.run(browser.page.evaluate(flood_numbered, [name, 200]))  # warm
        if name == "lib-memory":
            engine.clear("**/lib-memory")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        browser.run(browser.page.evaluate(flood_numbered, [name, FLOOD_MESSAGES]))
        time.sleep(1)  # Playwright's last sends finish their round trips to the driver
        gc.collect()
        held.append((tracemalloc.get_traced_memory()[0] - before) / (2 * FLOOD_MESSAGES))
        tracemalloc.stop()
    return held[0], held[1]


def replay_round_trip(browser: Browser, schedule: Schedule, har: str) -> Comparison:
    """Round trips answered by a replayed recording against a Reply When Sent rule."""
    engine = browser.engine
    engine.route("**/lib-replay")
    engine.replay(None, read_har(har), "**", MatchMode.exact, [], ReplayTiming.immediate, True)
    engine.route("**/lib-rule")
    engine.add_rule(None, reply_rule(PING, PONG))
    browser.open("replay", f"{MOCK}/lib-replay")
    browser.open("rule", f"{MOCK}/lib-rule")
    figures = interleaved({
        "replay": browser.measure("roundTrips", "replay", PING),
        "rule": browser.measure("roundTrips", "rule", PING),
    }, schedule)
    return Comparison(figures["replay"], figures["rule"])


def rule_scale(browser: Browser, schedule: Schedule) -> Comparison:
    engine = browser.engine
    for count in (1, RULES):
        engine.route(f"**/lib-rules-{count}")
        engine.add_rule(None, reply_rule(PING, PONG))  # the oldest rule: tried last
        for number in range(1, count):
            engine.add_rule(None, reply_rule(f"other {number}", "never"))
        browser.open(f"rules-{count}", f"{MOCK}/lib-rules-{count}")
    figures = interleaved({
        "many": browser.measure("roundTrips", f"rules-{RULES}", PING),
        "one": browser.measure("roundTrips", "rules-1", PING),
    }, schedule)
    return Comparison(figures["many"], figures["one"])


def pass_through(browser: Browser, server: EchoServer,
                 schedule: Schedule) -> dict[str, Comparison]:
    engine = browser.engine
    engine.route(f"{server.url}/lib")
    engine.connect(None)
    browser.route_raw("**/raw-forward", raw_forward)
    browser.open("lib-connected", f"{server.url}/lib")
    browser.open("raw-forward", f"{server.url}/raw-forward")
    browser.open("unrouted", f"{server.url}/unrouted")
    browser.open("direct", f"{server.url}/direct", browser.plain_page)
    figures = interleaved({
        "lib": browser.measure("roundTrips", "lib-connected", PING),
        "direct": browser.measure("roundTrips", "direct", PING, browser.plain_page),
        "raw": browser.measure("roundTrips", "raw-forward", PING),
        "unrouted": browser.measure("roundTrips", "unrouted", PING),
    }, schedule)
    return {
        "lib": Comparison(figures["lib"], figures["direct"]),
        "raw": Comparison(figures["raw"], figures["direct"]),
        "lib/raw": Comparison(figures["lib"], figures["raw"]),
        "unrouted": Comparison(figures["unrouted"], figures["direct"]),
    }


def watched_round_trip(browser: Browser, server: EchoServer, schedule: Schedule) -> Comparison:
    """Round trips on a watched socket (Watch WebSocket: recorded, not routed) against a
    page of the plain context talking to the same server with no routing at all."""
    browser.engine.watch(f"{server.url}/watched")
    browser.open("watched", f"{server.url}/watched")
    browser.open("direct-watched", f"{server.url}/direct-watched", browser.plain_page)
    figures = interleaved({
        "watched": browser.measure("roundTrips", "watched", PING),
        "direct": browser.measure("roundTrips", "direct-watched", PING, browser.plain_page),
    }, schedule)
    return Comparison(figures["watched"], figures["direct"])


# ----------------------------------------------------------------- report


def schedules(quick: bool) -> dict[str, Schedule]:
    """Turn sizes, round counts and time budgets (seconds) per benchmark."""
    scale = 0.25 if quick else 1.0
    least = 3 if quick else 5

    def trips(budget: float) -> Schedule:
        return Schedule(50, 4, least, 30, budget * scale, warm_up=100)

    return {
        "round trip": trips(20),
        "socket.io": trips(20),
        "flood": Schedule(FLOOD_MESSAGES, 1, 4, 12, 120 * scale, warm_up=1000),
        "rules": trips(20),
        "replay": trips(20),
        "pass-through": trips(35),
        "latency": trips(20),
        "watched": trips(20),
        # Each turn opens and closes sockets: fewer of them, as each is a socket's life.
        "greeting": Schedule(10, 4, least, 30, 20 * scale, warm_up=10),
    }


def machine(browser_version: str) -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"Machine: {cores} cores (nproc), {cpu}; Python {platform.python_version()}, "
        f"Playwright {version('playwright')}, Chromium {browser_version}, "
        f"websockets {version('websockets')}"
    )


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def us(value: float) -> str:
    return f"{value:,.0f} µs"


def rate(us_per_message: float) -> str:
    return f"{1e6 / us_per_message:,.0f} msg/s"


def row(name: str, subject: str = "", baseline: str = "", ratios: list[float] | None = None,
        rounds: object = "", note: str = "") -> str:
    ratio = spread = ""
    if ratios:
        ratio = f"{statistics.median(ratios):.2f}"
        if len(ratios) > 1:
            low, _, high = statistics.quantiles(ratios, n=4)
            spread = f"{low:.2f}-{high:.2f}"
    return (f"{name:<33}{subject:>14}{baseline:>14}{ratio:>7}  {spread:<11}"
            f"{rounds!s:>6}  {note}").rstrip()


def rows(name: str, result: Comparison, show: Callable[[float], str], note: str,
         cpu_unit: str) -> list[str]:
    """A benchmark's wall-clock row and its Python CPU row."""
    return [
        row(name, show(result.wall), show(result.baseline_wall), result.wall_ratios,
            result.rounds, note),
        row(f"  Python CPU per {cpu_unit}", us(result.cpu), us(result.baseline_cpu),
            result.cpu_ratios),
    ]


def main() -> None:
    from latency import latency_accuracy, latency_isolation  # bench/latency.py, as below
    from protocols import protocol_round_trips, protocol_rows  # bench/protocols.py imports this

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller budgets, for a quick look")
    plan = schedules(parser.parse_args().quick)
    started = time.monotonic()
    load_before = load()

    offline = Engine()
    folder = tempfile.TemporaryDirectory(prefix="wsroute-bench-")
    try:
        with SendsAtOnce(offline):
            cpu_one = library_cpu(offline, 1, 9)
            cpu_many = library_cpu(offline, RULES, 9)
            memory = journal_bytes(offline)
            har = ping_pong_har(folder.name)
            har_mib = os.path.getsize(har) / 2**20
            load_seconds, load_peak = har_load(har, 5)
            cpu_replay = replay_cpu(offline, har, 9)
    finally:
        offline.shutdown()

    server = EchoServer()
    browser = Browser()
    try:
        browser_version = browser.version
        round_trip = mock_round_trip(browser, plan["round trip"])
        # Before the protocol and fault benchmarks: what they leave running on
        # the library's page (timers, heartbeats) is not the watch's to carry.
        watched = watched_round_trip(browser, server, plan["watched"])
        # Latency while the process is lean: the floods and the 100,000-message
        # replay later fill the heap, and the garbage collector's pauses would
        # show as the page's noise, not the latency's.
        accuracy = latency_accuracy(browser)
        isolated = latency_isolation(browser, plan["latency"])
        speaking = protocol_round_trips(browser, plan["socket.io"])
        flooded = flood(browser, plan["flood"])
        rules = rule_scale(browser, plan["rules"])
        passing = pass_through(browser, server, plan["pass-through"])
        replayed = replay_round_trip(browser, plan["replay"], har)
        held, raw_held = flood_memory(browser)
    finally:
        browser.close()
        server.close()
        folder.cleanup()
    # The fast path (fast_path=True): the library's sockets over its relay.
    fast = Browser(fast_path=True)
    try:
        # The raw handler's socket is on the plain page of the same browser: the fast path
        # sends sockets that no library route takes past Playwright's mock, so a raw route
        # beside the library's script would not be asked.
        fast_trip = mock_round_trip(fast, plan["round trip"], fast.plain_page)
        fast_flood = flood(fast, plan["flood"], fast.plain_page)
        fast_times = mock_round_trip(fast, plan["round trip"], fast.plain_page, times=10**9)
        fast_greeting = greeting(fast, plan["greeting"], fast.plain_page)
        caught_up = journal_catch_up(fast)
    finally:
        fast.close()

    lines = [
        f"{'Benchmark':<33}{'Library':>14}{'Baseline':>14}{'Ratio':>7}  {'IQR':<11}"
        f"{'Rounds':>6}  Target / baseline",
        *rows("1 Mock round trip", round_trip, us, "<= 1.10 vs raw Playwright handler",
              "round trip"),
        *protocol_rows(speaking),
        *rows(f"2 Flood, {FLOOD_MESSAGES:,} messages", flooded, rate,
              "<= 1.10 (time) vs raw Playwright handler", "message"),
        row("  memory held per message", f"{held:,.0f} B", f"{raw_held:,.0f} B",
            note="after a numbered flood, per recorded message (tracemalloc; payload "
                 "included) vs raw"),
        *rows(f"3 Rule scale, {RULES:,} rules", rules, us, "<= 1.25 vs the same with 1 rule",
              "round trip"),
        *rows("4 Connected pass-through", passing["lib"], us, "vs no routing (plain page)",
              "round trip"),
        *rows("  raw Playwright forwarding", passing["raw"], us, "vs no routing (plain page)",
              "round trip"),
        row("  library vs raw forwarding", "", "", passing["lib/raw"].wall_ratios),
        *rows("  unrouted, library's context", passing["unrouted"], us,
              "vs no routing (plain page)", "round trip"),
        row("5 Journal memory", f"{memory:,.0f} B", note="per recorded message (payload aside)"),
        row("  library CPU, 1 rule", f"{cpu_one:,.1f} µs", note="per mocked message, no browser"),
        row(f"  library CPU, {RULES:,} rules", f"{cpu_many:,.1f} µs",
            note="per mocked message, no browser"),
        *rows("6 Replay round trip", replayed, us, "<= 1.10 vs a Reply When Sent rule",
              "round trip"),
        row("  library CPU, replay", f"{cpu_replay:,.1f} µs",
            note="per replayed message, no browser (vs library CPU, 1 rule)"),
        row(f"7 Load HAR, {HAR_MESSAGES:,} messages", f"{load_seconds:.2f} s",
            note=f"< 2 s; file {har_mib:.1f} MiB, no browser"),
        row("  peak memory while loading", f"{load_peak:.1f} MiB",
            note="< 100 MiB (tracemalloc peak)"),
        *rows("8 Watched round trip", watched, us, "<= 1.10 vs no routing (plain page)",
              "round trip"),
        row(f"9 Latency 50 ms, {len(accuracy.added)} msgs", f"{accuracy.p50:.1f} ms",
            f"{accuracy.baseline:.1f} ms",
            note=f"added delay the page measured (p50; p5 {accuracy.p5:.1f}, "
                 f"p95 {accuracy.p95:.1f} ms) vs round trip without latency"),
        row("  p95 of |added - 50 ms|", f"{accuracy.deviation_p95:.1f} ms",
            f"{accuracy.baseline_p95:.1f} ms",
            note="<= 5 ms; baseline: p95 of the undelayed round trips' own spread"),
        row("  in the library's journal", f"{accuracy.inside_p50:.2f} ms",
            note=f"page message to delayed reply (p50; p95 {accuracy.inside_p95:.2f} ms)"),
        *rows("  round trip beside a delayed route", isolated, us,
              "<= 1.05 vs beside the same traffic without latency", "round trip"),
        *rows("10 Fast path round trip", fast_trip, us,
              "<= 0.20 vs raw Playwright handler (fast_path=True)", "round trip"),
        *rows(f"  fast path flood, {FLOOD_MESSAGES:,}", fast_flood, rate,
              "<= 0.20 (time) vs raw Playwright handler", "message"),
        row("  journal complete", rate(caught_up),
            note="the flood until the library has recorded all of it (median of 4)"),
        *rows("  fast path, rule with times", fast_times, us,
              "<= 0.20 vs raw Playwright handler (the page spends the count)", "round trip"),
        *rows("  fast path, open to greeting", fast_greeting, us,
              "vs a raw handler sending at the open (Send On Open)", "socket"),
    ]
    print(machine(browser_version))
    print(f"Load average (1, 5, 15 min): {load_before} at start, {load()} at end; "
          f"{time.monotonic() - started:.0f} s in all.")
    print("Figures are medians of interleaved rounds. Ratio: median of the rounds' ratios")
    print("(library / baseline; for the flood, of time per message); IQR: their middle half.")
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()

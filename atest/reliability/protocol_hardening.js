// Page-side helpers of protocol_hardening.robot, added to the socket.io-client
// test page of atest/protocols/pages by Run JavaScript. Each one drives the real
// client and resolves with what the app saw, never later than its own deadline.
(() => {
  const until = (check, ms) => new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      if (check() || Date.now() - started > ms) resolve();
      else setTimeout(tick, 10);
    };
    tick();
  });

  // A chat that logs in again on every (re)connect: on each connect it emits
  // `count` `event` events ("msg"), one every `gap` ms from the connect on (so
  // they span the upgrade from long-polling to WebSocket), waits for as many
  // `reply` events ("reply"), then breaks the connection so the client
  // reconnects, `rounds` times. Resolves with the first argument of each
  // round's replies, in the order they arrived.
  window.burstsOnConnect = (count, gap, rounds, wait, event = "msg", reply = "reply") => new Promise((resolve) => {
    const socket = io("/", { reconnectionDelay: 50, reconnectionDelayMax: 100 });
    window.burstSocket = socket;
    const replies = [];
    socket.on(reply, (text) => replies[replies.length - 1].push(text));
    socket.on("connect", async () => {
      const round = replies.length;
      replies.push([]);
      for (let i = 0; i < count; i++) {
        socket.emit(event, `${round}-${i}`);
        if (gap) await new Promise((r) => setTimeout(r, gap));
      }
      await until(() => replies[round].length >= count, wait);
      if (round + 1 >= rounds) {
        socket.disconnect();
        resolve(replies);
      } else {
        socket.io.engine.close();
      }
    });
  });

  // Whether the page's socket 0 saw a connect_error within `wait` ms of now.
  window.connectErrorWithin = (wait) => until(
    () => seenOf(0, "connect_error").length > 0, wait,
  ).then(() => seenOf(0, "connect_error").length > 0);

  // Resolves with the event arguments socket `index` saw of event `name`
  // once there are `count` of them, or with what came by `wait` ms.
  window.eventsOf = (index, name, count, wait) => {
    const found = () => seenOf(index, "event").filter((e) => e.name === name).map((e) => e.args);
    return until(() => found().length >= count, wait).then(found);
  };
})();

(() => {
  const closeOf = (ws, wait) => new Promise((resolve) => {
    ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason }));
    setTimeout(() => resolve({ code: null, reason: "still open" }), wait);
  });

  // The graphql-ws test page's client, with operation ids prefix1, prefix2, ...
  window.gqlConnectWithIds = (url, prefix) => {
    let next = 1;
    client = graphqlWs.createClient({
      url, retryAttempts: 0, generateID: () => `${prefix}${next++}`,
      on: { closed: (event) => closes.push({ code: event.code, reason: event.reason }) },
    });
  };

  // A raw graphql-transport-ws socket that subscribes before connection_init;
  // resolves with its close (code null if it is still open after 3 s), which
  // closeOfEarly() gives again later.
  window.subscribeFirst = (url) => {
    const ws = new WebSocket(url, "graphql-transport-ws");
    window.early = ws;
    ws.onopen = () => ws.send(JSON.stringify({
      type: "subscribe", id: "1", payload: { query: "subscription { countdown(start: 1) }" },
    }));
    window.earlyClose = closeOf(ws, 3000);
    return window.earlyClose;
  };
  window.closeOfEarly = () => window.earlyClose;

  // A raw Engine.IO WebSocket: waits for the open packet, connects the default
  // namespace, sends the header of a binary event with one attachment and
  // closes before sending the attachment.
  window.headerThenClose = (url) => new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.onmessage = (e) => {
      if (String(e.data).startsWith("0")) ws.send("40");
      if (String(e.data).startsWith("40")) {
        ws.send('451-["upload","a.bin",{"_placeholder":true,"num":0}]');
        ws.close();
        resolve(true);
      }
    };
    setTimeout(() => resolve(false), 3000);
  });

  // A chat on a socket.io-client of its own to `url` (WebSocket only, so no
  // upgrade is involved): it emits "login" on every connect and breaks each
  // connection `every` ms after it came up, so it reconnects, again and again.
  window.flakyChat = (url, every) => {
    const socket = io(url, {
      transports: ["websocket"], reconnectionDelay: 50, reconnectionDelayMax: 100,
    });
    window.flaky = socket;
    socket.on("connect", () => {
      socket.emit("login");
      const engine = socket.io.engine;
      setTimeout(() => engine.close(), every);
    });
  };
})();

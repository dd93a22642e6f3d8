// Page-side helpers of hostile_frames.robot, added to a test page by Run
// JavaScript: a plain WebSocket (no client library) that sends exactly the
// frames a test gives, and what it saw. Every helper resolves by its own deadline.
(() => {
  window.raw = [];
  const frameOf = (f) => (f && typeof f === "object" && Array.isArray(f.bytes)
    ? new Uint8Array(f.bytes) : f);

  // Opens a socket to url (with subprotocol, if any); once open sends frames in
  // order, each after `gap` ms; then closes it with 1000 if `close`. Resolves
  // with the socket's index once everything was sent (or it closed first).
  window.sendRaw = (url, frames, subprotocol, close, gap) => new Promise((resolve) => {
    const index = raw.length;
    const ws = subprotocol ? new WebSocket(url, subprotocol) : new WebSocket(url);
    ws.binaryType = "arraybuffer";
    const entry = { ws, messages: [], close: null };
    raw.push(entry);
    ws.onmessage = (event) => entry.messages.push(
      typeof event.data === "string" ? event.data : { bytes: Array.from(new Uint8Array(event.data)) });
    ws.onclose = (event) => {
      entry.close = { code: event.code, reason: event.reason };
      resolve(index);
    };
    ws.onopen = async () => {
      for (const frame of frames || []) {
        if (ws.readyState !== WebSocket.OPEN) break;
        ws.send(frameOf(frame));
        if (gap) await new Promise((r) => setTimeout(r, gap));
      }
      if (close) ws.close(1000);
      resolve(index);
    };
    setTimeout(() => resolve(index), 5000);
  });

  // As sendRaw, then sends `probe` and resolves with the socket's index once the
  // library's `answer` to it came (so the frames before it were handled), the
  // socket closed, or 3 s passed.
  window.sendProbed = async (url, frames, subprotocol, gap, probe, answer) => {
    const index = await sendRaw(url, frames, subprotocol, false, gap);
    const entry = raw[index];
    const before = entry.messages.length;
    if (entry.ws.readyState === WebSocket.OPEN) entry.ws.send(probe);
    const started = Date.now();
    await new Promise((resolve) => {
      const tick = () => {
        if (entry.close || entry.messages.slice(before).includes(answer)
            || Date.now() - started > 3000) resolve();
        else setTimeout(tick, 10);
      };
      tick();
    });
    return index;
  };

  // Waits until socket index got `count` messages; resolves with them.
  window.rawMessages = (index, count, ms) => new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      const entry = raw[index];
      if (entry.messages.length >= count || Date.now() - started > ms) resolve(entry.messages);
      else setTimeout(tick, 10);
    };
    tick();
  });

  // Waits up to ms for socket index to close; resolves with {code, reason} or null.
  window.rawClose = (index, ms) => new Promise((resolve) => {
    const started = Date.now();
    const tick = () => {
      const entry = raw[index];
      if (entry.close || Date.now() - started > ms) resolve(entry.close);
      else setTimeout(tick, 10);
    };
    tick();
  });

  // Engine.IO long-polling by hand: the handshake GET, then one POST of `body`.
  // Resolves with the POST's status.
  window.pollRaw = async (base, body) => {
    const open = await (await fetch(`${base}/socket.io/?EIO=4&transport=polling&t=a`)).text();
    const sid = JSON.parse(open.slice(1)).sid;
    const answer = await fetch(`${base}/socket.io/?EIO=4&transport=polling&t=b&sid=${sid}`,
      { method: "POST", body, headers: { "Content-Type": "text/plain;charset=UTF-8" } });
    return answer.status;
  };
})();

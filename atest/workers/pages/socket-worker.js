// A worker (dedicated, shared or service: the same script) that keeps the page's sockets:
// the page asks it to open, send and close, and it reports every socket event back.
const sockets = new Map();
function show(data) {
  if (typeof data === 'string') return data;
  return 'bytes:' + Array.from(new Uint8Array(data)).map(b => b.toString(16).padStart(2, '0')).join(' ');
}
function serve(port) {
  const report = (socket, type, extra) => port.postMessage({socket: socket, type: type, extra: extra || {}});
  port.onmessage = (e) => {
    const m = e.data;
    if (m.op === 'open') {
      const ws = m.protocols === undefined || m.protocols === null ? new WebSocket(m.url) : new WebSocket(m.url, m.protocols);
      ws.binaryType = m.binaryType || 'arraybuffer';
      sockets.set(m.index, ws);
      ws.onopen = () => report(m.index, 'open', {protocol: ws.protocol});
      let pending = Promise.resolve();
      ws.onmessage = (event) => {
        const data = event.data instanceof Blob ? event.data.arrayBuffer() : event.data;
        pending = pending.then(async () => report(m.index, 'message', {data: show(await data)}));
      };
      ws.onclose = (event) => { pending = pending.then(() => report(m.index, 'close', {code: event.code, reason: event.reason, wasClean: event.wasClean})); };
      ws.onerror = () => report(m.index, 'error');
    } else if (m.op === 'send') {
      sockets.get(m.index).send(m.bytes ? new Uint8Array(m.bytes) : m.text);
    } else if (m.op === 'close') {
      sockets.get(m.index).close(m.code, m.reason);
    }
  };
}
if (typeof ServiceWorkerGlobalScope !== 'undefined' && self instanceof ServiceWorkerGlobalScope) {
  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
  // A new page load brings a new port: the sockets of the page before end with it.
  self.addEventListener('message', (event) => {
    if (event.data && event.data.op === 'hello') {
      sockets.forEach((ws) => ws.close(1000, 'page reloaded'));
      sockets.clear();
      serve(event.ports[0]);
    }
  });
} else if (typeof SharedWorkerGlobalScope !== 'undefined' && self instanceof SharedWorkerGlobalScope) {
  self.onconnect = (event) => serve(event.ports[0]);
} else {
  serve(self);
}

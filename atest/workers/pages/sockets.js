// The socket harness of the worker pages (workers.html, nested.html): every socket event
// goes to window.events, as in the kit's index.html; a socket lives in the page
// (openSocket) or in the worker a page's startWorker started (openWorkerSocket), which
// reports its events here.
window.events = [];
window.sockets = [];
window.worker = null;  // {kind, post(message)} once startWorker resolved
function show(data) {
  if (typeof data === 'string') return data;
  return 'bytes:' + Array.from(new Uint8Array(data)).map(b => b.toString(16).padStart(2, '0')).join(' ');
}
function record(index, type, extra) {
  window.events.push(Object.assign({socket: index, type: type}, extra));
  if (type === 'open') window.sockets[index].readyState = 1;
  if (type === 'close') window.sockets[index].readyState = 3;
}
window.openSocket = function (url, protocols, binaryType) {
  const ws = protocols === undefined || protocols === null ? new WebSocket(url) : new WebSocket(url, protocols);
  if (binaryType) ws.binaryType = binaryType;
  const index = window.sockets.push(ws) - 1;
  ws.onopen = () => record(index, 'open', {protocol: ws.protocol});
  let pending = Promise.resolve();
  ws.onmessage = (e) => {
    const data = e.data instanceof Blob ? e.data.arrayBuffer() : e.data;
    pending = pending.then(async () => record(index, 'message', {data: show(await data)}));
  };
  ws.onclose = (e) => { pending = pending.then(() => record(index, 'close', {code: e.code, reason: e.reason, wasClean: e.wasClean})); };
  ws.onerror = () => record(index, 'error', {});
  return index;
};
window.openWorkerSocket = function (url, protocols, binaryType) {
  const index = window.sockets.push({readyState: 0, worker: true}) - 1;
  window.worker.post({op: 'open', index: index, url: url, protocols: protocols, binaryType: binaryType});
  return index;
};
window.whenOpen = function (index) {
  return new Promise((resolve) => {
    const check = () => {
      const state = window.sockets[index].readyState;
      if (state === 1) resolve(true); else if (state === 3) resolve(false); else setTimeout(check, 10);
    };
    check();
  });
};
window.sendText = async function (index, text) {
  await window.whenOpen(index);
  if (window.sockets[index].worker) window.worker.post({op: 'send', index: index, text: text});
  else window.sockets[index].send(text);
};
window.sendBytes = async function (index, bytes) {
  await window.whenOpen(index);
  if (window.sockets[index].worker) window.worker.post({op: 'send', index: index, bytes: bytes});
  else window.sockets[index].send(new Uint8Array(bytes));
};
window.closeSocket = function (index, code, reason) {
  if (window.sockets[index].worker) window.worker.post({op: 'close', index: index, code: code, reason: reason});
  else window.sockets[index].close(code, reason);
};
window.messages = function (index) {
  return window.events.filter(e => e.type === 'message' && (index === undefined || index === null || e.socket === index)).map(e => e.data);
};

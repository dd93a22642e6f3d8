// One request in a worker of its own: open, send, post the answer back; the page ends it.
self.onmessage = (e) => {
  const ws = new WebSocket(e.data.url);
  ws.onopen = () => ws.send(e.data.text);
  ws.onmessage = (event) => self.postMessage(event.data);
  ws.onerror = () => self.postMessage('error');
};

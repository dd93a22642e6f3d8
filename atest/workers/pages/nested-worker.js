// A worker that starts a worker of its own (short-worker.js) and passes the request and
// the answer through.
self.onmessage = (e) => {
  const inner = new Worker('short-worker.js');
  inner.onmessage = (answer) => { self.postMessage(answer.data); inner.terminate(); };
  inner.postMessage(e.data);
};

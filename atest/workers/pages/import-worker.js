// A worker whose work is in another script, loaded by a relative URL; it also answers
// {op: 'where'} with what it sees of its location and of a relative fetch.
self.addEventListener('message', async (e) => {
  if (e.data.op !== 'where') return;
  const text = await (await fetch('where.txt')).text();
  self.postMessage({socket: -1, type: 'where', extra: {location: String(self.location), href: location.href, fetched: text.trim()}});
});
importScripts('socket-worker.js');

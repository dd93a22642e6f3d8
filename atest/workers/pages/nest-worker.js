// A worker that starts a worker of its own and passes messages through both ways. Its name
// says which: the first word is the script (relative to this one; 'blob:' or 'data:' first:
// from a blob: or data: URL of that script's text, 'module:' first: a module worker), the
// rest is the name it
// gives the worker it starts (so 'nest-worker.js socket-worker.js' nests twice).
const [first, ...rest] = self.name.split(' ');
const how = (first.match(/^(blob|data|module):/) || [])[1];
const script = first.replace(/^(blob|data|module):/, '');
const options = {name: rest.join(' ')};
if (how === 'module') options.type = 'module';
const inner = (async () => {
  let url = script;
  if (how === 'blob' || how === 'data') {
    const text = await (await fetch(script)).text();
    url = how === 'data' ? 'data:text/javascript,' + encodeURIComponent(text)
      : URL.createObjectURL(new Blob([text], {type: 'text/javascript'}));
  }
  const worker = new Worker(url, options);
  if (how === 'blob') URL.revokeObjectURL(url);
  worker.onmessage = (e) => self.postMessage(e.data);
  worker.onerror = (e) => self.postMessage({socket: -1, type: 'worker error', extra: {message: e.message}});
  return worker;
})();
self.onmessage = (e) => { inner.then((worker) => worker.postMessage(e.data)); };

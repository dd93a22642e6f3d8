/* WsRouteLibrary's worker marker (see engine/workers.py): in pages (an init script), it wraps the Worker and SharedWorker constructors and
   navigator.serviceWorker.register so that,
   just before the browser fetches a worker's script, a synchronous request to the
   library's relay on 127.0.0.1 tells it the script's URL and the worker's kind, and the library routes that URL
   before the request returns: a worker script's request looks like any script's. The constructors stay the browser's own (a Proxy:
   same name, prototype and instanceof). A blob: worker is not fetched over the network: the marker reads its script
   (a synchronous request on the blob: URL) and starts the worker from a new blob: script that runs the shim first and then
   that copy. A data: worker (an opaque origin) keeps its script, and is named to the relay, which says so in the log;
   so is the service worker that controls the page, which the library checks it served. A blob: worker is named too:
   a request that cannot reach the relay (a page's connect-src) is one Playwright reports, and the log says so (and the
   worker starts as it was: its shim could not reach the relay either). */
(function () {
  var scope = typeof self !== 'undefined' ? self : globalThis;
  if (scope.__wsrouteWorkerMarks || typeof XMLHttpRequest !== 'function') { return; }
  Object.defineProperty(scope, '__wsrouteWorkerMarks', {value: true});
  var SHIM = __WSROUTE_SHIM__, RELAY = __WSROUTE_RELAY__;
  var sharedCopies = new Map();
  function mark(kind, url) {
    try {
      var script = new URL(String(url), scope.location.href);
      if (!/^(https?|data|blob):$/.test(script.protocol)) { return false; }
      var request = new XMLHttpRequest();
      request.open('GET', __WSROUTE_MARK_URL__ + '?kind=' + encodeURIComponent(kind) +
        '&url=' + encodeURIComponent(script.protocol === 'data:' ? script.href.slice(0, 300) : script.href), false);
      request.send();
      return true;
    } catch (error) { return false; /* unmarked: the worker keeps the browser's WebSocket */ }
  }
  function shimmedCopy(kind, url, options) {
    var request = new XMLHttpRequest();
    request.open('GET', url, false);
    request.send();
    if (request.status !== 200) { return null; }
    var copy = URL.createObjectURL(new Blob([request.responseText], {type: 'text/javascript'}));
    var config = JSON.stringify({relay: RELAY, kind: kind, script: url});
    var shim = SHIM.replace('__WSROUTE_CONFIG__', function () { return config; });
    var source, quoted = JSON.stringify(copy), keep = kind === 'shared worker';
    if (options && options.type === 'module') {
      var first = JSON.stringify(URL.createObjectURL(new Blob([shim], {type: 'text/javascript'})));
      source = 'import ' + first + '; import ' + quoted + ';' + (keep ? ''
        : ' URL.revokeObjectURL(' + first + '); URL.revokeObjectURL(' + quoted + ');');
    } else {
      source = shim + (keep ? 'importScripts(' + quoted + ');'
        : 'try { importScripts(' + quoted + '); } finally { URL.revokeObjectURL(' + quoted + '); }');
    }
    return URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
  }
  function construct(kind, target, args, newTarget) {
    var url;
    try { url = new URL(String(args[0]), scope.location.href); }
    catch (error) { return Reflect.construct(target, args, newTarget); }
    if (url.protocol !== 'blob:') {
      mark(kind, url.href);
      return Reflect.construct(target, args, newTarget);
    }
    var shared = kind === 'shared worker', wrapper = shared ? sharedCopies.get(url.href) : null;
    if (!wrapper) {
      if (!mark(kind, url.href)) { return Reflect.construct(target, args, newTarget); }
      try { wrapper = shimmedCopy(kind, url.href, args[1]); } catch (error) { wrapper = null; }
      if (!wrapper) { return Reflect.construct(target, args, newTarget); }
      if (shared) { sharedCopies.set(url.href, wrapper); }
    }
    try { return Reflect.construct(target, [wrapper].concat(Array.prototype.slice.call(args, 1)), newTarget); }
    catch (error) { return Reflect.construct(target, args, newTarget); }
    finally { if (!shared) { URL.revokeObjectURL(wrapper); } }
  }
  var container = scope.ServiceWorkerContainer && scope.ServiceWorkerContainer.prototype;
  if (container && typeof container.register === 'function') {
    container.register = new Proxy(container.register, {
      apply: function (target, self, args) {
        if (args.length) { mark('service worker', args[0]); }
        return Reflect.apply(target, self, args);
      }
    });
  }
  try {
    var controller = scope.navigator.serviceWorker && scope.navigator.serviceWorker.controller;
    if (controller) { mark('controlling service worker', controller.scriptURL); }
  } catch (error) { /* an opaque origin has no service workers */ }
  [['Worker', 'dedicated worker'], ['SharedWorker', 'shared worker']].forEach(function (pair) {
    var Native = scope[pair[0]];
    if (typeof Native !== 'function') { return; }
    scope[pair[0]] = new Proxy(Native, {
      construct: function (target, args, newTarget) {
        return args.length ? construct(pair[1], target, args, newTarget) : Reflect.construct(target, args, newTarget);
      }
    });
  });
})();

/* WsRouteLibrary's worker marker (see engine/workers.py): in pages (an init script), it wraps the Worker and SharedWorker constructors and
   navigator.serviceWorker.register so that,
   just before the browser fetches a worker's script, a synchronous request to the
   library's relay on 127.0.0.1 tells it the script's URL and the worker's kind, and the library routes that URL
   before the request returns: a worker script's request looks like any script's. The constructors stay the browser's own (a Proxy:
   same name, prototype and instanceof). Blob: and data: workers are not fetched: no mark. */
(function () {
  var scope = typeof self !== 'undefined' ? self : globalThis;
  if (scope.__wsrouteWorkerMarks || typeof XMLHttpRequest !== 'function') { return; }
  Object.defineProperty(scope, '__wsrouteWorkerMarks', {value: true});
  function mark(kind, url) {
    try {
      var script = new URL(String(url), scope.location.href);
      if (script.protocol !== 'http:' && script.protocol !== 'https:') { return; }
      var request = new XMLHttpRequest();
      request.open('GET', __WSROUTE_MARK_URL__ + '?kind=' + encodeURIComponent(kind) +
        '&url=' + encodeURIComponent(script.href), false);
      request.send();
    } catch (error) { /* unmarked: the worker keeps the browser's WebSocket */ }
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
  [['Worker', 'dedicated worker'], ['SharedWorker', 'shared worker']].forEach(function (pair) {
    var Native = scope[pair[0]];
    if (typeof Native !== 'function') { return; }
    scope[pair[0]] = new Proxy(Native, {
      construct: function (target, args, newTarget) {
        if (args.length) { mark(pair[1], args[0]); }
        return Reflect.construct(target, args, newTarget);
      }
    });
  });
})();

/* WsRouteLibrary's worker shim (see engine/workers.py): put before a worker's script (and,
   on the fast path, as a page's first script: kind 'page'), it replaces WebSocket in the
   worker's global scope with a class whose sockets ask the library's relay, over one real
   WebSocket per worker, whether a route takes them. A socket
   no route takes opens natively inside the worker and talks to its server directly (when a
   watch matches it, the shim also sends the library a copy of its open, frames and close); a
   taken one is mocked by the library, or connected to its server by a native socket opened
   here on the library's command (the browser's cookies, Origin and network stack). Written without line
   comments and with explicit semicolons: the library joins it into one line, so the worker's
   own line numbers stay as they were. Relay frames: a text frame is a JSON object
   {op, id, ...}; a binary frame is a 4-byte big-endian header length, that JSON header, then
   the payload bytes. */
(function wsrouteShim(CONFIG) {
  'use strict';
  var scope = typeof self !== 'undefined' ? self : globalThis;
  var Native = scope.WebSocket;
  var PAGE = CONFIG.kind === 'page';
  var inWorker = typeof WorkerGlobalScope !== 'undefined' && scope instanceof WorkerGlobalScope;
  /* A page whose Playwright routing mock came first (a document loaded before the library)
     keeps it: the mock holds the browser's class, the shim could not go under it. */
  if (typeof Native !== 'function' || PAGE === inWorker || scope.__wsrouteWorkerShim ||
      (PAGE && scope.__pwWebSocketDispatch)) { return; }
  Object.defineProperty(scope, '__wsrouteWorkerShim', {value: true});
  var inner = Native, dispatching = 0;
  var isInstance = Function.prototype[Symbol.hasInstance];
  var CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;
  var encoder = new TextEncoder(), decoder = new TextDecoder();
  var states = new WeakMap(), byId = new Map(), nextId = 1;
  var relay = null, relayOpen = false, outbox = [];

  function encodeFrame(head, data) {
    if (data === undefined || typeof data === 'string') {
      if (typeof data === 'string') { head.data = data; }
      return JSON.stringify(head);
    }
    var header = encoder.encode(JSON.stringify(head));
    var body = new Uint8Array(data);
    var frame = new Uint8Array(4 + header.length + body.length);
    new DataView(frame.buffer).setUint32(0, header.length);
    frame.set(header, 4);
    frame.set(body, 4 + header.length);
    return frame.buffer;
  }
  function parseFrame(frame) {
    var head, data;
    if (typeof frame === 'string') {
      head = JSON.parse(frame);
      data = head.data;
    } else {
      var bytes = new Uint8Array(frame);
      if (bytes.length < 4) { throw new Error('short relay frame'); }
      var length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
      if (4 + length > bytes.length) { throw new Error('relay frame header too long'); }
      head = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length)));
      data = bytes.slice(4 + length).buffer;
    }
    if (head === null || typeof head !== 'object' || typeof head.op !== 'string') {
      throw new Error('relay frame without op');
    }
    return {head: head, data: data};
  }
  scope.__wsrouteParseFrame = CONFIG.test ? parseFrame : undefined;
  scope.__wsrouteEncodeFrame = CONFIG.test ? encodeFrame : undefined;

  function toRelay(head, data) {
    if (answers.length) { flushAnswers(); }
    sendFrame(encodeFrame(head, data));
  }
  function sendFrame(frame) {
    if (relayOpen) { relay.send(frame); } else { outbox.push(frame); }
  }

  /* Answers in the page (road/inpage.py): a taken socket whose plan the library offered
     and the page took answers its own text messages with the first of the plan's rules
     that matches, as the library would; what it did goes to the library in one batch per
     turn of the page's event loop, before any other frame. A message the plan cannot
     decide goes to the library, and the socket gives its plan back. Replies reach the page
     in order, each as its own event, after the call that sent. What the library sends
     meanwhile is delivered as it comes, before replies still waiting: the library sent it
     before it heard of them, so its journal has it first, as the page then sees it. */
  var answers = [], answersDue = false, waiting = [], tickDue = false;
  var ticks = null, canTick = typeof MessageChannel === 'function';
  function flushAnswers() {
    answersDue = false;
    if (!answers.length) { return; }
    var frame = JSON.stringify({op: 'answered', id: 0, items: answers});
    answers = [];
    sendFrame(frame);
  }
  function later(state, work) {
    if (state.inbox === null) {
      state.inbox = [];
      waiting.push(state);
      if (ticks === null) { startTicks(); }
      if (!tickDue) { tickDue = true; ticks.port2.postMessage(0); }
    }
    state.inbox.push(work);
  }
  function startTicks() {
    ticks = new MessageChannel();
    /* Node.js (the library's unit tests): the channel keeps no process alive. */
    if (typeof ticks.port1.unref === 'function') { ticks.port1.unref(); ticks.port2.unref(); }
    ticks.port1.onmessage = function () {
      tickDue = false;
      waiting.splice(0).forEach(function (state) {
        var work = state.inbox;
        state.inbox = null;
        work.forEach(function (step) { step(); });
      });
    };
  }
  var hasOwn = Object.prototype.hasOwnProperty;
  function contains(actual, expected) {
    if (Array.isArray(expected)) {
      return Array.isArray(actual) && actual.length === expected.length &&
        expected.every(function (item, index) { return contains(actual[index], item); });
    }
    if (expected !== null && typeof expected === 'object') {
      return actual !== null && typeof actual === 'object' && !Array.isArray(actual) &&
        Object.keys(expected).every(function (key) {
          return hasOwn.call(actual, key) && contains(actual[key], expected[key]);
        });
    }
    return actual === expected;
  }
  var UNSURE = {};
  /* The page's JSON as Python reads it, or UNSURE where the two may differ: a number of
     16 digits or more, NaN or Infinity (Python reads them; the page does not), more than
     500 arrays and objects (Python's reader may run out of depth: no match there). */
  function parsed(text) {
    if (/\d{16}/.test(text) ||
        (text.length > 500 && (text.match(/[[{]/g) || []).length > 500)) { return UNSURE; }
    try { return {value: JSON.parse(text)}; } catch (error) {
      return /NaN|Infinity/.test(text) ? UNSURE : null;
    }
  }
  function wellFormed(text) {
    return typeof text.isWellFormed === 'function' ? text.isWellFormed()
      : !/[\ud800-\udfff]/.test(text);
  }
  /* A glob, as the library wrote it for the page (road/inpage.py glob_source). */
  function globOf(rule) {
    if (!rule.regex) { rule.regex = new RegExp(rule.source, 'u'); }
    return rule.regex;
  }
  /* The rule of the plan that takes the text; null: none (the plan is complete);
     undefined: the library decides. */
  function decide(plan, text) {
    if (!wellFormed(text)) { return undefined; }
    var document;
    for (var i = 0; i < plan.rules.length; i++) {
      var rule = plan.rules[i], hit;
      if (rule.mode === 'any') { hit = true; }
      else if (rule.mode === 'exact') { hit = text === rule.text; }
      else if (rule.mode === 'glob') { hit = globOf(rule).test(text); }
      else {
        if (document === undefined) { document = parsed(text); }
        if (document === UNSURE) { return undefined; }
        hit = document !== null && contains(document.value, rule.document);
      }
      if (hit) { return rule; }
    }
    return plan.complete ? null : undefined;
  }
  /* A JSON value as Python's json.dumps writes it (", " and ": " between items),
     undefined where the page might write it otherwise: a float (Python keeps 1.0 a
     float) or an object with a key of digits (the page puts those first). */
  function dumped(value, floats) {
    if (Array.isArray(value)) {
      var items = value.map(function (item) { return dumped(item, floats); });
      return items.indexOf(undefined) >= 0 ? undefined : '[' + items.join(', ') + ']';
    }
    if (value !== null && typeof value === 'object') {
      var keys = Object.keys(value);
      if (keys.some(function (key) { return /^[0-9]+$/.test(key); })) { return undefined; }
      var pairs = keys.map(function (key) {
        var item = dumped(value[key], floats);
        return item === undefined ? undefined : JSON.stringify(key) + ': ' + item;
      });
      return pairs.indexOf(undefined) >= 0 ? undefined : '{' + pairs.join(', ') + '}';
    }
    return typeof value === 'number' && floats ? undefined : JSON.stringify(value);
  }
  /* The value at a placeholder's path, as Python's render writes it; undefined: the
     library fills it (or fails the test). */
  function filled(document, path, floats) {
    var value = document;
    for (var i = 0; i < path.length; i++) {
      var part = path[i];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        if (!hasOwn.call(value, part)) { return undefined; }
        value = value[part];
      } else if (Array.isArray(value) && /^-?[0-9]+$/.test(part)) {
        var index = parseInt(part, 10);
        if (index < -value.length || index >= value.length) { return undefined; }
        value = value[index < 0 ? index + value.length : index];
      } else { return undefined; }
    }
    return typeof value === 'string' ? value : dumped(value, floats);
  }
  /* The rule's replies to the text, filled; undefined: the library fills them (a document
     of null fills nothing there either). Whether the text has a float: a digit before
     a point or an exponent, outside its strings. */
  function repliesTo(rule, text) {
    var document, floats, texts = [];
    for (var r = 0; r < rule.replies.length; r++) {
      var parts = rule.replies[r], reply = '';
      for (var i = 0; i < parts.length; i++) {
        var part = parts[i];
        if (typeof part === 'string') { reply += part; continue; }
        if (part === null) { reply += text; continue; }
        if (document === undefined) {
          document = parsed(text);
          floats = /[0-9][.eE]/.test(text.replace(/"(?:[^"\\]|\\[\s\S])*"/g, '""'));
        }
        if (document === UNSURE || document === null || document.value === null) {
          return undefined;
        }
        var value = filled(document.value, part, floats);
        if (value === undefined) { return undefined; }
        reply += value;
      }
      if (!wellFormed(reply)) { return undefined; }
      texts.push(reply);
    }
    return texts;
  }
  function answerHere(state, rule, text, replies) {
    state.sends++;
    answers.push([state.id, rule === null ? 0 : rule.number, text]);
    if (!answersDue) { answersDue = true; queueMicrotask(flushAnswers); }
    if (rule === null) { return; }
    /* A count the library let this socket hold (it was the route's only one): its last
       use retires the rule, as Route.use does. */
    if (typeof rule.times === 'number' && --rule.times <= 0) {
      var at = state.plan.rules.indexOf(rule);
      if (at >= 0) { state.plan.rules.splice(at, 1); }
    }
    if (rule.close) {
      state.plan = null;
      later(state, function () {
        finish(state, rule.close[0], rule.close[1], rule.close[0] !== 1006, true);
      });
      return;
    }
    replies.forEach(function (reply) {
      later(state, function () { deliver(state, reply); });
    });
  }
  function openRelay() {
    if (relay !== null) { return; }
    try { relay = new Native(CONFIG.relay); } catch (error) { relay = null; relayLost(); return; }
    relay.binaryType = 'arraybuffer';
    relay.onopen = function () {
      relayOpen = true;
      relay.send(encodeFrame({op: 'hello', kind: CONFIG.kind,
        script: PAGE ? '' : CONFIG.script || String(scope.location)}));
      outbox.splice(0).forEach(function (frame) { relay.send(frame); });
    };
    relay.onmessage = function (event) {
      var frame;
      try { frame = parseFrame(event.data); } catch (error) { return; }
      if (frame.head.op === 'sync') {
        if (frame.head.ways === true) { ways.clear(); }
        flushAnswers();
        toRelay({op: 'synced', id: 0, n: frame.head.n});
        return;
      }
      var state = byId.get(frame.head.id);
      if (state) { fromLibrary(state, frame.head, frame.data); } else { unwatch(frame.head); }
    };
    relay.onclose = function () {
      relay = null; relayOpen = false; outbox = []; ways.clear(); relayLost();
    };
  }
  function relayLost() {
    byId.forEach(function (state) {
      if (state.pageDone) {
        byId.delete(state.id);
        try { state.real.close(); } catch (error) { /* closed already */ }
        return;
      }
      if (state.mode === 'waiting') { passThrough(state); } else { finish(state, 1006, '', false); }
    });
  }

  function fire(state, event) { state.socket.dispatchEvent(event); }
  function opened(state, protocol) {
    if (state.readyState !== CONNECTING) { return; }
    state.readyState = OPEN;
    state.protocol = protocol || '';
    fire(state, new Event('open'));
  }
  /* A mocked socket's protocol: the first the page asked for (the library has no server to choose). */
  function mockedProtocol(state) { return state.protocols.length ? state.protocols[0] : ''; }
  function deliver(state, data) {
    if (state.readyState === CONNECTING) { opened(state, mockedProtocol(state)); }
    if (state.readyState !== OPEN) { return; }
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !(data instanceof Blob)) {
      data = String(data);
    }
    if (data instanceof ArrayBuffer && state.binaryType === 'blob') { data = new Blob([data]); }
    fire(state, new MessageEvent('message', {data: data, origin: state.origin}));
  }
  function finish(state, code, reason, wasClean, keepServer) {
    if (state.readyState === CLOSED) { return; }
    state.readyState = CLOSED;
    state.plan = null;
    /* The library closed the page's side of a connected socket: its server side is the
       library's to close (server_close), with its own code, so the state stays reachable. */
    var serverOpen = keepServer && state.mode === 'connected' && state.real !== null &&
      state.real.readyState < CLOSING;
    if (serverOpen) { state.pageDone = true; } else { byId.delete(state.id); }
    if (relayOpen && !serverOpen && state.mode !== 'pass' && state.mode !== 'waiting') { toRelay({op: 'gone', id: state.id}); }
    if (!serverOpen && state.real !== null && state.real.readyState < CLOSING) {
      try { state.real.close(); } catch (error) { /* nothing left to close */ }
    }
    /* A page's socket the library ends gets no error event, as with Playwright's routing
       (one meaning with the fast path off); a worker's does, as a browser's socket. */
    if (!wasClean && (!PAGE || state.mode === 'pass')) { fire(state, new Event('error')); }
    fire(state, new CloseEvent('close', {code: code, reason: reason, wasClean: wasClean}));
  }

  function openReal(state, relayed) {
    var real;
    try {
      var Base = relayed ? Native : inner;
      real = state.protocols.length ? new Base(state.url, state.protocols) : new Base(state.url);
    } catch (error) { finish(state, 1006, '', false); return; }
    state.real = real;
    real.binaryType = relayed ? 'arraybuffer' : state.binaryType;
    real.onopen = function () {
      state.pending.splice(0).forEach(function (data) { real.send(data); });
      if (state.closeAsked) { closeReal(real, state.closeAsked[0], state.closeAsked[1]); }
      opened(state, real.protocol);
    };
    if (!relayed) {
      real.onmessage = function (event) { deliver(state, event.data); };
      real.onclose = function (event) { finish(state, event.code, event.reason, event.wasClean); };
      return;
    }
    real.onmessage = function (event) { toRelay({op: 'server_message', id: state.id}, event.data); };
    /* The server's socket failed (a refused handshake): a page's socket gets the error event
       as with Playwright's routing, which forwards it; the close comes from the library. */
    if (PAGE) { real.onerror = function () { fire(state, new Event('error')); }; }
    real.onclose = function (event) {
      if (state.pageDone) {
        byId.delete(state.id);
        if (!state.serverClosing) { toRelay({op: 'server_close', id: state.id, code: event.code, reason: event.reason}); }
        if (relayOpen) { toRelay({op: 'gone', id: state.id}); }
        return;
      }
      if (state.serverClosing) {
        if (state.readyState === CLOSING) { finish(state, event.code, event.reason, true); }
        return;
      }
      toRelay({op: 'server_close', id: state.id, code: event.code, reason: event.reason});
    };
  }
  function closeReal(real, code, reason) {
    try {
      if (code === null || code === undefined || code === 1005) { real.close(); }
      else { real.close(code, reason || ''); }
    }
    catch (error) { real.close(); }
  }
  function passThrough(state) {
    state.mode = 'pass';
    byId.delete(state.id);
    if (state.closeAsked) { finish(state, 1006, '', false); return; }
    openReal(state, false);
  }
  var watched = new Map();
  function watchThrough(state) {
    passThrough(state);
    var real = state.real;
    if (real === null) { toRelay({op: 'gone', id: state.id}); return; }
    state.watchedBy = relay;
    state.reports = Promise.resolve();
    watched.set(state.id, state);
    var onopen = real.onopen, onmessage = real.onmessage, onclose = real.onclose, send = real.send;
    real.onopen = function (event) {
      report(state, {op: 'watched_open'});
      onopen.call(real, event);
    };
    real.onmessage = function (event) {
      report(state, {op: 'watched_received'}, copied(event.data));
      onmessage.call(real, event);
    };
    real.onclose = function (event) {
      report(state, {op: 'watched_close', code: event.code, reason: event.reason});
      watched.delete(state.id);
      onclose.call(real, event);
    };
    real.send = function (data) {
      var open = real.readyState === OPEN;
      send.call(real, data);
      if (open) { report(state, {op: 'watched_sent'}, copied(data)); }
    };
  }
  function copied(data) {
    if (typeof data === 'string' || data instanceof Blob) { return data; }
    if (data instanceof ArrayBuffer) { return data.slice(0); }
    if (ArrayBuffer.isView(data)) {
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
    }
    return String(data);
  }
  /* What goes to the relay for a payload: a Blob's bytes, once read; anything else as it is. */
  function bytesOf(data) { return data instanceof Blob ? data.arrayBuffer() : data; }
  function report(state, head, data) {
    var link = state.watchedBy;
    head.id = state.id;
    state.reports = state.reports.then(function () { return bytesOf(data); }).then(function (payload) {
      if (state.watchedBy === link && relay === link && relayOpen) { toRelay(head, payload); }
    }).catch(function () { /* a Blob that cannot be read: that frame goes unreported */ });
  }
  function unwatch(head) {
    var state = head.op === 'unwatch' ? watched.get(head.id) : undefined;
    if (state) { state.watchedBy = null; watched.delete(head.id); }
  }
  function fromLibrary(state, head, data) {
    var op = head.op;
    if (op === 'pass') { passThrough(state); return; }
    if (op === 'watch') { watchThrough(state); return; }
    if (op === 'take') {
      state.mode = 'taken';
      if (state.closeAsked) { toRelay(closedWhileConnecting(state, state.closeAsked)); }
    } else if (op === 'opened') { opened(state, mockedProtocol(state)); }
    else if (op === 'message') { deliver(state, data); }
    else if (op === 'close') { finish(state, head.code, head.reason || '', head.code !== 1006, true); }
    else if (op === 'plan') {
      /* Taken only when the library has had every message the page sent: a reply of its
         still on its way would otherwise come after an answer to a later message. */
      var plan = head.plan;
      var stale = head.seen !== state.sends || state.queued !== 0;
      var able = state.mode === 'taken' && state.readyState === OPEN && canTick;
      state.plan = plan && typeof plan === 'object' && Array.isArray(plan.rules) && able && !stale
        ? plan : null;
      toRelay({op: 'planned', id: state.id, seq: head.seq, taken: state.plan !== null,
        stale: Boolean(plan) && able && stale});
    }
    else if (op === 'connect') { state.mode = 'connected'; openReal(state, true); }
    else if (op === 'server_send') {
      if (state.real && state.real.readyState === OPEN) { state.real.send(data); }
      else { state.pending.push(data); }
    } else if (op === 'server_close') {
      state.serverClosing = true;
      if (state.real && state.real.readyState === OPEN) { closeReal(state.real, head.code, head.reason); }
      else if (state.real) { state.closeAsked = [head.code, head.reason]; }
    }
  }

  function byteLength(data) {
    if (typeof data === 'string') { return encoder.encode(data).length; }
    return data.size !== undefined ? data.size : data.byteLength;
  }
  /* Sends keep their order: a binary frame waits for its bytes (a Blob is read), and
     whatever is sent after it, text too, waits behind it on the socket's chain. */
  function sendTaken(state, data) {
    var head = {op: 'send', id: state.id};
    state.sends++;
    if (typeof data === 'string' && state.queued === 0) { toRelay(head, data); return; }
    var payload = copied(data);
    state.queued++;
    state.chain = state.chain.then(function () { return bytesOf(payload); })
      .then(function (ready) { toRelay(head, ready); }, function () { /* an unreadable Blob: not sent */ })
      .then(function () { state.queued--; });
  }
  /* A socket closed before it opened: a worker's ends as a browser's does (1006); a page's
     close reaches the library with the page's code, as Playwright's routing passes it on. */
  function closedWhileConnecting(state, asked) {
    if (!PAGE) { return {op: 'close', id: state.id, code: 1006, reason: ''}; }
    return {op: 'close', id: state.id, code: asked[0] === undefined ? 1005 : asked[0], reason: asked[1] || ''};
  }
  function syntaxError(message) {
    return new DOMException("Failed to construct 'WebSocket': " + message, 'SyntaxError');
  }

  /* In a page: which way a socket of this URL goes, asked before the constructor returns (a
     synchronous request, as the marker's): 'take' (the library's, over the relay), 'pass'
     (no route: the browser's own socket) or 'page' (a page route may take it: the class under
     the shim's, Playwright's routing mock, decides). Any failure (the relay out of reach)
     leaves the socket to that class, as if the shim were not there. While the relay's link is
     open the page keeps each answer by URL (a socket opened again, a reconnect, asks nothing:
     Chromium's synchronous request costs milliseconds): the relay has it forget them all when
     the library's routes changed, before the keyword that changed them returns. Without the
     link the page would not hear that, so it keeps nothing. */
  var Request = scope.XMLHttpRequest, xhr = Request && Request.prototype;
  var xhrOpen = xhr && xhr.open, xhrSend = xhr && xhr.send;
  var xhrText = xhr && Object.getOwnPropertyDescriptor(xhr, 'responseText');
  var ways = new Map(), WAYS_KEPT = 256;
  function wayOf(url) {
    try {
      var parsed = new URL(String(url), scope.document.baseURI);
      parsed.protocol = parsed.protocol.replace(/^http/, 'ws');
      var known = ways.get(parsed.href);
      if (known !== undefined) { return known; }
      var kept = relayOpen; /* asked while the link is open: a change of routes reaches the page */
      var request = new Request();
      xhrOpen.call(request, 'GET', CONFIG.relay.replace(/^ws/, 'http') + '/ask?url=' +
        encodeURIComponent(parsed.href), false);
      xhrSend.call(request);
      var way = xhrText.get.call(request);
      if (kept && relayOpen && (way === 'take' || way === 'page' || way === 'pass')) {
        if (ways.size >= WAYS_KEPT) { ways.clear(); }
        ways.set(parsed.href, way);
      }
      return way;
    } catch (error) { return 'page'; }
  }
  class WebSocket extends EventTarget {
    constructor(url, protocols) {
      var way = PAGE && new.target === WebSocket ? (dispatching ? 'pass' : arguments.length ? wayOf(url) : 'page') : 'take';
      if (way !== 'take') { return Reflect.construct(way === 'pass' ? Native : inner, arguments); }
      super();
      if (arguments.length < 1) {
        throw new TypeError("Failed to construct 'WebSocket': 1 argument required, but only 0 present.");
      }
      var parsed;
      try { parsed = new URL(String(url), CONFIG.base || (PAGE ? scope.document.baseURI : scope.location.href)); } catch (error) {
        throw syntaxError("The URL '" + url + "' is invalid.");
      }
      if (parsed.protocol === 'http:') { parsed.protocol = 'ws:'; }
      if (parsed.protocol === 'https:') { parsed.protocol = 'wss:'; }
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
        throw syntaxError("The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '" +
          parsed.protocol.slice(0, -1) + "' is not allowed.");
      }
      if (parsed.hash) {
        throw syntaxError("The URL contains a fragment identifier ('" + parsed.hash + "').");
      }
      var list = protocols === undefined ? [] : (typeof protocols === 'string' ? [protocols]
        : Array.from(protocols, String));
      if (new Set(list).size !== list.length) {
        throw syntaxError("The subprotocol '" + list.find(function (p, i) {
          return list.indexOf(p) !== i; }) + "' is duplicated.");
      }
      var state = {
        socket: this, id: nextId++, url: parsed.href, origin: parsed.origin, protocols: list,
        readyState: CONNECTING, protocol: '', binaryType: 'blob', handlers: {}, mode: 'waiting',
        real: null, pending: [], chain: Promise.resolve(), closeAsked: null,
        serverClosing: false, buffered: 0, queued: 0, plan: null, sends: 0, inbox: null
      };
      states.set(this, state);
      byId.set(state.id, state);
      openRelay();
      toRelay({op: 'open', id: state.id, url: state.url, protocols: list});
    }
    get url() {
      var s = states.get(this);
      if (s) { return s.url; }
      /* One of the class under it (a watch's hook reads the URL with this getter). */
      if (PAGE && !isInstance.call(WebSocket, this)) { return this.url; }
      throw new TypeError('Illegal invocation');
    }
    get readyState() { return states.get(this).readyState; }
    get protocol() { return states.get(this).protocol; }
    get extensions() { var s = states.get(this); return s.mode === 'pass' && s.real ? s.real.extensions : ''; }
    get bufferedAmount() {
      var s = states.get(this);
      return s.buffered + (s.mode === 'pass' && s.real ? s.real.bufferedAmount : 0);
    }
    get binaryType() { return states.get(this).binaryType; }
    set binaryType(value) {
      var s = states.get(this);
      if (value !== 'blob' && value !== 'arraybuffer') { return; }
      s.binaryType = value;
      if (s.mode === 'pass' && s.real) { s.real.binaryType = value; }
    }
    send(data) {
      var s = states.get(this);
      if (s.readyState === CONNECTING) {
        throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
      }
      if (s.readyState !== OPEN) { s.buffered += byteLength(data); return; }
      if (s.mode === 'pass') { s.real.send(data); return; }
      if (s.plan !== null) {
        var rule, replies;
        try {
          rule = typeof data === 'string' && s.queued === 0 ? decide(s.plan, data) : undefined;
          replies = rule ? repliesTo(rule, data) : [];
        } catch (error) { rule = undefined; }  /* whatever the page cannot weigh: the library's */
        if (rule !== undefined && replies !== undefined) {
          answerHere(s, rule, data, replies);
          return;
        }
        s.plan = null;
      }
      sendTaken(s, typeof data === 'string' || data instanceof Blob || data instanceof ArrayBuffer
        || ArrayBuffer.isView(data) ? data : String(data));
    }
    close(code, reason) {
      var s = states.get(this);
      if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
        throw new DOMException("Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. " + code + ' is neither.', 'InvalidAccessError');
      }
      reason = reason === undefined ? '' : String(reason);
      if (encoder.encode(reason).length > 123) {
        throw new DOMException("Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.", 'SyntaxError');
      }
      if (s.readyState === CLOSING || s.readyState === CLOSED) { return; }
      var connecting = s.readyState === CONNECTING;
      s.readyState = CLOSING;
      if (s.mode === 'pass') { s.real.close(code, reason); return; }
      if (s.mode === 'waiting') { s.closeAsked = [code, reason]; return; }
      s.chain = s.chain.then(function () {
        toRelay(connecting ? closedWhileConnecting(s, [code, reason])
          : {op: 'close', id: s.id, code: code === undefined ? 1005 : code, reason: reason});
      });
    }
  }
  [['CONNECTING', 0], ['OPEN', 1], ['CLOSING', 2], ['CLOSED', 3]].forEach(function (pair) {
    Object.defineProperty(WebSocket, pair[0], {value: pair[1], enumerable: true});
    Object.defineProperty(WebSocket.prototype, pair[0], {value: pair[1], enumerable: true});
  });
  ['open', 'message', 'error', 'close'].forEach(function (type) {
    Object.defineProperty(WebSocket.prototype, 'on' + type, {
      configurable: true, enumerable: true,
      get: function () { return states.get(this).handlers[type] || null; },
      set: function (handler) {
        var s = states.get(this);
        if (!s.listening) { s.listening = {}; }
        s.handlers[type] = typeof handler === 'function' ? handler : null;
        if (!s.listening[type]) {
          s.listening[type] = true;
          var socket = this;
          this.addEventListener(type, function (event) {
            var current = states.get(socket).handlers[type];
            if (current) { current.call(socket, event); }
          });
        }
      }
    });
  });
  if (!PAGE) {
    Object.defineProperty(scope, 'WebSocket', {value: WebSocket, writable: true, configurable: true});
  } else {
    /* The page's WebSocket is the shim's, whatever comes after it: Playwright's routing mock,
       set when a route is made, becomes the class under it (inner); any other class set later
       (a page's own wrapper, a watch's) goes over it, as it would over the browser's. The mock
       builds its connected socket (connect_to_server) from the shim's class inside its
       dispatch function, which the shim counts, so that one is the browser's own. */
    var outer = WebSocket;
    Object.defineProperty(WebSocket, Symbol.hasInstance, {value: function (value) {
      return isInstance.call(WebSocket, value) || isInstance.call(Native, value) ||
        (inner !== Native && isInstance.call(inner, value));
    }});
    Object.defineProperty(scope, 'WebSocket', {configurable: true, enumerable: false,
      get: function () { return outer; },
      set: function (value) {
        if (typeof value === 'function' && value.prototype && '_apiConnect' in value.prototype) {
          inner = value;
        } else { outer = value; }
      }});
    var dispatch;
    Object.defineProperty(scope, '__pwWebSocketDispatch', {configurable: true, enumerable: false,
      get: function () { return dispatch; },
      set: function (value) {
        dispatch = typeof value !== 'function' ? value : function () {
          dispatching++;
          try { return value.apply(this, arguments); } finally { dispatching--; }
        };
      }});
  }
  /* Workers this worker starts (nested dedicated workers). Chromium fetches their scripts
     where the library's routes do not see them, so the shim starts each itself, from a
     same-origin blob: script that runs the shim (this function, with the new worker's
     config) and then loads the worker's own script: importScripts, or for a module worker
     static imports of the shim (a blob of its own) and then of the script, so both have run
     before the worker's first message, as the script alone would have. A blob: script is
     read first (it may be revoked once the worker is made); a data: worker (an opaque
     origin) and a cross-origin one (which the browser refuses) are started as they were,
     the data: one named to the relay, which says so in the log. */
  function relayRequest(kind, url) {
    try {
      var request = new XMLHttpRequest();
      request.open('GET', CONFIG.relay.replace(/^ws/, 'http') + '/mark?kind=' +
        encodeURIComponent(kind) + '&url=' + encodeURIComponent(url.slice(0, 300)), false);
      request.send();
    } catch (error) { /* the relay is out of reach: nothing to tell it with */ }
  }
  function readScript(url) {
    var request = new XMLHttpRequest();
    request.open('GET', url, false);
    request.send();
    if (request.status !== 200) { throw new Error('unreadable blob'); }
    return URL.createObjectURL(new Blob([request.responseText], {type: 'text/javascript'}));
  }
  function classicRun(load, copy) {
    var run = 'importScripts(' + JSON.stringify(load) + ');';
    return copy ? 'try { ' + run + ' } finally { URL.revokeObjectURL(' + JSON.stringify(load) + '); }' : run;
  }
  function moduleWrapper(shim, load, copy) {
    var first = URL.createObjectURL(new Blob([shim], {type: 'text/javascript'}));
    return 'import ' + JSON.stringify(first) + '; import ' + JSON.stringify(load) + '; URL.revokeObjectURL(' +
      JSON.stringify(first) + ');' + (copy ? ' URL.revokeObjectURL(' + JSON.stringify(load) + ');' : '');
  }
  function startShimmed(target, args, newTarget) {
    var url;
    try { url = new URL(String(args[0]), CONFIG.base || scope.location.href); }
    catch (error) { return Reflect.construct(target, args, newTarget); }
    var config = {relay: CONFIG.relay, kind: 'dedicated worker', script: url.href};
    var load = url.href, copy = false;
    if (url.protocol === 'data:') { relayRequest('dedicated worker', url.href); }
    if (url.protocol === 'blob:') {
      try { load = readScript(url.href); copy = true; }
      catch (error) { return Reflect.construct(target, args, newTarget); }
    } else if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== scope.origin) {
      return Reflect.construct(target, args, newTarget);
    } else { config.base = url.href; }
    var options = args[1];
    var source = '(' + wsrouteShim.toString() + ')(' + JSON.stringify(config) + ');';
    source = options && options.type === 'module' ? moduleWrapper(source, load, copy)
      : source + classicRun(load, copy);
    var wrapper = URL.createObjectURL(new Blob([source], {type: 'text/javascript'}));
    try { return Reflect.construct(target, [wrapper].concat(Array.prototype.slice.call(args, 1)), newTarget); }
    catch (error) { return Reflect.construct(target, args, newTarget); }
    finally { URL.revokeObjectURL(wrapper); }
  }
  if (!PAGE && typeof scope.Worker === 'function' && typeof XMLHttpRequest === 'function') {
    scope.Worker = new Proxy(scope.Worker, {
      construct: function (target, args, newTarget) {
        return args.length ? startShimmed(target, args, newTarget) : Reflect.construct(target, args, newTarget);
      }
    });
  }
  /* A nested worker's script was loaded from a blob: its relative URLs still resolve
     against its own script URL (importScripts, fetch, XMLHttpRequest, WebSocket, Worker),
     and self.location names that URL (a URL object: WorkerLocation's fields). */
  if (CONFIG.base) {
    var shown = new URL(CONFIG.base);
    var absolute = function (url) {
      try { return new URL(String(url), CONFIG.base).href; } catch (error) { return url; }
    };
    try {
      Object.defineProperty(scope, 'location', {get: function () { return shown; }, configurable: true, enumerable: true});
    } catch (error) { /* location stays the blob's */ }
    var nativeImport = scope.importScripts, nativeFetch = scope.fetch;
    var nativeOpen = XMLHttpRequest.prototype.open;
    scope.importScripts = function importScripts() {
      return nativeImport.apply(scope, Array.prototype.map.call(arguments, absolute));
    };
    scope.fetch = function fetch(input, init) {
      var target = typeof input === 'string' || input instanceof URL ? absolute(input) : input;
      return arguments.length > 1 ? nativeFetch.call(scope, target, init) : nativeFetch.call(scope, target);
    };
    XMLHttpRequest.prototype.open = function open(method, url) {
      var args = Array.prototype.slice.call(arguments);
      if (args.length > 1) { args[1] = absolute(url); }
      return nativeOpen.apply(this, args);
    };
  }
})(__WSROUTE_CONFIG__);

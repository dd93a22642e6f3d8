// Acme Markets demo: a price ticker and a chat, each on its own WebSocket.
//
// Ticker, ws://<this host>/ticker
//   page -> server  {"type": "subscribe", "symbols": ["ACME", "INIT", "WSCO"]}  (on open)
//   server -> page  {"type": "hello", "market": "open"}
//                   {"type": "snapshot", "prices": {"ACME": 101.25, ...}}
//                   {"type": "price", "symbol": "ACME", "price": 102.5}
// Chat, ws://<this host>/chat
//   page -> server  {"type": "join", "user": "guest", "room": "trading-desk"}  (on open)
//                   {"type": "say", "id": 1, "text": "Hello"}
//                   {"type": "leave"}  (then the page closes with 1000 "user left")
//   server -> page  {"type": "joined", "room": "trading-desk", "online": 3}
//                   {"type": "ack", "id": 1}
//                   {"type": "message", "from": "maria", "text": "Hi"}
// A chat message the server does not acknowledge within 2 s shows as not delivered
// (and as delivered late if the acknowledgement still comes).
// When the ticker's connection is lost or refused (close code 1006) the page
// says "reconnecting…" and tries again with exponential backoff: 250 ms, 500 ms,
// 1 s, 2 s, then every 4 s, giving up after 10 attempts. A server that closes
// the socket on purpose (any other code) is not retried: the user may reconnect.
'use strict';

const SYMBOLS = ['ACME', 'INIT', 'WSCO'];
const ACK_TIMEOUT_MS = 2000;
const LOST = 1006;  // the connection was refused or broke: no close handshake
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 4000;
const RETRY_ATTEMPTS = 10;
const params = new URLSearchParams(location.search);
const user = params.get('user') || 'guest';
const room = params.get('room') || 'trading-desk';

const $ = (id) => document.getElementById(id);

function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${path}`;
}

function showStatus(element, state, text) {
  element.dataset.state = state;
  element.textContent = text;
}

function closeText(event) {
  const reason = event.reason ? ` ${event.reason}` : '';
  return `disconnected (${event.code}${reason})`;
}

// ---------------------------------------------------------------- ticker
const quotes = {};
let updates = 0;

for (const symbol of SYMBOLS) {
  const row = document.createElement('tr');
  row.dataset.symbol = symbol;
  row.dataset.trend = 'flat';
  row.innerHTML = `<td class="symbol">${symbol}</td><td class="num price">—</td>`
    + '<td class="num change">—</td><td><svg class="spark" viewBox="0 0 110 28"'
    + ' preserveAspectRatio="none"><polyline points=""/></svg></td>';
  $('quotes').appendChild(row);
  quotes[symbol] = {row, open: null, last: null, history: []};
}

function setPrice(symbol, price) {
  const quote = quotes[symbol];
  if (!quote || typeof price !== 'number') return;
  if (quote.open === null) quote.open = price;
  const row = quote.row;
  row.dataset.trend = quote.last === null || price === quote.last ? 'flat'
    : (price > quote.last ? 'up' : 'down');
  quote.last = price;
  quote.history = quote.history.concat(price).slice(-30);
  const change = price - quote.open;
  const percent = (change / quote.open) * 100;
  const sign = change > 0 ? '+' : (change < 0 ? '−' : '±');
  row.querySelector('.price').textContent = price.toFixed(2);
  row.querySelector('.change').dataset.sign = change > 0 ? 'up' : (change < 0 ? 'down' : 'flat');
  row.querySelector('.change').textContent =
    `${sign}${Math.abs(change).toFixed(2)} (${sign}${Math.abs(percent).toFixed(2)}%)`;
  drawSparkline(row.querySelector('polyline'), quote.history);
  row.classList.remove('flash');
  void row.offsetWidth;  // restart the flash animation
  row.classList.add('flash');
}

function drawSparkline(line, values) {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = high - low || 1;
  const step = values.length > 1 ? 110 / (values.length - 1) : 0;
  line.setAttribute('points', values
    .map((v, i) => `${(i * step).toFixed(1)},${(25 - ((v - low) / span) * 22).toFixed(1)}`)
    .join(' '));
}

function onTickerMessage(event) {
  const data = JSON.parse(event.data);
  if (data.type === 'hello') {
    showStatus($('market-state'), data.market, data.market);
  } else if (data.type === 'snapshot') {
    for (const [symbol, price] of Object.entries(data.prices)) setPrice(symbol, price);
  } else if (data.type === 'price') {
    setPrice(data.symbol, data.price);
    updates += 1;
    $('ticker-updates').textContent = `${updates} live update${updates === 1 ? '' : 's'}`;
  }
}

let tickerAttempt = 0;  // attempts since the ticker was last live
let retryTimer = null;

function connectTicker() {
  clearTimeout(retryTimer);
  tickerAttempt += 1;
  if (tickerAttempt === 1) showStatus($('ticker-status'), 'connecting', 'connecting…');
  $('ticker-reconnect').hidden = true;
  const ws = new WebSocket(socketUrl('/ticker'));
  ws.onopen = () => {
    showStatus($('ticker-status'), 'live', 'live');
    $('ticker-banner').hidden = true;
    $('ticker-connection').textContent =
      tickerAttempt > 1 ? `connected on attempt ${tickerAttempt}` : '';
    tickerAttempt = 0;
    ws.send(JSON.stringify({type: 'subscribe', symbols: SYMBOLS}));
  };
  ws.onmessage = onTickerMessage;
  ws.onclose = (event) => {
    if (event.code === LOST && tickerAttempt < RETRY_ATTEMPTS) {
      scheduleTickerRetry();
      return;
    }
    tickerAttempt = 0;
    $('ticker-banner').hidden = true;
    showStatus($('ticker-status'), 'disconnected', closeText(event));
    $('ticker-reconnect').hidden = false;
  };
}

// Lost or refused: try again after 250 ms, 500 ms, 1 s, ... at most 4 s apart.
function scheduleTickerRetry() {
  if (tickerAttempt === 0) tickerAttempt = 1;  // the connection that was live
  const delay = Math.min(RETRY_FIRST_MS * 2 ** (tickerAttempt - 1), RETRY_MAX_MS);
  showStatus($('ticker-status'), 'reconnecting', 'reconnecting…');
  $('ticker-banner').hidden = false;
  $('ticker-banner').textContent =
    `Connection lost. Reconnecting (attempt ${tickerAttempt + 1} in ${delay / 1000} s)…`;
  retryTimer = setTimeout(connectTicker, delay);
}

$('ticker-reconnect').addEventListener('click', () => {
  tickerAttempt = 0;
  connectTicker();
});

// ------------------------------------------------------------------ chat
let chat = null;
let nextId = 1;
const pending = new Map();
const unconfirmed = new Map();  // timed out, still hoping for a late acknowledgement

function addChatLine(className, text, from) {
  const item = document.createElement('li');
  item.className = `msg ${className}`;
  if (from) {
    const name = document.createElement('span');
    name.className = 'from';
    name.textContent = from;
    item.appendChild(name);
  }
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  item.appendChild(body);
  $('chat-log').appendChild(item);
  $('chat-log').scrollTop = $('chat-log').scrollHeight;
  return item;
}

function setDelivery(item, state, label) {
  item.dataset.state = state;
  item.querySelector('.state').textContent = label;
}

function onChatMessage(event) {
  const data = JSON.parse(event.data);
  if (data.type === 'joined') {
    $('chat-room').textContent = `#${data.room}`;
    $('chat-presence').textContent = `${user} · ${data.online} online`;
    addChatLine('system', `You joined #${data.room}`);
  } else if (data.type === 'ack' && pending.has(data.id)) {
    const entry = pending.get(data.id);
    clearTimeout(entry.timer);
    pending.delete(data.id);
    setDelivery(entry.item, 'delivered', '✓ delivered');
  } else if (data.type === 'ack' && unconfirmed.has(data.id)) {
    setDelivery(unconfirmed.get(data.id), 'late', '✓ delivered late');
    unconfirmed.delete(data.id);
  } else if (data.type === 'message') {
    addChatLine('theirs', data.text, data.from);
  }
}

function connectChat() {
  showStatus($('chat-status'), 'connecting', 'connecting…');
  chat = new WebSocket(socketUrl('/chat'));
  chat.onopen = () => {
    showStatus($('chat-status'), 'live', 'live');
    chat.send(JSON.stringify({type: 'join', user, room}));
  };
  chat.onmessage = onChatMessage;
  chat.onclose = (event) => {
    showStatus($('chat-status'), 'disconnected', closeText(event));
    $('chat-send').disabled = true;
    $('chat-leave').disabled = true;
  };
}

$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('chat-input').value.trim();
  if (!text || !chat || chat.readyState !== WebSocket.OPEN) return;
  const id = nextId++;
  const item = addChatLine('mine', text);
  const state = document.createElement('span');
  state.className = 'state';
  item.appendChild(state);
  setDelivery(item, 'pending', 'sending…');
  const timer = setTimeout(() => {
    pending.delete(id);
    unconfirmed.set(id, item);
    setDelivery(item, 'failed', '✗ not delivered');
  }, ACK_TIMEOUT_MS);
  pending.set(id, {item, timer});
  chat.send(JSON.stringify({type: 'say', id, text}));
  $('chat-input').value = '';
});

$('chat-leave').addEventListener('click', () => {
  if (!chat || chat.readyState !== WebSocket.OPEN) return;
  chat.send(JSON.stringify({type: 'leave'}));
  chat.close(1000, 'user left');
});

connectTicker();
connectChat();

/**
 * Browser scripts for the widget pages, inlined with the page nonce. Plain ES2020, no template literals, no
 * dependencies. The key rule (reference §8.2, §8.4): messages are JSON strings with `wk: true`, sent with
 * `window.parent.postMessage(str, targetOrigin)` where targetOrigin is the one allowlisted origin from the page
 * config; when there is none, nothing is posted at all (never '*').
 */

/** Shared helpers: config, post(), heightChange on load and on every size change. */
const common = `
var cfg = JSON.parse(document.getElementById('wk-config').textContent || '{}');
var target = typeof cfg.targetOrigin === 'string' && cfg.targetOrigin ? cfg.targetOrigin : null;
function post(type, payload) {
  if (!target || window.parent === window) return;
  var msg = { wk: true, type: type };
  if (payload !== undefined) msg.payload = payload;
  window.parent.postMessage(JSON.stringify(msg), target);
}
var root = document.getElementById('wk-root');
var lastHeight = -1;
function reportHeight() {
  var h = Math.ceil(root.getBoundingClientRect().height);
  if (h !== lastHeight) { lastHeight = h; post('heightChange', { height: h }); }
}
reportHeight();
if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(root);
`

export const errorPageScript = `(function () {${common}
if (cfg.error) post('error', cfg.error);
})();`

export const connectionPageScript = `(function () {${common}
var snapshot = cfg.snapshot;
var popup = null;
var pollTimer = null;
function note(text, bad) {
  var n = document.getElementById('wk-note');
  if (!n) return;
  n.textContent = text || '';
  n.className = bad ? 'note bad' : 'note';
}
function busy(on, label) {
  var b = document.getElementById('wk-connect') || document.querySelector('[data-action="disconnect"]');
  if (!b) return;
  if (on) { b.setAttribute('data-label', b.textContent); b.textContent = label; b.disabled = true; }
  else { b.textContent = b.getAttribute('data-label') || b.textContent; b.disabled = false; }
}
var typed = {};
function apply(data, announce) {
  if (data.html) root.innerHTML = data.html;
  // Keep what the person typed (except secrets) when the card re-renders after a failed attempt.
  var inputs = root.querySelectorAll('#wk-form input[name]');
  for (var i = 0; i < inputs.length; i++) {
    if (inputs[i].type !== 'password' && typed[inputs[i].name]) inputs[i].value = typed[inputs[i].name];
  }
  var changed = data.snapshot !== snapshot;
  snapshot = data.snapshot;
  if (data.event && (announce || changed)) post('connectionStatusChange', data.event);
  if (data.note) note(data.note, data.noteBad);
  reportHeight();
}
function call(path, body) {
  return fetch(cfg.api + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin'
  }).then(function (r) {
    return r.json().then(function (d) { if (!r.ok && !d.html) throw new Error(d.message || ('HTTP ' + r.status)); return d; });
  });
}
function fail(e) { note(e && e.message ? e.message : 'Something went wrong. Try again.', true); reportHeight(); }
function stopPolling() { if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } }
function refresh(finalCheck) {
  return call('/status').then(function (d) {
    var changed = d.snapshot !== snapshot;
    if (changed) { stopPolling(); apply(d, true); if (popup && !popup.closed) popup.close(); }
    else if (finalCheck) { busy(false); note('The sign-in window was closed before access was approved.', true); }
    return changed;
  }).catch(fail);
}
window.addEventListener('message', function (e) {
  // Only the emulator's own consent popup may tell us it finished.
  if (e.origin !== location.origin || !popup || e.source !== popup) return;
  if (e.data && e.data.type === 'emulator-oauth-complete') refresh(false);
});
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!form || form.id !== 'wk-form') return;
  e.preventDefault();
  var input = {};
  var fields = form.querySelectorAll('input[name]');
  for (var i = 0; i < fields.length; i++) input[fields[i].name] = fields[i].value;
  typed = input;
  busy(true, 'Connecting…');
  note('');
  call('/connect', { input: input }).then(function (d) { apply(d, true); }).catch(function (err) { busy(false); fail(err); });
});
document.addEventListener('click', function (e) {
  var el = e.target && e.target.closest ? e.target.closest('[data-action]') : null;
  if (!el) return;
  var action = el.getAttribute('data-action');
  if (action === 'oauth') {
    if (!cfg.oauthUrl) return;
    popup = window.open(cfg.oauthUrl, 'workato_oauth_' + cfg.connection.id, 'popup=yes,width=520,height=680');
    busy(true, 'Waiting for sign-in…');
    // No window handle: pop-ups are blocked, or the host app sent the sign-in to the system browser
    // (architecture: providers that refuse embedded browsers). Keep polling either way.
    note(popup ? 'Finish signing in in the new window.' : 'Finish signing in in the window that opened. If none opened, allow pop-ups for this page and press Connect again.');
    reportHeight();
    stopPolling();
    var started = Date.now();
    // Polling covers the cases where the popup cannot message us (closed early, opened outside this browser).
    pollTimer = setInterval(function () {
      if (popup && popup.closed) { stopPolling(); refresh(true); return; }
      if (!popup && Date.now() - started > 10 * 60 * 1000) { stopPolling(); busy(false); note('Sign-in timed out. Press Connect to try again.', true); return; }
      refresh(false);
    }, popup ? 1000 : 2000);
  } else if (action === 'disconnect') {
    busy(true, 'Disconnecting…');
    call('/disconnect', {}).then(function (d) { apply(d, true); }).catch(function (err) { busy(false); fail(err); });
  }
});
})();`

export const consentPageScript = `(function () {
var cfg = JSON.parse(document.getElementById('wk-config').textContent || '{}');
document.addEventListener('click', function (e) {
  var b = e.target && e.target.closest ? e.target.closest('[data-decision]') : null;
  if (!b) return;
  var decision = b.getAttribute('data-decision');
  var buttons = document.querySelectorAll('[data-decision]');
  for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
  var out = document.getElementById('c-result');
  fetch('/oauth/decision', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: cfg.session, state: cfg.state, decision: decision })
  }).then(function (r) { return r.json(); }).then(function (d) {
    out.textContent = d.message || '';
    out.className = d.connected ? 'result ok' : 'result bad';
    // Same-origin only: the widget that opened us lives on this emulator origin.
    if (window.opener) window.opener.postMessage({ type: 'emulator-oauth-complete', decision: decision }, location.origin);
    setTimeout(function () { window.close(); }, 700);
  }).catch(function () { out.textContent = 'Could not reach the emulator. Close this window and try again.'; out.className = 'result bad'; });
});
})();`

/**
 * The widget's HTML: the connection card (API-key form, OAuth connect button, connected state), the token error
 * page, the OAuth consent popup and Google's `disallowed_useragent` page. Server-rendered; the card is also
 * re-rendered as a fragment after every action so the page never needs the (single-use) token again.
 */
import { describeWidgetRejection, fatalEmbeddingError, type WidgetRejectionReason } from '../../../shared/domain/widget'
import { logoText, type Provider } from '../providers'
import type { ConnectionRecord } from '../records'
import { esc, page } from './html'
import { connectionPageScript, consentPageScript, errorPageScript } from './scripts'
import { baseCss, consentCss, googleCss } from './styles'

type Status = 'connected' | 'failed' | 'disconnected'

export function statusOf(c: ConnectionRecord): Status {
  if (c.authorization_status === 'success') return 'connected'
  if (c.authorization_status === 'failed' || c.authorization_status === 'exception') return 'failed'
  return 'disconnected'
}

function logoCss(p: Provider): string {
  return `.logo.p-${p.key}{background:${p.color}}`
}

function pill(s: Status): string {
  if (s === 'connected') return '<span class="pill pill-ok" id="wk-pill">Connected</span>'
  if (s === 'failed') return '<span class="pill pill-bad" id="wk-pill">Connection failed</span>'
  return '<span class="pill pill-off" id="wk-pill">Not connected</span>'
}

function formatDate(iso: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toUTCString().replace(' GMT', ' UTC')
}

/** Everything inside #wk-root: header, body for the current state, footer. `flash` = result of the last attempt. */
export function renderCard(conn: ConnectionRecord, provider: Provider, flash: { kind: 'error' | 'ok'; text: string } | null = null): string {
  const s = statusOf(conn)
  const head = `<header class="wk-head">
  <div class="logo p-${esc(provider.key)}" aria-hidden="true">${esc(logoText(provider))}</div>
  <div class="head-text"><div class="title" id="wk-title">${esc(conn.name)}</div><div class="subtitle">${esc(provider.title)} · connection ${conn.id}</div></div>
  ${pill(s)}
</header>`
  let body = ''
  if (flash?.kind === 'error') body += `<div class="alert" role="alert"><strong>Could not connect</strong>${esc(flash.text)}</div>`
  else if (s === 'failed' && conn.authorization_error)
    body += `<div class="alert" role="alert"><strong>Connection failed</strong>${esc(conn.authorization_error)}</div>`
  if (s === 'connected') {
    if (flash?.kind === 'ok') body += `<div class="okbox" role="status">${esc(flash.text)}</div>`
    body += `<dl class="meta"><dt>Status</dt><dd>Connected to ${esc(provider.title)}</dd><dt>Connected on</dt><dd>${esc(formatDate(conn.authorized_at))}</dd>${conn.external_id ? `<dt>Owner</dt><dd>${esc(conn.external_id)}</dd>` : ''}</dl>
<div class="actions"><button type="button" class="btn danger" data-action="disconnect">Disconnect</button></div>`
  } else if (provider.kind === 'oauth') {
    body += `<p class="lead">Sign in to ${esc(provider.title)} to connect. A new window opens where you approve access; this page updates when you are done.</p>
<div class="actions"><button type="button" class="btn primary" data-action="oauth" id="wk-connect">Connect</button></div>`
  } else {
    body += `<form id="wk-form" novalidate autocomplete="off">
${provider.fields
  .map(
    (f) =>
      `<label class="field"><span>${esc(f.label)}<em>*</em></span><input name="${esc(f.name)}" type="${f.secret ? 'password' : 'text'}" spellcheck="false">${f.hint ? `<small>${esc(f.hint)}</small>` : ''}</label>`,
  )
  .join('\n')}
<div class="actions"><button type="submit" class="btn primary" id="wk-connect">Connect</button></div>
</form>`
  }
  body += '<p class="note" id="wk-note" aria-live="polite"></p>'
  return `${head}<section class="wk-body">${body}</section><footer class="wk-foot"><span>Secured by Workato</span><span>Embedded sandbox</span></footer>`
}

export interface ConnectionPageConfig {
  mode: 'connection'
  /** The only origin messages go to (§8.4). */
  targetOrigin: string
  api: string
  oauthUrl: string | null
  connection: { id: number; provider: string }
  snapshot: string
}

export function connectionPage(nonce: string, conn: ConnectionRecord, provider: Provider, config: ConnectionPageConfig): string {
  return page({
    title: `${conn.name} · Workato`,
    nonce,
    css: baseCss + logoCss(provider),
    body: `<div id="wk-root">${renderCard(conn, provider)}</div>`,
    config,
    script: connectionPageScript,
  })
}

export function errorPage(nonce: string, reason: WidgetRejectionReason, targetOrigin: string | null): string {
  const d = describeWidgetRejection(reason)
  return page({
    title: 'Unable to open this page · Workato',
    nonce,
    css: baseCss,
    body: `<div id="wk-root"><div class="err" role="alert">
  <div class="err-icon" aria-hidden="true">!</div>
  <h1>Unable to open this connection</h1>
  <div class="code" id="wk-reason">Fatal embedding error: ${esc(reason)}</div>
  <p>${esc(d?.explanation ?? 'The embedding token was refused.')}</p>
  ${d ? `<p class="fix"><strong>How to fix:</strong> ${esc(d.fix)}</p>` : ''}
  <p class="muted">Workato Embedded sandbox · JWT direct link</p>
</div></div>`,
    config: { mode: 'error', targetOrigin, error: fatalEmbeddingError(reason) },
    script: errorPageScript,
  })
}

export function consentPage(nonce: string, provider: Provider, conn: ConnectionRecord, session: string, state: string): string {
  return page({
    title: `Sign in to ${provider.title}`,
    nonce,
    css: consentCss + logoCss(provider),
    body: `<main class="c-card">
  <div class="c-logos"><div class="logo p-${esc(provider.key)}">${esc(logoText(provider))}</div><span class="dots">• • •</span><div class="logo wk">W</div></div>
  <h1>Workato wants to access your ${esc(provider.title)} account</h1>
  <p>For the connection <strong>${esc(conn.name)}</strong>, Workato will be able to:</p>
  <ul><li>Read and write records</li><li>Receive events (webhooks)</li><li>Keep access when you are offline (refresh token)</li></ul>
  <div class="actions"><button class="btn" data-decision="deny" type="button">Deny</button><button class="btn primary" data-decision="approve" type="button">Approve</button></div>
  <div class="result" id="c-result" role="status"></div>
  <p class="muted">Sandbox sign-in page for ${esc(provider.title)}: no real account is involved.</p>
</main>`,
    config: { session, state },
    script: consentPageScript,
  })
}

/** What Google shows an embedded user agent (Electron, WebView) on its sign-in page. */
export function disallowedUserAgentPage(nonce: string, provider: Provider): string {
  return page({
    title: 'Sign in - Google Accounts',
    nonce,
    css: googleCss,
    body: `<main class="g-card">
  <div class="g-logo" aria-label="Google"><span class="g1">G</span><span class="g2">o</span><span class="g3">o</span><span class="g1">g</span><span class="g4">l</span><span class="g2">e</span></div>
  <h1>Couldn't sign you in</h1>
  <p>This browser or app may not be secure. <span class="g-link">Learn more</span></p>
  <p>Try using a different browser. If you're already using a supported browser, you can try again to sign in.</p>
  <p class="g-err">Error 403: disallowed_useragent</p>
  <p>Request details: the ${esc(provider.title)} sign-in was started inside an embedded browser, which Google's policies do not allow. Use a secure browser.</p>
</main>
<div class="g-foot"><span>English (United States)</span><span>Help · Privacy · Terms</span></div>`,
  })
}

export function messagePage(nonce: string, title: string, text: string): string {
  return page({ title, nonce, css: baseCss, body: `<div id="wk-root"><div class="err"><h1>${esc(title)}</h1><p>${esc(text)}</p></div></div>` })
}

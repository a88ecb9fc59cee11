/**
 * Browser harness only: the relay that runs inside the widget host page (there is no <webview> preload in
 * Chromium). It is the same code as the app's widget preload (shared/widget-relay.ts); instead of `sendToHost`
 * it forwards each record to the console with `parent.postMessage`, addressed to the console's origin only.
 * Bundled with esbuild when the harness starts.
 */
import { createWidgetRelay, WIDGET_HOST_SOURCE } from '../../shared/widget-relay'

const script = document.currentScript as HTMLScriptElement | null
const consoleOrigin = script ? (new URL(script.src).searchParams.get('console') ?? '') : ''
const meta = (name: string) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? ''
const attemptId = meta('widget-attempt')

if (consoleOrigin && window.parent !== window) {
  const relay = createWidgetRelay({
    expectedOrigin: () => meta('workato-origin'),
    getWidgetWindow: () => (document.getElementById('workato-widget') as HTMLIFrameElement | null)?.contentWindow ?? null,
    deliver: (record) => window.parent.postMessage({ source: WIDGET_HOST_SOURCE, attemptId, record }, consoleOrigin),
  })
  window.addEventListener('message', relay, false)
}

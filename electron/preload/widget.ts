/**
 * Preload of the widget <webview> guest (the host page at the partner's origin that iframes Workato's
 * Connection Widget). It listens for the widget's postMessages and relays each one, accepted or rejected with
 * its reason, to the embedding renderer with `sendToHost`. Nothing is exposed to the page itself.
 * The checks (origin, source, size, JSON, `wk: true`, known type and payload shape) live in shared/widget-relay,
 * so the browser harness runs the very same code (architecture.md, "The live widget" 4; reference §8.2).
 * Every message is bounded before it is parsed or serialised (size, depth, keys, string length:
 * shared/widget-bounds.ts): one over a bound is relayed as rejected with a 2 KiB preview, so what crosses
 * `sendToHost` (a structured clone) is always small and shallow.
 */
import { ipcRenderer } from 'electron'
import { createWidgetRelay, WIDGET_RELAY_CHANNEL } from '../../shared/widget-relay'

// The preload runs before the page is parsed, so the expected Workato origin (named by the host page that
// main built) is read when a message arrives, not now. An empty origin matches nothing: everything is rejected.
let expectedOrigin = ''
const readExpectedOrigin = (): string => {
  if (!expectedOrigin) expectedOrigin = document.querySelector('meta[name="workato-origin"]')?.getAttribute('content') ?? ''
  return expectedOrigin
}

const relay = createWidgetRelay({
  expectedOrigin: readExpectedOrigin,
  getWidgetWindow: () => (document.getElementById('workato-widget') as HTMLIFrameElement | null)?.contentWindow ?? null,
  deliver: (record) => ipcRenderer.sendToHost(WIDGET_RELAY_CHANNEL, record),
})
window.addEventListener('message', relay, false)

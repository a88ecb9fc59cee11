/**
 * Preload of the widget <webview> guest (the host page at the partner's origin that iframes Workato's
 * Connection Widget). It listens for the widget's postMessages and relays each one, accepted or rejected with
 * its reason, to the embedding renderer with `sendToHost`. Nothing is exposed to the page itself.
 * The checks live in shared/widget-relay so the browser harness runs the very same code.
 */
import { ipcRenderer } from 'electron'
import { createWidgetRelay, WIDGET_RELAY_CHANNEL } from '../../shared/widget-relay'

const params = new URLSearchParams(window.location.search)
// The host page names the expected Workato origin; main built that page, and the renderer checks it again.
const expectedOrigin = document.querySelector('meta[name="workato-origin"]')?.getAttribute('content') ?? params.get('wo') ?? ''

const relay = createWidgetRelay({
  expectedOrigin,
  getWidgetWindow: () => (document.getElementById('workato-widget') as HTMLIFrameElement | null)?.contentWindow ?? null,
  deliver: (record) => ipcRenderer.sendToHost(WIDGET_RELAY_CHANNEL, record),
})
window.addEventListener('message', relay, false)

/**
 * A tiny "partner page" for browser tests and screenshots: serves /host?src=<widget URL> on its own loopback
 * origin, iframes the widget, records every message event and resizes the iframe from heightChange (§8.1).
 */
import { createServer, type Server } from 'node:http'

const html = (src: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>Partner app</title>
<style>
body{margin:0;font:14px system-ui,sans-serif;background:#eef1f5;color:#1f2a37}
.bar{background:#1d2838;color:#fff;padding:12px 20px;font-weight:600}
.wrap{max-width:560px;margin:24px auto;background:#fff;border-radius:12px;box-shadow:0 4px 20px rgba(16,24,40,.08);overflow:hidden}
.wrap h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:#6b7585;margin:0;padding:14px 22px 0}
iframe{display:block;width:100%;border:0;height:200px}
</style></head><body>
<div class="bar">Acme Partner Portal · Integrations</div>
<div class="wrap"><h2>Connect your app</h2><iframe id="w" src="${src.replace(/"/g, '&quot;')}"></iframe></div>
<script>
window.__messages = [];
window.addEventListener('message', function (e) {
  window.__messages.push({ origin: e.origin, data: e.data });
  try {
    var m = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
    if (m && m.wk && m.type === 'heightChange') document.getElementById('w').style.height = m.payload.height + 'px';
  } catch (err) {}
});
</script></body></html>`

export async function startHostPage(): Promise<{ origin: string; url: (src: string) => string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(html(u.searchParams.get('src') ?? 'about:blank'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  const port = addr && typeof addr === 'object' ? addr.port : 0
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    url: (src) => `${origin}/host?src=${encodeURIComponent(src)}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

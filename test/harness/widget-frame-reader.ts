/**
 * Browser harness only: what main does in the app with the guest's frames, done with Playwright's frame access.
 * When a widget frame (the direct link inside a host page) finishes loading, its text goes to core's
 * `pageReport()`, which picks out a reason code the page shows (reference §7.4). A page at another origin cannot
 * be read by the host page or its relay; only the embedder (main, or here the test driver) can.
 */
import type { Frame, Page } from '@playwright/test'
import type { WidgetService } from '../../electron/core/widget'
import { HOST_PAGE_PATH } from '../../electron/core/widget'

export function readWidgetFrames(page: Page, widget: Pick<WidgetService, 'pageReport'>): () => void {
  async function report(frame: Frame) {
    const parent = frame.parentFrame()
    if (!parent || !frame.url().includes('/direct_link/') || !URL.canParse(parent.url())) return
    const host = new URL(parent.url())
    const attemptId = host.pathname === HOST_PAGE_PATH ? host.searchParams.get('attempt') : null
    if (!attemptId) return
    try {
      await frame.waitForLoadState('domcontentloaded')
      const text = await frame.evaluate(() => document.body?.innerText ?? '')
      widget.pageReport(attemptId, { url: frame.url(), text })
    } catch {
      // The frame went away (attempt closed, page navigated): nothing left to read.
    }
  }
  const onNavigated = (frame: Frame) => void report(frame)
  page.on('framenavigated', onNavigated)
  return () => page.off('framenavigated', onNavigated)
}

/** The `widget:*` operations, thin over the widget service. */
import type { DomainHandlers } from '../rpc/types'
import type { WidgetService } from './widget-service'

export function widgetHandlers(service: WidgetService): DomainHandlers<'widget'> {
  return {
    'widget:open': async (req, ctx) => service.open(req, ctx.caller),
    'widget:close': async ({ attemptId, outcome }) => service.close(attemptId, outcome),
    'widget:record': async ({ attemptId, records, afterSeq, firstIndex }) => {
      service.record(attemptId, records, firstIndex)
      // Everything after what the renderer has seen, console notes (API checks, popups) included, in order.
      return { entries: service.messages(attemptId, afterSeq, 20_000).entries, received: service.received(attemptId) }
    },
    'widget:check': async ({ attemptId }, ctx) => service.check(attemptId, ctx.signal),
    'widget:attempts': async () => service.attempts(),
    'widget:messages': async ({ attemptId, afterSeq, limit }) => service.messages(attemptId, afterSeq, limit),
    'widget:token': async ({ attemptId }) => service.token(attemptId),
    'widget:export': async ({ attemptId }) => service.exportJson(attemptId),
    'widget:diagnose': async ({ attemptId }, ctx) => service.diagnose(attemptId, ctx.signal),
    'widget:continueInBrowser': async ({ attemptId }) => {
      await service.continueInBrowser(attemptId)
      return { ok: true as const }
    },
  }
}

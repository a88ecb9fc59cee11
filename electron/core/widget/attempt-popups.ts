/**
 * Popups and permissions of a live attempt's partition: main asks before a consent window opens or navigates
 * (one policy, popup-policy.ts), reports what became of it, and the console offers the system browser for the
 * one consent URL that refused the embedded browser (disallowed_useragent).
 */
import { appError } from '../../../shared/errors'
import { redactText } from '../../../shared/redact'
import type { PopupEvent } from '../../../shared/contract/widget'
import type { AuditLog } from '../audit'
import type { PermissionAsker } from '../permission-policy'
import type { EventSink } from '../rpc/types'
import { auditAttempt } from './attempt-audit'
import type { Attempt, AttemptRegistry } from './attempt-registry'
import { decidePopup, detectEmbeddedBrowserRefusal, type PopupDecision } from './popup-policy'

export interface PopupReport {
  url: string
  state: PopupEvent['state']
  title?: string
  bodyText?: string
}

export interface AttemptPopups {
  decide(partition: string, url: string, kind: 'open' | 'navigate'): PopupDecision
  report(partition: string, report: PopupReport): void
  continueInBrowser(a: Attempt): Promise<void>
  permissionAsker(partition: string): PermissionAsker
}

export function createAttemptPopups(deps: {
  registry: AttemptRegistry
  events: EventSink
  audit: AuditLog
  openExternal(url: string): Promise<void>
  loopbackOrigins(): readonly string[]
  secrets(a: Attempt): readonly string[]
  note(a: Attempt, type: string, text: string): void
}): AttemptPopups {
  return {
    decide(partition, url, kind) {
      const a = deps.registry.live(partition)
      if (!a) return { allow: false, reason: 'not a live widget attempt' }
      const d = decidePopup({ url, loopbackOrigins: deps.loopbackOrigins() })
      const shown = redactText(url, deps.secrets(a))
      if (d.allow && kind === 'open') a.popups.add(url)
      if (!d.allow) {
        const what = kind === 'open' ? 'Popup blocked' : 'Consent window navigation blocked'
        deps.events.emit('widget:popup', { attemptId: a.view.attemptId, url: shown, state: 'blocked', message: `${what}: ${d.reason}.` })
      }
      // Navigations inside an allowed consent window are the provider's business; only refusals are noted.
      if (kind === 'open' || !d.allow) {
        deps.note(a, d.allow ? 'popupAllowed' : 'popupBlocked', JSON.stringify({ url: shown, ...(d.allow ? {} : { reason: d.reason }) }))
      }
      return d
    },

    report(partition, report) {
      const a = deps.registry.byPartition(partition)
      if (!a) return
      const refused = report.state === 'refused_embedded' || detectEmbeddedBrowserRefusal(report)
      const state: PopupEvent['state'] = refused ? 'refused_embedded' : report.state
      // Keep the first URL the popup was allowed to open (the widget's consent start), else the refusing page.
      if (refused) a.refusedUrl = [...a.popups][a.popups.size - 1] ?? report.url
      const url = redactText(report.url, deps.secrets(a))
      const message =
        state === 'refused_embedded'
          ? 'The sign-in provider refuses to run inside an embedded browser (disallowed_useragent). Continue in the system browser; the console will watch the connection until it is authorised.'
          : state === 'opened'
            ? 'Consent window opened.'
            : state === 'closed'
              ? 'Consent window closed.'
              : 'Popup blocked.'
      deps.events.emit('widget:popup', { attemptId: a.view.attemptId, url, state, message })
      deps.note(a, `popup:${state}`, JSON.stringify({ url }))
    },

    async continueInBrowser(a) {
      const url = a.refusedUrl
      if (!url)
        throw appError('conflict', 'No consent page of this attempt refused the embedded browser.', { hint: 'Use the Connect button in the widget.' })
      const u = safeUrl(url)
      // The same policy that let the consent window show it: https, or the running Sandbox's loopback pages.
      const d = decidePopup({ url, loopbackOrigins: deps.loopbackOrigins() })
      if (!u || !d.allow) throw appError('validation', 'Only https pages can be opened in the system browser.')
      await deps.openExternal(u.toString())
      a.externalBrowser = true
      deps.note(a, 'externalBrowser', JSON.stringify({ url: redactText(u.toString(), deps.secrets(a)) }))
      await auditAttempt(deps.audit, 'widget.external_browser', a.view, { detail: `${u.origin}${u.pathname}` })
    },

    permissionAsker(partition) {
      const a = deps.registry.live(partition)
      if (!a) return { kind: 'none' }
      const sandbox = deps.loopbackOrigins().find((o) => o === a.view.appOrigin) ?? null
      return { kind: 'widget', hostOrigin: a.view.hostOrigin, sandboxOrigin: sandbox }
    },
  }
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

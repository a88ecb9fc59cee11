/**
 * An attempt's message log as core keeps it: relayed records re-checked against the attempt (origin, bounds,
 * shape) and redacted before they are stored, console lines, resent batches skipped by running number, and the
 * close rule (nothing is recorded once closing starts, so the audit line's count is what the log holds).
 */
import { appError } from '../../../shared/errors'
import { WIDGET_ATTEMPT_CLOSED, type WidgetLogEntry } from '../../../shared/contract/widget'
import { redactMessageText, redactSecretsIn } from '../../../shared/redact-deep'
import { checkJsonText, parseBoundedJson, truncatePreview, WIDGET_PREVIEW_CHARS } from '../../../shared/widget-bounds'
import { inspectWidgetMessage, type RelayedMessage } from '../../../shared/widget-relay'
import type { Attempt } from './attempt-registry'

export interface AttemptMessages {
  /** A console line; none once the attempt is closing (its count in the audit line is final). */
  note(a: Attempt, type: string, text: string): WidgetLogEntry | null
  record(a: Attempt, records: RelayedMessage[], firstIndex?: number): WidgetLogEntry[]
  /** Records received so far by running number (the next `firstIndex` the sender should use). */
  received(a: Attempt): number
}

export function createAttemptMessages(opts: { now: () => number; secrets: (a: Attempt) => readonly string[] }): AttemptMessages {
  /** Records received per attempt, by the sender's running number (`firstIndex`): a resent batch is skipped, not logged twice. */
  const receivedBy = new WeakMap<Attempt, number>()

  function append(a: Attempt, entry: Omit<WidgetLogEntry, 'seq'>): WidgetLogEntry {
    const e = a.log.append(entry)
    a.view.messageCount = a.log.total
    if (!entry.accepted) a.view.rejectedCount++
    return e
  }

  function note(a: Attempt, type: string, text: string): WidgetLogEntry | null {
    if (a.closing || a.view.closedAt) return null
    return append(a, {
      at: opts.now(),
      direction: 'console',
      origin: 'console',
      type,
      accepted: true,
      reason: null,
      detail: null,
      size: text.length,
      raw: redactMessageText(text, opts.secrets(a)),
    })
  }

  function record(a: Attempt, records: RelayedMessage[], firstIndex?: number): WidgetLogEntry[] {
    // Close is final (flush first, then close: the renderer sends what it holds before it asks to close).
    // Anything later is refused, so the audit line's count is what the log holds.
    if (a.closing || a.view.closedAt) {
      throw appError(
        'conflict',
        `This widget attempt is closed; ${records.length} ${records.length === 1 ? 'message' : 'messages'} that arrived after close were not recorded.`,
        {
          hint: 'Open the widget again to record a new attempt.',
          details: { reason: WIDGET_ATTEMPT_CLOSED, refused: records.length },
        },
      )
    }
    let skip = 0
    const received = receivedBy.get(a) ?? 0
    if (firstIndex !== undefined) {
      skip = Math.min(records.length, Math.max(0, received - firstIndex))
      if (firstIndex > received) {
        // The sender's queue hit its cap and let go of these: the log says so rather than hide the gap.
        const lost = firstIndex - received
        note(
          a,
          'recordsDropped',
          JSON.stringify({
            dropped: lost,
            message: `${lost} relayed ${lost === 1 ? 'message was' : 'messages were'} dropped by the console's send queue before reaching the log.`,
          }),
        )
      }
      receivedBy.set(a, Math.max(received, firstIndex + records.length))
    } else receivedBy.set(a, received + records.length)
    const out: WidgetLogEntry[] = []
    const known = opts.secrets(a)
    for (const r of records.slice(skip)) {
      // The renderer's record is re-checked against this attempt's app origin: a renderer bug (or a
      // compromised renderer) cannot turn a foreign message into an accepted one.
      let accepted = r.accepted
      let reason: string | null = r.reason
      let detail: string | null = r.detail ?? null
      let message = r.message
      // Whatever the renderer says, the log keeps only a preview of text over the message bounds.
      let raw = r.raw.length > WIDGET_PREVIEW_CHARS && checkJsonText(r.raw) ? truncatePreview(r.raw, WIDGET_PREVIEW_CHARS, true) : r.raw
      if (accepted) {
        if (r.origin !== a.view.appOrigin) {
          accepted = false
          reason = 'wrong_origin'
        } else {
          // Object data is re-checked as the value it parses to; a raw over the bounds stays text and fails the same bound check.
          const data = r.dataKind === 'string' ? r.raw : (parseBoundedJson(r.raw) ?? r.raw)
          const again = inspectWidgetMessage({ origin: r.origin, source: a, data }, a.view.appOrigin, a, r.at)
          message = again.message
          raw = again.raw
          if (!again.accepted) {
            accepted = false
            reason = again.reason
            detail = again.detail ?? null
          }
        }
      }
      const type = message?.type ?? ''
      const e = append(a, {
        at: r.at,
        direction: 'in',
        origin: redactSecretsIn(r.origin, known),
        type: redactSecretsIn(type, known),
        accepted,
        reason,
        detail: detail === null ? null : redactSecretsIn(detail, known),
        size: r.size,
        raw: redactMessageText(raw, known),
      })
      if (accepted && type === 'error') a.view.lastErrorReason = errorReason(message?.payload) ?? 'error'
      out.push(e)
    }
    return out
  }

  return { note, record, received: (a) => receivedBy.get(a) ?? 0 }
}

/** `details.reason` of a FatalEmbeddingError, else the message (reference §8.3 `error`). */
function errorReason(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null
  const p = payload as { details?: { reason?: unknown }; message?: unknown }
  if (p.details && typeof p.details.reason === 'string') return p.details.reason
  return typeof p.message === 'string' ? p.message.slice(0, 200) : null
}

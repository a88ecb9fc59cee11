/**
 * One widget attempt from "Authenticate" to close (architecture.md, "The live widget"): mint a short-lived token
 * for one customer, create a fresh in-memory partition, have the host adapter serve the host page at the
 * profile's registered origin inside it, grant exactly that <webview>, keep the attempt's message log, confirm
 * the connection with the API, and on close wipe the partition, revoke the grant and write the audit line.
 *
 * The Electron half (session.fromPartition, protocol.handle, popups) is behind `WidgetHostAdapter`, so this
 * file runs unchanged under main, the browser harness and unit tests.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { appError } from '../../../shared/errors'
import { redactText, redactValue } from '../../../shared/redact'
import { redactDeep, redactMessageText, redactSecretsIn } from '../../../shared/redact-deep'
import { checkJsonText, parseBoundedJson, truncatePreview, WIDGET_PREVIEW_CHARS } from '../../../shared/widget-bounds'
import { isConnected, type Connection } from '../../../shared/domain/workato'
import { describeWidgetRejection } from '../../../shared/domain/widget'
import { WIDGET_ATTEMPT_CLOSED, type ConnectionCheck, type PopupEvent, type TokenView, type WidgetAttempt, type WidgetLogEntry, type WidgetOutcome } from '../../../shared/contract/widget'
import type { TokenInspection } from '../../../shared/contract/tokens'
import { attemptChecks, type AttemptContext } from '../tokens/inspect-token'
import type { RelayedMessage } from '../../../shared/widget-relay'
import { inspectWidgetMessage } from '../../../shared/widget-relay'
import type { ProfileAccess } from '../services'
import type { EventSink } from '../rpc/types'
import type { AuditLog } from '../audit'
import type { WebviewGrant } from '../widget-grants'
import type { PermissionAsker } from '../permission-policy'
import { createPartitionPool, type PartitionPool } from './partition-pool'
import { buildHostPage, hostPageCsp } from './host-page'
import { createMessageLog, DEFAULT_LOG_CAPACITY, type MessageLog } from './message-log'
import { decidePopup, detectEmbeddedBrowserRefusal, type PopupDecision } from './popup-policy'

/** Long enough to load the widget and click through a consent page, short enough to be useless if leaked. */
export const WIDGET_TOKEN_TTL_SECONDS = 300
/** Attempts (with their logs) kept for reopening later in the session. */
export const MAX_ATTEMPTS_KEPT = 50

export interface HostPlacement {
  hostUrl: string
  hostOrigin: string
  /** Browser harness only: the relay bundle the host page loads, and who may frame it. */
  relayScriptSrc?: string
  frameAncestors?: string
}

/**
 * Where host pages are served. Main implements it with a session-scoped `protocol.handle`; the browser harness
 * with a loopback server per attempt; tests with a fake.
 */
export interface WidgetHostAdapter {
  readonly embed: 'webview' | 'iframe'
  /** Absolute path of the widget preload, for the webview grant (app only). */
  readonly preloadPath: string
  prepare(a: { attemptId: string; partition: string; originUrl: string }): Promise<HostPlacement>
  /** Serve `html` at `hostUrl` (and nothing else) until `release`. */
  publish(a: { attemptId: string; partition: string; hostUrl: string; html: string; csp: string }): Promise<void>
  /**
   * Stop serving, close the attempt's popups, and wipe the partition (storage, cache, auth cache). Rejects when
   * the wipe failed: the partition is then never reused.
   */
  release(a: { attemptId: string; partition: string }): Promise<void>
}

export interface MintedToken {
  token: string
  claims: { sub: string; jti: string; iat: number; exp?: number; origin?: string }
}

export interface WidgetServiceDeps {
  profiles: ProfileAccess
  mint(req: { profileId: string; customer: number; origin: string; ttlSeconds: number }): Promise<MintedToken>
  getConnection(ref: { profileId: string; customerId: number; connectionId: number }, signal?: AbortSignal): Promise<Connection>
  /** The token linter (core/tokens `createTokenInspector`). */
  inspectToken(profileId: string, token: string, attempt?: AttemptContext): Promise<TokenInspection>
  grants: { add(g: WebviewGrant): void; revoke(partition: string): void }
  /** Where attempts' partitions come from (default: a pool of WIDGET_PARTITION_POOL_SIZE). */
  partitions?: PartitionPool
  audit: AuditLog
  events: EventSink
  openExternal(url: string): Promise<void>
  /** http origins allowed for popups (the in-process sandbox's loopback origin). */
  loopbackOrigins(): readonly string[]
  /** Teach the log redactor the token, so it never reaches a log line in clear. */
  addSecret?(s: string): void
  /** Every secret core knows (API tokens of the profiles, minted tokens): masked inside widget messages too. */
  knownSecrets?(): readonly string[]
  host?: WidgetHostAdapter
  logCapacity?: number
  /** Where exports are written (`<dataDir>/exports`); none = only returned. */
  exportDir?: string
  now?: () => number
  newId?: () => string
}

interface Attempt {
  view: WidgetAttempt
  /** Who opened it (the renderer's id); its reload or death closes the attempt. */
  owner: string | null
  token: string
  log: MessageLog
  popups: Set<string>
  externalBrowser: boolean
  /** The consent URL that answered disallowed_useragent; only this one may go to the system browser. */
  refusedUrl: string | null
  closing: Promise<WidgetAttempt> | null
}

export interface WidgetService {
  setHost(host: WidgetHostAdapter): void
  /** `owner`: an opaque id of the renderer asking (main: its webContents), for `closeOwnedBy`. */
  open(req: { profileId: string; customerId: number; connectionId: number }, owner?: string): Promise<WidgetAttempt>
  /** `why` goes to the audit line (e.g. "the app window reloaded"). */
  close(attemptId: string, outcome?: WidgetOutcome, why?: string): Promise<WidgetAttempt>
  /**
   * Logs relayed records. `firstIndex` is the sender's running number of `records[0]`; records core already has
   * (a batch resent after a lost answer) are skipped. Throws `conflict` (details.reason `attempt_closed`) once
   * the attempt is closing or closed.
   */
  record(attemptId: string, records: RelayedMessage[], firstIndex?: number): WidgetLogEntry[]
  /** Records received so far by running number (the next `firstIndex` the sender should use). */
  received(attemptId: string): number
  note(attemptId: string, type: string, text: string): WidgetLogEntry | null
  check(attemptId: string, signal?: AbortSignal): Promise<ConnectionCheck>
  attempts(): WidgetAttempt[]
  messages(attemptId: string, afterSeq: number, limit: number): { entries: WidgetLogEntry[]; total: number; evicted: number }
  token(attemptId: string): Promise<TokenView>
  exportJson(attemptId: string): Promise<{ fileName: string; json: string; path: string | null }>
  /** Opens the last consent URL that refused the embedded browser in the system browser. */
  continueInBrowser(attemptId: string): Promise<void>
  /**
   * Main asks before a guest or popup of `partition` opens `url` in a new window (`kind: 'open'`), and before a
   * popup navigates or is redirected (`kind: 'navigate'`). One policy for both (popup-policy.ts).
   */
  decidePopup(partition: string, url: string, kind?: 'open' | 'navigate'): PopupDecision
  /** Who is asking for a web permission from inside `partition` (core/permission-policy decides). */
  permissionAsker(partition: string): PermissionAsker
  /** Main reports what became of a popup (opened / closed / refused the embedded browser). */
  popupReport(partition: string, report: { url: string; state: PopupEvent['state']; title?: string; bodyText?: string }): void
  byPartition(partition: string): WidgetAttempt | undefined
  /** Closes every open attempt (app quit). */
  closeAll(why?: string): Promise<void>
  /** Closes every open attempt `owner` opened: its renderer reloaded, navigated away, crashed or closed. */
  closeOwnedBy(owner: string, why: string): Promise<void>
}

export function createWidgetService(deps: WidgetServiceDeps): WidgetService {
  const now = deps.now ?? Date.now
  const newId = deps.newId ?? randomUUID
  let host = deps.host
  const pool = deps.partitions ?? createPartitionPool()
  const attempts = new Map<string, Attempt>()
  const partitions = new Map<string, string>() // partition -> attemptId

  /** The open attempt that owns `partition` now (a pooled partition belongs to one attempt at a time). */
  const live = (partition: string): Attempt | undefined => {
    const id = partitions.get(partition)
    const a = id ? attempts.get(id) : undefined
    return a && !a.view.closedAt ? a : undefined
  }
  const get = (attemptId: string): Attempt => {
    const a = attempts.get(attemptId)
    if (!a) throw appError('not_found', 'This widget attempt is not known (it may have been opened in an earlier session).')
    return a
  }
  /** Records received per attempt, by the sender's running number (`firstIndex`): a resent batch is skipped, not logged twice. */
  const receivedBy = new WeakMap<Attempt, number>()
  const secrets = (a: Attempt) => [a.token, ...(deps.knownSecrets?.() ?? [])]

  function prune(): void {
    if (attempts.size <= MAX_ATTEMPTS_KEPT) return
    for (const [id, a] of attempts) {
      if (attempts.size <= MAX_ATTEMPTS_KEPT) break
      if (a.view.closedAt) attempts.delete(id)
    }
  }

  /** A console line; none once the attempt is closing (its count in the audit line is final). */
  function note(a: Attempt, type: string, text: string): WidgetLogEntry | null {
    if (a.closing || a.view.closedAt) return null
    return append(a, { at: now(), direction: 'console', origin: 'console', type, accepted: true, reason: null, detail: null, size: text.length, raw: redactMessageText(text, secrets(a)) })
  }

  function append(a: Attempt, entry: Omit<WidgetLogEntry, 'seq'>): WidgetLogEntry {
    const e = a.log.append(entry)
    a.view.messageCount = a.log.total
    if (!entry.accepted) a.view.rejectedCount++
    return e
  }

  const service: WidgetService = {
    setHost(h) {
      host = h
    },

    async open({ profileId, customerId, connectionId }, owner) {
      if (!host) throw appError('internal', 'The widget host is not ready yet.', { hint: 'Wait a second and try again.' })
      const profile = await deps.profiles.getProfile(profileId)
      const originUrl = profile.originUrls[0]
      if (!originUrl) {
        throw appError('validation', `Profile "${profile.name}" has no origin URL.`, {
          hint: 'Add the origin your Workato account allowlists (reference §8.4) in the profile settings; Workato only posts widget messages to it.',
        })
      }
      const target = await deps.profiles.apiTarget(profileId)
      const attemptId = newId()
      // In memory only, wiped before reuse (partition-pool.ts; architecture.md, "The live widget" 1).
      const partition = pool.acquire()
      if (partition === null) {
        throw appError('conflict', `${pool.names.length} widget attempts are already open (or still being wiped).`, {
          hint: 'Close one of the open widget attempts and try again.',
        })
      }
      const placement = await host.prepare({ attemptId, partition, originUrl }).catch((e: unknown) => {
        pool.release(partition, true) // nothing was loaded into it yet
        throw e
      })
      let minted: MintedToken
      try {
        minted = await deps.mint({ profileId, customer: customerId, origin: placement.hostOrigin, ttlSeconds: WIDGET_TOKEN_TTL_SECONDS })
      } catch (e) {
        const wiped = await host.release({ attemptId, partition }).then(() => true, () => false)
        pool.release(partition, wiped)
        await deps.audit
          .append({ action: 'widget.open_failed', attemptId, profileId, customerId, connectionId, jti: null, outcome: 'failed_to_open', detail: e instanceof Error ? e.message : String(e) })
          .catch(() => {})
        throw e
      }
      deps.addSecret?.(minted.token)
      const html = buildHostPage({
        attemptId,
        appOrigin: target.appOrigin,
        connectionId,
        token: minted.token,
        label: `${profile.name} / customer ${customerId} / connection ${connectionId}`,
        relayScriptSrc: placement.relayScriptSrc,
        frameAncestors: placement.frameAncestors,
      })
      const csp = hostPageCsp({ appOrigin: target.appOrigin, relayScriptSrc: placement.relayScriptSrc, frameAncestors: placement.frameAncestors })
      // The grant must exist before the renderer creates the <webview>: `will-attach-webview` looks it up.
      // Popups are on for every attempt (OAuth consent needs them); each URL still goes through decidePopup.
      deps.grants.add({ partition, src: placement.hostUrl, preload: host.preloadPath, allowPopups: true })
      try {
        await host.publish({ attemptId, partition, hostUrl: placement.hostUrl, html, csp })
      } catch (e) {
        deps.grants.revoke(partition)
        const wiped = await host.release({ attemptId, partition }).then(() => true, () => false)
        pool.release(partition, wiped)
        throw e
      }
      const view: WidgetAttempt = {
        attemptId,
        profileId,
        customerId,
        connectionId,
        partition,
        hostUrl: placement.hostUrl,
        hostOrigin: placement.hostOrigin,
        appOrigin: new URL(target.appOrigin).origin,
        embed: host.embed,
        openedAt: new Date(now()).toISOString(),
        closedAt: null,
        outcome: null,
        claims: { ...minted.claims },
        messageCount: 0,
        rejectedCount: 0,
        confirmedConnected: false,
        lastErrorReason: null,
      }
      const attempt: Attempt = { view, owner: owner ?? null, token: minted.token, log: createMessageLog(deps.logCapacity ?? DEFAULT_LOG_CAPACITY), popups: new Set(), externalBrowser: false, refusedUrl: null, closing: null }
      attempts.set(attemptId, attempt)
      partitions.set(partition, attemptId)
      prune()
      await deps.audit
        .append({ action: 'widget.open', attemptId, profileId, customerId, connectionId, jti: minted.claims.jti, outcome: null, detail: `host ${placement.hostOrigin}` })
        .catch(() => {})
      return { ...view }
    },

    close(attemptId, outcome, why) {
      const a = get(attemptId)
      if (a.closing) return a.closing
      if (a.view.closedAt) return Promise.resolve({ ...a.view })
      a.closing = (async () => {
        const v = a.view
        deps.grants.revoke(v.partition)
        partitions.delete(v.partition)
        let wiped = false
        try {
          await host?.release({ attemptId, partition: v.partition })
          wiped = true
        } finally {
          pool.release(v.partition, wiped)
          v.closedAt = new Date(now()).toISOString()
          v.outcome = outcome ?? inferOutcome(a)
          await deps.audit
            .append({
              action: 'widget.close',
              attemptId,
              profileId: v.profileId,
              customerId: v.customerId,
              connectionId: v.connectionId,
              jti: typeof v.claims.jti === 'string' ? v.claims.jti : null,
              outcome: v.outcome,
              // Final: `record` and `note` refuse from the moment closing starts, so this is what the log holds.
              detail: `${v.messageCount} messages (${v.rejectedCount} rejected)${a.log.evicted ? `; ${a.log.evicted} oldest evicted by the log's cap of ${a.log.capacity}` : ''}${v.lastErrorReason ? `; last error ${v.lastErrorReason}` : ''}${why ? `; ${why}` : ''}${wiped ? '' : '; partition wipe failed, partition retired'}`,
            })
            .catch(() => {})
        }
        return { ...v }
      })()
      return a.closing
    },

    record(attemptId, records, firstIndex) {
      const a = get(attemptId)
      // Close is final (flush first, then close: the renderer sends what it holds before it asks to close).
      // Anything later is refused, so the audit line's count is what the log holds.
      if (a.closing || a.view.closedAt) {
        throw appError('conflict', `This widget attempt is closed; ${records.length} ${records.length === 1 ? 'message' : 'messages'} that arrived after close were not recorded.`, {
          hint: 'Open the widget again to record a new attempt.',
          details: { reason: WIDGET_ATTEMPT_CLOSED, refused: records.length },
        })
      }
      let skip = 0
      const received = receivedBy.get(a) ?? 0
      if (firstIndex !== undefined) {
        skip = Math.min(records.length, Math.max(0, received - firstIndex))
        if (firstIndex > received) {
          // The sender's queue hit its cap and let go of these: the log says so rather than hide the gap.
          const lost = firstIndex - received
          note(a, 'recordsDropped', JSON.stringify({ dropped: lost, message: `${lost} relayed ${lost === 1 ? 'message was' : 'messages were'} dropped by the console's send queue before reaching the log.` }))
        }
        receivedBy.set(a, Math.max(received, firstIndex + records.length))
      } else receivedBy.set(a, received + records.length)
      const out: WidgetLogEntry[] = []
      const known = secrets(a)
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
    },

    received(attemptId) {
      return receivedBy.get(get(attemptId)) ?? 0
    },

    note(attemptId, type, text) {
      const a = attempts.get(attemptId)
      return a ? note(a, type, text) : null
    },

    async check(attemptId, signal) {
      const a = get(attemptId)
      const v = a.view
      const connection = await deps.getConnection({ profileId: v.profileId, customerId: v.customerId, connectionId: v.connectionId }, signal)
      const connected = isConnected(connection)
      if (connected) v.confirmedConnected = true
      const result: ConnectionCheck = {
        connected,
        status: connection.authorization_status ?? null,
        error: connection.authorization_error ?? null,
        connection,
        checkedAt: new Date(now()).toISOString(),
      }
      service.note(
        attemptId,
        'apiCheck',
        JSON.stringify({ connected, authorization_status: result.status, authorization_error: result.error, connection_id: connection.id }),
      )
      return result
    },

    attempts() {
      return [...attempts.values()].map((a) => ({ ...a.view })).reverse()
    },

    messages(attemptId, afterSeq, limit) {
      const a = get(attemptId)
      return { entries: a.log.after(afterSeq, limit), total: a.log.total, evicted: a.log.evicted }
    },

    async token(attemptId) {
      const a = get(attemptId)
      const claims = a.view.claims
      // One linter (core/tokens): the attempt's checks are its findings about this token, sorted into four rows.
      const context = { customerId: a.view.customerId, hostOrigin: a.view.hostOrigin }
      const inspection = redactValue(await deps.inspectToken(a.view.profileId, a.token, context), secrets(a))
      const checks = attemptChecks(inspection, context, new Date(now()))
      return { header: inspection.header ?? {}, claims, checks, inspection }
    },

    async exportJson(attemptId) {
      const a = get(attemptId)
      const entries = a.log.after(-1, a.log.capacity)
      const doc = {
        exportedAt: new Date(now()).toISOString(),
        attempt: a.view,
        evicted: a.log.evicted,
        // Parsed within the message bounds (shared/widget-bounds.ts); anything else is exported as its text.
        messages: entries.map((e) => ({ ...e, time: new Date(e.at).toISOString(), parsed: parseBoundedJson(e.raw) ?? e.raw })),
      }
      // Redact value by value (running the redactor over the serialised text could eat a JSON escape), keys
      // included, iteratively: no log line can make the export throw.
      const json = JSON.stringify(redactDeep(doc, secrets(a)), null, 2)
      const stamp = a.view.openedAt.replace(/[:.]/g, '-')
      const fileName = `widget-${a.view.customerId}-${a.view.connectionId}-${stamp}.json`
      let file: string | null = null
      if (deps.exportDir) {
        await mkdir(deps.exportDir, { recursive: true })
        file = path.join(deps.exportDir, fileName)
        await writeFile(file, json, { encoding: 'utf8', mode: 0o600 })
      }
      return { fileName, json, path: file }
    },

    async continueInBrowser(attemptId) {
      const a = get(attemptId)
      const url = a.refusedUrl
      if (!url) throw appError('conflict', 'No consent page of this attempt refused the embedded browser.', { hint: 'Use the Connect button in the widget.' })
      const u = safeUrl(url)
      // The same policy that let the consent window show it: https, or the running Sandbox's loopback pages.
      const d = decidePopup({ url, loopbackOrigins: deps.loopbackOrigins() })
      if (!u || !d.allow) throw appError('validation', 'Only https pages can be opened in the system browser.')
      await deps.openExternal(u.toString())
      a.externalBrowser = true
      service.note(attemptId, 'externalBrowser', JSON.stringify({ url: redactText(u.toString(), secrets(a)) }))
      await deps.audit
        .append({ action: 'widget.external_browser', attemptId, profileId: a.view.profileId, customerId: a.view.customerId, connectionId: a.view.connectionId, jti: null, outcome: null, detail: `${u.origin}${u.pathname}` })
        .catch(() => {})
    },

    decidePopup(partition, url, kind = 'open') {
      const a = live(partition)
      if (!a) return { allow: false, reason: 'not a live widget attempt' }
      const d = decidePopup({ url, loopbackOrigins: deps.loopbackOrigins() })
      const shown = redactText(url, secrets(a))
      if (d.allow && kind === 'open') a.popups.add(url)
      if (!d.allow) {
        const what = kind === 'open' ? 'Popup blocked' : 'Consent window navigation blocked'
        deps.events.emit('widget:popup', { attemptId: a.view.attemptId, url: shown, state: 'blocked', message: `${what}: ${d.reason}.` })
      }
      // Navigations inside an allowed consent window are the provider's business; only refusals are noted.
      if (kind === 'open' || !d.allow) {
        service.note(a.view.attemptId, d.allow ? 'popupAllowed' : 'popupBlocked', JSON.stringify({ url: shown, ...(d.allow ? {} : { reason: d.reason }) }))
      }
      return d
    },

    permissionAsker(partition) {
      const a = live(partition)
      if (!a) return { kind: 'none' }
      const sandbox = deps.loopbackOrigins().find((o) => o === a.view.appOrigin) ?? null
      return { kind: 'widget', hostOrigin: a.view.hostOrigin, sandboxOrigin: sandbox }
    },

    popupReport(partition, report) {
      const id = partitions.get(partition)
      const a = id ? attempts.get(id) : undefined
      if (!a) return
      const refused = report.state === 'refused_embedded' || detectEmbeddedBrowserRefusal(report)
      const state: PopupEvent['state'] = refused ? 'refused_embedded' : report.state
      // Keep the first URL the popup was allowed to open (the widget's consent start), else the refusing page.
      if (refused) a.refusedUrl = [...a.popups][a.popups.size - 1] ?? report.url
      const url = redactText(report.url, secrets(a))
      const message =
        state === 'refused_embedded'
          ? 'The sign-in provider refuses to run inside an embedded browser (disallowed_useragent). Continue in the system browser; the console will watch the connection until it is authorised.'
          : state === 'opened'
            ? 'Consent window opened.'
            : state === 'closed'
              ? 'Consent window closed.'
              : 'Popup blocked.'
      deps.events.emit('widget:popup', { attemptId: a.view.attemptId, url, state, message })
      service.note(a.view.attemptId, `popup:${state}`, JSON.stringify({ url }))
    },

    byPartition(partition) {
      const id = partitions.get(partition)
      const a = id ? attempts.get(id) : undefined
      return a ? { ...a.view } : undefined
    },

    async closeAll(why) {
      await Promise.all([...attempts.values()].filter((a) => !a.view.closedAt).map((a) => service.close(a.view.attemptId, 'abandoned', why)))
    },

    async closeOwnedBy(owner, why) {
      const owned = [...attempts.values()].filter((a) => a.owner === owner && !a.view.closedAt)
      await Promise.all(owned.map((a) => service.close(a.view.attemptId, 'abandoned', why).catch(() => a.view)))
    },
  }

  function inferOutcome(a: Attempt): WidgetOutcome {
    if (a.view.confirmedConnected) return 'connected'
    const reason = a.view.lastErrorReason
    if (reason) return describeWidgetRejection(reason) ? 'token_rejected' : 'error'
    if (a.externalBrowser) return 'external_browser'
    if (!a.log.after(-1, a.log.capacity).some((e) => e.direction === 'in' && e.accepted)) return 'no_messages'
    return 'abandoned'
  }

  return service
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** `details.reason` of a FatalEmbeddingError, else the message (reference §8.3 `error`). */
function errorReason(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null
  const p = payload as { details?: { reason?: unknown }; message?: unknown }
  if (p.details && typeof p.details.reason === 'string') return p.details.reason
  return typeof p.message === 'string' ? p.message.slice(0, 200) : null
}

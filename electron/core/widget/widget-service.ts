/**
 * One widget attempt from "Authenticate" to close (architecture.md, "The live widget"): mint a short-lived token
 * for one customer, create a fresh in-memory partition, have the host adapter serve the host page at the
 * profile's registered origin inside it, grant exactly that <webview>, keep the attempt's message log, confirm
 * the connection with the API, and on close wipe the partition, revoke the grant and write the audit line.
 *
 * This file is the composition: open and close, the token view and the connection check; the attempts
 * (attempt-registry.ts), message recording (attempt-messages.ts), popups (attempt-popups.ts), export
 * (attempt-export.ts) and audit lines (attempt-audit.ts) live beside it. The Electron half (session.fromPartition,
 * protocol.handle, popups) is behind `WidgetHostAdapter`, so this runs unchanged under main, the browser harness
 * and unit tests.
 */
import { randomUUID } from 'node:crypto'
import { appError } from '../../../shared/errors'
import { redactValue } from '../../../shared/redact'
import { isConnected, type Connection } from '../../../shared/domain/workato'
import { describeWidgetRejection } from '../../../shared/domain/widget'
import type { ConnectionCheck, PopupEvent, TokenView, WidgetAttempt, WidgetLogEntry, WidgetOutcome } from '../../../shared/contract/widget'
import type { TokenInspection } from '../../../shared/contract/tokens'
import type { RelayedMessage } from '../../../shared/widget-relay'
import { attemptChecks, type AttemptContext } from '../tokens/inspect-token'
import type { ProfileAccess } from '../services'
import type { EventSink } from '../rpc/types'
import type { AuditLog } from '../audit'
import type { WebviewGrant } from '../widget-grants'
import type { PermissionAsker } from '../permission-policy'
import { auditAttempt } from './attempt-audit'
import { exportAttempt } from './attempt-export'
import { createAttemptMessages } from './attempt-messages'
import { createAttemptPopups } from './attempt-popups'
import { createAttemptRegistry, type Attempt } from './attempt-registry'
import { createPartitionPool, type PartitionPool } from './partition-pool'
import { buildHostPage, hostPageCsp } from './host-page'
import { createMessageLog, DEFAULT_LOG_CAPACITY } from './message-log'
import { PERSISTED_LOG_TAIL } from './attempt-history'
import type { PopupDecision } from './popup-policy'
import type { AttemptHistory } from './attempt-history'
import { diagnoseSilence, readWidgetPageReason, type OriginFacts } from './silence-diagnosis'
import type { SilenceDiagnosis } from '../../../shared/contract/widget-diagnosis'

/** Long enough to load the widget and click through a consent page, short enough to be useless if leaked. */
export const WIDGET_TOKEN_TTL_SECONDS = 300
export { MAX_ATTEMPTS_KEPT } from './attempt-registry'

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
  mint(req: { profileId: string; customer: number; origin: string; ttlSeconds: number; userId?: number }): Promise<MintedToken>
  /** Throws (a `validation` error naming the member) unless `memberId` is a member of the customer (reference §7.1). */
  checkMember?(req: { profileId: string; customerId: number; memberId: number }, signal?: AbortSignal): Promise<void>
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
  /**
   * The registration facts the silence diagnosis checks (reference §5.4): the customer's `origin_url` (undefined
   * when it could not be read, with the reason in `unknowns`) and the account's origins.
   */
  originFacts?(req: {
    profileId: string
    customerId: number
  }): Promise<Pick<OriginFacts, 'customerOrigin' | 'accountOrigins' | 'accountOriginsSource' | 'unknowns'>>
  logCapacity?: number
  /** Where exports are written (`<dataDir>/exports`); none = only returned. */
  exportDir?: string
  now?: () => number
  newId?: () => string
  /** Attempts kept across restarts (attempt-history.ts); none = this session only. */
  history?: AttemptHistory
}

export interface WidgetService {
  setHost(host: WidgetHostAdapter): void
  /** `owner`: an opaque id of the renderer asking (main: its webContents), for `closeOwnedBy`. */
  open(req: { profileId: string; customerId: number; connectionId: number; memberId?: number }, owner?: string): Promise<WidgetAttempt>
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
   * The host reports what the widget frame shows (its text, read by main or by the harness): a reason code on
   * the page becomes a log line, the attempt's last error and a `widget:page` event (reference §7.4).
   */
  pageReport(attemptId: string, page: { url: string; text: string }): void
  /** Names the wrong origin fact of an attempt (architecture.md, "Silence diagnosis"). */
  diagnose(attemptId: string, signal?: AbortSignal): Promise<SilenceDiagnosis>
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
  const registry = createAttemptRegistry()
  const secrets = (a: Attempt) => [a.token, ...(deps.knownSecrets?.() ?? [])]
  const log = createAttemptMessages({ now, secrets })
  const popups = createAttemptPopups({ ...deps, registry, secrets, note: (a, type, text) => void log.note(a, type, text) })

  const get = (attemptId: string): Attempt => registry.get(attemptId)
  const keep = (a: Attempt) => deps.history?.save(a.view, a.log.after(a.log.total - PERSISTED_LOG_TAIL - 1, PERSISTED_LOG_TAIL), a.log.total)

  const service: WidgetService = {
    setHost(h) {
      host = h
    },

    async open({ profileId, customerId, connectionId, memberId }, owner) {
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
        if (memberId !== undefined) {
          if (!deps.checkMember) throw appError('internal', 'Members cannot be checked here, so no token naming one is signed.')
          await deps.checkMember({ profileId, customerId, memberId })
        }
        minted = await deps.mint({
          profileId,
          customer: customerId,
          origin: placement.hostOrigin,
          ttlSeconds: WIDGET_TOKEN_TTL_SECONDS,
          ...(memberId !== undefined ? { userId: memberId } : {}),
        })
      } catch (e) {
        const wiped = await host.release({ attemptId, partition }).then(
          () => true,
          () => false,
        )
        pool.release(partition, wiped)
        await auditAttempt(
          deps.audit,
          'widget.open_failed',
          { attemptId, profileId, customerId, connectionId },
          {
            outcome: 'failed_to_open',
            detail: `${memberId !== undefined ? `member ${memberId}: ` : ''}${e instanceof Error ? e.message : String(e)}`,
          },
        )
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
        const wiped = await host.release({ attemptId, partition }).then(
          () => true,
          () => false,
        )
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
        memberId: memberId ?? null,
      }
      const attempt: Attempt = {
        view,
        owner: owner ?? null,
        token: minted.token,
        log: createMessageLog(deps.logCapacity ?? DEFAULT_LOG_CAPACITY),
        popups: new Set(),
        externalBrowser: false,
        refusedUrl: null,
        closing: null,
      }
      registry.add(attempt)
      keep(attempt)
      await auditAttempt(deps.audit, 'widget.open', view, { jti: minted.claims.jti, detail: `host ${placement.hostOrigin}` })
      return { ...view }
    },

    close(attemptId, outcome, why) {
      const a = get(attemptId)
      if (a.closing) return a.closing
      if (a.view.closedAt) return Promise.resolve({ ...a.view })
      a.closing = (async () => {
        const v = a.view
        deps.grants.revoke(v.partition)
        registry.releasePartition(v.partition)
        let wiped = false
        try {
          await host?.release({ attemptId, partition: v.partition })
          wiped = true
        } finally {
          pool.release(v.partition, wiped)
          v.closedAt = new Date(now()).toISOString()
          v.outcome = outcome ?? inferOutcome(a)
          keep(a)
          await auditAttempt(deps.audit, 'widget.close', v, {
            jti: typeof v.claims.jti === 'string' ? v.claims.jti : null,
            outcome: v.outcome,
            // Final: `record` and `note` refuse from the moment closing starts, so this is what the log holds.
            detail: `${v.messageCount} messages (${v.rejectedCount} rejected)${a.log.evicted ? `; ${a.log.evicted} oldest evicted by the log's cap of ${a.log.capacity}` : ''}${v.lastErrorReason ? `; last error ${v.lastErrorReason}` : ''}${why ? `; ${why}` : ''}${wiped ? '' : '; partition wipe failed, partition retired'}`,
          })
        }
        return { ...v }
      })()
      return a.closing
    },

    record(attemptId, records, firstIndex) {
      return log.record(get(attemptId), records, firstIndex)
    },

    received(attemptId) {
      return log.received(get(attemptId))
    },

    note(attemptId, type, text) {
      const a = registry.find(attemptId)
      return a ? log.note(a, type, text) : null
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
      const live = registry
        .all()
        .map((a) => ({ ...a.view }))
        .reverse()
      // Earlier sessions' attempts follow this session's (the live ones are newer by construction).
      const known = new Set(live.map((v) => v.attemptId))
      return [...live, ...(deps.history?.list().filter((v) => !known.has(v.attemptId)) ?? [])]
    },

    messages(attemptId, afterSeq, limit) {
      const kept = registry.find(attemptId) ? undefined : deps.history?.messages(attemptId)
      if (kept) return { ...kept, entries: kept.entries.filter((e) => e.seq > afterSeq).slice(0, limit) }
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
      // The linter sees only the token; whether its origin is registered is a fact about the account and the
      // customer. The origin row is "ok" only when the diagnosis finds the claim registered and equal to the host.
      const origin = checks.find((c) => c.name === 'origin')
      if (origin?.ok) {
        const d = await service.diagnose(attemptId).catch(() => null)
        const claimFact = d?.facts.find((f) => f.name === 'origin_claim')
        if (!d || claimFact?.ok !== true || (d.wrong && d.wrong.fact !== 'widget_page')) {
          origin.ok = false
          origin.message = d
            ? d.wrong && d.wrong.fact !== 'widget_page'
              ? d.headline
              : `${origin.message} ${d.headline}`
            : `${origin.message} Not confirmed: the registrations could not be read.`
        }
      }
      return { header: inspection.header ?? {}, claims, checks, inspection }
    },

    pageReport(attemptId, page) {
      const a = registry.find(attemptId)
      if (!a || a.closing || a.view.closedAt) return
      const reason = readWidgetPageReason(page.text)
      // A page that states no reason (the widget itself, every normal load) costs nothing more.
      if (!reason) return
      const text = redactValue(page.text.replace(/\s+/g, ' ').trim().slice(0, 2000), secrets(a))
      // The page's reason outranks silence: it is what Workato itself said about this attempt.
      a.view.lastErrorReason = reason
      log.note(a, 'widgetPage', JSON.stringify({ reason, explanation: describeWidgetRejection(reason)?.explanation ?? null, page: text }))
      deps.events.emit('widget:page', { attemptId, reason, text })
    },

    async diagnose(attemptId, signal) {
      const a = get(attemptId)
      const v = a.view
      const claim = typeof v.claims.origin === 'string' ? v.claims.origin : null
      const known = deps.originFacts
        ? await deps.originFacts({ profileId: v.profileId, customerId: v.customerId }).catch((e: unknown) => ({
            customerOrigin: undefined,
            accountOrigins: [],
            accountOriginsSource: 'profile' as const,
            unknowns: [`The registrations could not be read: ${e instanceof Error ? e.message : String(e)}`],
          }))
        : {
            customerOrigin: undefined,
            accountOrigins: [],
            accountOriginsSource: 'profile' as const,
            unknowns: ['The registrations are not available here.'],
          }
      if (signal?.aborted) throw appError('cancelled', 'Cancelled.')
      return diagnoseSilence({ hostOrigin: v.hostOrigin, claimOrigin: claim, pageReason: v.lastErrorReason, ...known })
    },

    async exportJson(attemptId) {
      const a = get(attemptId)
      return exportAttempt(a, { now: now(), secrets: secrets(a), exportDir: deps.exportDir })
    },

    continueInBrowser: (attemptId) => popups.continueInBrowser(get(attemptId)),
    decidePopup: (partition, url, kind = 'open') => popups.decide(partition, url, kind),
    permissionAsker: (partition) => popups.permissionAsker(partition),
    popupReport: (partition, report) => popups.report(partition, report),

    byPartition(partition) {
      const a = registry.byPartition(partition)
      return a ? { ...a.view } : undefined
    },

    async closeAll(why) {
      await Promise.all(
        registry
          .all()
          .filter((a) => !a.view.closedAt)
          .map((a) => service.close(a.view.attemptId, 'abandoned', why)),
      )
    },

    async closeOwnedBy(owner, why) {
      const owned = registry.all().filter((a) => a.owner === owner && !a.view.closedAt)
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

/**
 * The silence diagnosis: which origin fact is wrong when a widget posts nothing. Workato's rule (reference §5.4,
 * §8.4): the allowlist is the customer's `origin_url` plus the account's vendor origins; the token's `origin`
 * claim picks the target when it is on the list (a claim off the list: nothing is posted); without a claim the
 * target is the customer's `origin_url`, else the account's first origin. Messages reach the host page only when
 * that target is the host page's own origin. This file applies the rule to the facts and names the one that
 * breaks it; `readWidgetPageReason()` reads the reason a widget error page shows (§7.4).
 */
import { describeWidgetRejection, widgetRejectionReasonCodes } from '../../../shared/domain/widget'
import type { DiagnosisFact, SilenceDiagnosis } from '../../../shared/contract/widget-diagnosis'

export interface OriginFacts {
  hostOrigin: string
  /** The token's `origin` claim, as signed. */
  claimOrigin: string | null
  /** The customer's `origin_url` from the API; `undefined` when it could not be read. */
  customerOrigin: string | null | undefined
  /** The account-level origins, and where the console learnt them. */
  accountOrigins: readonly string[]
  accountOriginsSource: 'emulator' | 'profile'
  /** The reason the widget page showed, when the console could read it. */
  pageReason: string | null
  /** Facts that could not be read, as sentences. */
  unknowns?: string[]
}

/** Origins compare as scheme://host[:port] (a trailing slash or path in a setting is not a different origin). */
export function originOf(value: string): string {
  return URL.canParse(value) ? new URL(value).origin : value.trim().replace(/\/+$/, '')
}

const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'none')

export function diagnoseSilence(f: OriginFacts): SilenceDiagnosis {
  const host = originOf(f.hostOrigin)
  const claim = f.claimOrigin ? originOf(f.claimOrigin) : null
  const customer = f.customerOrigin ? originOf(f.customerOrigin) : null
  const account = f.accountOrigins.map(originOf)
  const allowed = [...(customer ? [customer] : []), ...account.filter((o) => o !== customer)]
  const registered = (o: string) => allowed.includes(o)
  const accountWhere =
    f.accountOriginsSource === 'emulator'
      ? "read from the running Sandbox's account settings"
      : "as entered in this profile (Workato has no API to read them, §5.4): check they match the account's admin console"
  const customerText = f.customerOrigin === undefined ? 'unknown (could not be read)' : (customer ?? 'not set')
  const unknowns = [...(f.unknowns ?? [])]

  // §8.4: where Workato will post.
  const target = claim ? (registered(claim) ? claim : null) : (customer ?? account[0] ?? null)

  const facts: DiagnosisFact[] = [
    { name: 'host_origin', label: 'Host page origin', value: host, ok: target === host, note: registeredNote(host) },
    {
      name: 'origin_claim',
      label: "Token's origin claim",
      value: claim ?? 'none',
      ok: claim === null ? null : claim === host && registered(claim),
      note: claim === null ? 'Without a claim Workato uses the customer origin_url, else the account’s first origin.' : registeredNote(claim),
    },
    {
      name: 'customer_origin',
      label: "Customer's origin_url",
      value: customerText,
      ok: null,
      note: 'Admin console → customer → Settings, or PUT /api/managed_users/:id (§5.4).',
    },
    { name: 'account_origins', label: "Account's origins", value: list(account), ok: null, note: accountWhere },
  ]
  if (f.pageReason) {
    const d = describeWidgetRejection(f.pageReason)
    facts.push({
      name: 'widget_page',
      label: 'Widget page says',
      value: f.pageReason,
      ok: false,
      note: d?.explanation ?? 'The widget page showed this error.',
    })
  }

  function registeredNote(o: string): string {
    if (o === customer) return "It is the customer's origin_url."
    if (account.includes(o)) return "It is one of the account's origins."
    return f.customerOrigin === undefined
      ? "It is not one of the account's origins (the customer's origin_url could not be read)."
      : "It is registered neither as the customer's origin_url nor among the account's origins."
  }
  const mark = (name: DiagnosisFact['name']) => {
    const fact = facts.find((x) => x.name === name)
    if (fact) fact.ok = false
  }
  const done = (d: Omit<SilenceDiagnosis, 'facts' | 'unknowns'>): SilenceDiagnosis => ({ ...d, facts, unknowns })
  const registerFix = (o: string) =>
    `Register ${o} for the account (Workato admin console, or ask your Workato representative), or set it as this customer's origin_url; then open the widget again with a new token (§5.4).`

  if (allowed.length === 0 && f.customerOrigin !== undefined) {
    mark('account_origins')
    return done({
      verdict: 'nothing_registered',
      wrong: { fact: 'account_origins', value: 'none' },
      headline: 'No origin is registered: the customer has no origin_url and the account lists no origins, so Workato posts nowhere.',
      fix: registerFix(host),
    })
  }
  if (claim && !registered(claim)) {
    if (claim === host) {
      mark('host_origin')
      return done({
        verdict: 'host_not_registered',
        wrong: { fact: 'host_origin', value: host },
        headline: `The host page's origin ${host} (also the token's origin claim) is not registered: it is neither the customer's origin_url (${customerText}) nor one of the account's origins (${list(account)}). Workato posts nothing to it (§8.4).`,
        fix: registerFix(host),
      })
    }
    return done({
      verdict: 'claim_not_registered',
      wrong: { fact: 'origin_claim', value: claim },
      headline: `The token's origin claim ${claim} is not registered and is not the host page's origin ${host} either, so Workato posts nothing (§8.4).`,
      fix: `Sign the token with origin ${host}, and make sure ${host} is registered (§5.4, §7.2).`,
    })
  }
  if (claim && claim !== host) {
    return done({
      verdict: 'claim_mismatch',
      wrong: { fact: 'origin_claim', value: claim },
      headline: `The token's origin claim is ${claim}, but the host page runs on ${host}: Workato posts to ${claim}, so the page on ${host} hears nothing.`,
      fix: `Sign the token with origin ${host} (§7.2).`,
    })
  }
  if (!claim && target !== host) {
    mark('host_origin')
    const from = target === customer ? "the customer's origin_url" : "the account's first origin"
    return done({
      verdict: 'posts_elsewhere',
      wrong: { fact: 'host_origin', value: host },
      headline: `The token has no origin claim, so Workato posts to ${from}, ${target ?? 'none'}, not to the host page's origin ${host}.`,
      fix: `Put origin ${host} in the token (it must be registered), or serve the host page from ${target ?? 'a registered origin'} (§5.4, §8.4).`,
    })
  }
  if (f.pageReason) {
    const d = describeWidgetRejection(f.pageReason)
    return done({
      verdict: 'page_reason',
      wrong: { fact: 'widget_page', value: f.pageReason },
      headline: `The origins agree; the widget page refused with ${f.pageReason}: ${d?.explanation ?? 'see the page.'}`,
      fix: d?.fix ?? 'Read the widget page for the reason, then open the widget again with a new token.',
    })
  }
  return done({
    verdict: 'origins_ok',
    wrong: null,
    headline:
      f.customerOrigin === undefined
        ? `The host page's origin ${host} is one of the account's origins and the token names it; the customer's origin_url could not be read to rule it out.`
        : `The origins agree: the host page, the token's claim and the registration all say ${host}. The silence has another cause.`,
    fix: 'Look at the widget itself: an error page, or "refused to connect" when third-party cookies are blocked (§7.4). Then try again with a new token.',
  })
}

/**
 * The reason code a widget error page shows: `Fatal embedding error: <code>` (the preface's 2024 page), or one of
 * the known codes as a word on the page. Null when the page names none.
 */
export function readWidgetPageReason(text: string): string | null {
  const fatal = /Fatal embedding error:\s*([a-z][a-z0-9_]{1,63})/i.exec(text)
  if (fatal?.[1]) return fatal[1].toLowerCase()
  for (const code of widgetRejectionReasonCodes) if (new RegExp(`\\b${code}\\b`).test(text)) return code
  return null
}

/**
 * "Copy for ticket": a short summary of a customer, connection, recipe, job or error that a support engineer pastes
 * into a ticket, in three forms from one set of facts: plain text (email, chat, plain ticket fields), Markdown
 * (Jira, GitHub, Linear) and HTML (rich ticket editors, which paste `text/html` when the clipboard has it).
 *
 * Pure: the caller passes the time and time zone, so the same facts always give the same text. Every value goes
 * through the redactor, so a token that slipped into an error message never reaches a ticket.
 */
import type { AppErrorData } from './errors'
import { formatDeepLink, type DeepLink } from './deep-link'
import type { Job } from './domain/workato'
import { redactText } from './redact'

export interface TicketContext {
  /** The profile the console acted for (the partner account), and its data center's label. */
  profileName: string
  dataCenter: string
  /** When the summary was taken, and the zone to show it in (IANA name, e.g. `Europe/Berlin`). */
  at: Date
  timeZone: string
}

export interface TicketCustomer {
  id: number
  name?: string | null
  external_id?: string | null
}

export type TicketSubject =
  | { kind: 'customer'; customer: TicketCustomer }
  | {
      kind: 'connection'
      customer: TicketCustomer
      connection: {
        id: number
        name: string
        provider?: string | null
        authorization_status?: string | null
        authorization_error?: string | null
      }
    }
  | {
      kind: 'recipe'
      customer: TicketCustomer
      recipe: { id: number; name: string; running: boolean; stop_cause?: string | null; last_run_at?: string | null }
    }
  | { kind: 'job'; customer: TicketCustomer; recipe: { id: number; name?: string | null }; job: Job }
  | { kind: 'error'; customer?: TicketCustomer | null; action: string; error: AppErrorData }

export interface TicketSummary {
  title: string
  plain: string
  markdown: string
  html: string
}

type Row = [label: string, value: string]

/** Longest value kept per line: a ticket summary is short; the full error stays in the console. */
const MAX_VALUE = 500

function clean(value: string): string {
  // One line per fact: newlines and control characters would break the layout of all three forms.
  const one = redactText(value)
    // eslint-disable-next-line no-control-regex -- replacing control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
  return one.length > MAX_VALUE ? `${one.slice(0, MAX_VALUE - 1)}…` : one
}

/** `2026-11-26T04:14:05+01:00 (Europe/Berlin)`: the wall-clock time where the engineer is, and its offset. */
export function isoWithZone(at: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(at)
  } catch {
    return `${at.toISOString().replace(/\.\d{3}Z$/, 'Z')} (UTC)`
  }
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'))
  const offsetMin = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const offset = offsetMin === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  const local = new Date(wall).toISOString().replace(/\.\d{3}Z$/, '')
  return `${local}${offset} (${timeZone})`
}

function customerRows(c: TicketCustomer): Row[] {
  const name = c.name ? `${c.name} ` : ''
  return [['Customer', `${name}(id ${c.id}${c.external_id ? `, external id ${c.external_id}` : ''})`]]
}

function errorRows(e: AppErrorData): Row[] {
  const rows: Row[] = [['Error', `${e.message}${e.status ? ` (HTTP ${e.status}, ${e.code})` : ` (${e.code})`}`]]
  if (e.hint) rows.push(['Hint', e.hint])
  rows.push(['Correlation id', e.correlationId ?? 'none given by Workato'])
  return rows
}

function facts(subject: TicketSubject): { title: string; rows: Row[]; link: DeepLink | null } {
  switch (subject.kind) {
    case 'customer': {
      const c = subject.customer
      return { title: `Customer ${c.name ?? c.id}`, rows: customerRows(c), link: { kind: 'customer', customerId: c.id } }
    }
    case 'connection': {
      const k = subject.connection
      const status = k.authorization_status ?? 'not connected'
      const rows: Row[] = [
        ...customerRows(subject.customer),
        ['Connection', `${k.name} (id ${k.id}${k.provider ? `, ${k.provider}` : ''})`],
        ['Status', status],
      ]
      if (k.authorization_error) rows.push(['Error', k.authorization_error])
      return { title: `Connection ${k.name} (${status})`, rows, link: { kind: 'connection', connectionId: k.id } }
    }
    case 'recipe': {
      const r = subject.recipe
      const status = r.running ? 'running' : `stopped${r.stop_cause ? ` (${r.stop_cause})` : ''}`
      const rows: Row[] = [...customerRows(subject.customer), ['Recipe', `${r.name} (id ${r.id})`], ['Status', status]]
      if (r.last_run_at) rows.push(['Last run', r.last_run_at])
      return { title: `Recipe ${r.name} (${status})`, rows, link: { kind: 'recipe', recipeId: r.id } }
    }
    case 'job': {
      const { job, recipe } = subject
      const status = job.status ?? (job.is_error ? 'failed' : 'unknown')
      const rows: Row[] = [
        ...customerRows(subject.customer),
        ['Recipe', `${recipe.name ? `${recipe.name} ` : ''}(id ${recipe.id})`],
        ['Job', `${job.id}${job.title ? ` ${job.title}` : ''}`],
        ['Status', status],
      ]
      if (job.started_at) rows.push(['Started', job.started_at])
      const parts = job.error_parts
      const error = parts?.message ?? job.error
      if (error) rows.push(['Error', `${error}${parts?.error_type ? ` (${parts.error_type}${parts.adapter ? ` in ${parts.adapter}` : ''})` : ''}`])
      if (parts?.inner_message) rows.push(['App said', parts.inner_message])
      if (parts?.error_id) rows.push(['Error id', parts.error_id])
      const link: DeepLink | null = /^[A-Za-z0-9_-]{1,64}$/.test(job.id) ? { kind: 'job', recipeId: recipe.id, jobId: job.id } : null
      return { title: `Job ${job.id} ${status}`, rows, link }
    }
    case 'error': {
      const c = subject.customer
      return {
        title: `${subject.action} failed`,
        rows: [...(c ? customerRows(c) : []), ['Action', subject.action], ...errorRows(subject.error)],
        link: c ? { kind: 'customer', customerId: c.id } : null,
      }
    }
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch)
/** Markdown table cells: a pipe ends the cell and backticks open code, so both are escaped. */
const escapeCell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`')

export function ticketSummary(subject: TicketSubject, ctx: TicketContext): TicketSummary {
  const f = facts(subject)
  const title = clean(f.title)
  const rows: Row[] = [
    ...f.rows.map(([k, v]): Row => [k, clean(v)]),
    ['Profile', clean(ctx.profileName)],
    ['Data center', clean(ctx.dataCenter)],
    ['Time', isoWithZone(ctx.at, ctx.timeZone)],
  ]
  // A customer link names the profile, so it opens in the right partner account (when the name fits the link form).
  const link = f.link ? formatDeepLink(f.link.kind === 'customer' ? { ...f.link, profile: ctx.profileName } : f.link) : null
  if (link) rows.push(['Link', link])

  const width = Math.max(...rows.map(([k]) => k.length))
  const plain = [title, ...rows.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`)].join('\n') + '\n'
  const markdown =
    [`**${escapeCell(title)}**`, '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${k === 'Link' ? `<${v}>` : escapeCell(v)} |`)].join(
      '\n',
    ) + '\n'
  const html =
    `<p><strong>${escapeHtml(title)}</strong></p><table>` +
    rows
      .map(
        ([k, v]) =>
          `<tr><th align="left">${escapeHtml(k)}</th><td>${k === 'Link' ? `<a href="${escapeHtml(v)}">${escapeHtml(v)}</a>` : escapeHtml(v)}</td></tr>`,
      )
      .join('') +
    '</table>'
  return { title, plain, markdown, html }
}

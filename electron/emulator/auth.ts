/** Reference §1.2: `Authorization: Bearer <token>`; anything else is 401 `{message: "Unauthorized"}` (§6.1). */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

const digest = (s: string): Buffer => createHash('sha256').update(s).digest()

export function isAuthorized(headers: IncomingHttpHeaders, token: string): boolean {
  const h = headers.authorization
  if (typeof h !== 'string') return false
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h)
  if (!m || m[1] === undefined) return false
  // Compare digests so the comparison is constant-time whatever the lengths.
  return timingSafeEqual(digest(m[1]), digest(token))
}

/** Reference §5.3: registering the JWT signature verification key. */
import { z } from 'zod'
import { badRequest, ok, parseBody, type Router } from '../http'
import { importPublicKey } from '../keys'
import type { RateFamily } from '../rate-limit'
import type { RouteContext } from './context'

const bodySchema = z.object({
  key: z.string({ error: (i) => (i.input === undefined ? "can't be blank" : 'must be a string') }).min(1, "can't be blank"),
})

export function accountRoutes(router: Router<RateFamily>, ctx: RouteContext): void {
  router.add('PUT', '/api/account/signature_verification_key', 'jwt_key', (req) => {
    const { key } = parseBody(bodySchema, req.body)
    const imported = importPublicKey(key)
    if (!imported.ok) throw badRequest(imported.message)
    // Replacing the key means tokens signed with the old one stop verifying (§5.3, inferred).
    ctx.state.publicKey = imported.key
    ctx.state.publicKeyPem = key
    return ok({ vendor_id: ctx.state.vendorId, success: true })
  })
}

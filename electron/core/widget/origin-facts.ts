/**
 * Where the silence diagnosis gets its registration facts (reference §5.4): the customer's `origin_url` from the
 * API (fresh: a support engineer may have just changed it), and the account's origins. Workato has no API for the
 * account's origins, so for a partner profile they are the profile's origin URLs as entered; for the built-in
 * Sandbox they are read from the running emulator, which is the account.
 */
import type { Customer } from '../../../shared/domain/workato'
import type { ProfileAccess } from '../services'
import type { OriginFacts } from './silence-diagnosis'

export interface OriginFactsDeps {
  profiles: Pick<ProfileAccess, 'getProfile'>
  getCustomer(req: { profileId: string; customerId: number }): Promise<Customer>
  /** The in-process emulator's account origins, when the profile is the built-in Sandbox and it runs. */
  sandboxOrigins(profileId: string, dataCenter: string): readonly string[] | null
}

export function createOriginFacts(deps: OriginFactsDeps) {
  return async (req: {
    profileId: string
    customerId: number
  }): Promise<Pick<OriginFacts, 'customerOrigin' | 'accountOrigins' | 'accountOriginsSource' | 'unknowns'>> => {
    const profile = await deps.profiles.getProfile(req.profileId)
    const fromEmulator = deps.sandboxOrigins(req.profileId, profile.dataCenter)
    const unknowns: string[] = []
    let customerOrigin: string | null | undefined
    try {
      customerOrigin = (await deps.getCustomer(req)).origin_url ?? null
    } catch (e) {
      customerOrigin = undefined
      unknowns.push(`The customer's origin_url could not be read: ${e instanceof Error ? e.message : String(e)}`)
    }
    return {
      customerOrigin,
      accountOrigins: fromEmulator ?? profile.originUrls,
      accountOriginsSource: fromEmulator ? 'emulator' : 'profile',
      unknowns,
    }
  }
}

import type { DomainHandlers } from '../rpc/types'
import type { ProfileService } from '../profiles/profile-service'
import type { TokenInspection } from '../../../shared/contract/tokens'
import { inspectToken, type AttemptContext } from './inspect-token'
import type { TokenSigner } from './token-signer'

/** The one token linter bound to the profiles: the token inspector screen and widget attempts both use it. */
export function createTokenInspector(
  profiles: Pick<ProfileService, 'getProfile' | 'apiTarget' | 'keyInfo'>,
  signer: Pick<TokenSigner, 'keys'>,
): (profileId: string, token: string, attempt?: AttemptContext) => Promise<TokenInspection> {
  return async (profileId, token, attempt) => {
    const profile = await profiles.getProfile(profileId)
    const key = (await profiles.keyInfo(profileId)) ? await signer.keys(profileId) : null
    // Only used to recognise (and hide) an API key pasted into sub; never returned.
    const apiToken = await profiles.apiTarget(profileId).then(
      (t) => t.apiToken,
      () => null,
    )
    return inspectToken({ token, profile, key, apiToken, now: new Date(), attempt })
  }
}

export function tokenHandlers(
  profiles: Pick<ProfileService, 'getProfile' | 'apiTarget' | 'keyInfo'>,
  signer: Pick<TokenSigner, 'keys'>,
): DomainHandlers<'tokens'> {
  const inspect = createTokenInspector(profiles, signer)
  return {
    'tokens:inspect': async ({ profileId, token }) => inspect(profileId, token),
  }
}

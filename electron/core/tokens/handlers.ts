import type { DomainHandlers } from '../rpc/types'
import type { ProfileService } from '../profiles/profile-service'
import { inspectToken } from './inspect-token'
import type { TokenSigner } from './token-signer'

export function tokenHandlers(
  profiles: Pick<ProfileService, 'getProfile' | 'apiTarget' | 'keyInfo'>,
  signer: Pick<TokenSigner, 'keys'>,
): DomainHandlers<'tokens'> {
  return {
    'tokens:inspect': async ({ profileId, token }) => {
      const profile = await profiles.getProfile(profileId)
      const key = (await profiles.keyInfo(profileId)) ? await signer.keys(profileId) : null
      // Only used to recognise (and hide) an API key pasted into sub; never returned.
      const apiToken = await profiles.apiTarget(profileId).then(
        (t) => t.apiToken,
        () => null,
      )
      return inspectToken({ token, profile, key, apiToken, now: new Date() })
    },
  }
}

/**
 * IPC handlers for `profiles:*` and `keys:*`. Every response is metadata: profile views carry only whether a
 * secret is stored and the key's fingerprint; key info carries only the public half.
 */
import type { DomainHandlers } from '../rpc/types'
import type { ProfileService } from './profile-service'

export function profileHandlers(service: ProfileService): DomainHandlers<'profiles'> & DomainHandlers<'keys'> {
  return {
    'profiles:list': () => service.list(),
    'profiles:create': (req) => service.create(req),
    'profiles:update': ({ profileId, patch }) => service.update(profileId, patch),
    'profiles:delete': async ({ profileId }) => {
      await service.remove(profileId)
      return { ok: true as const }
    },
    'profiles:setActive': async ({ profileId }) => {
      await service.setActive(profileId)
      return { ok: true as const }
    },
    'profiles:test': ({ profileId }, ctx) => service.testConnection(profileId, ctx.signal),
    'keys:info': ({ profileId }) => service.keyInfo(profileId),
    'keys:import': ({ profileId, pem, passphrase }) => service.importKey(profileId, pem, passphrase),
    'keys:generate': ({ profileId, bits }) => service.generateKey(profileId, bits),
    'keys:register': ({ profileId }, ctx) => service.registerKey(profileId, ctx.signal),
  }
}

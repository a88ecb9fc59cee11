/**
 * The secrets half of core, for main's wiring and the harness:
 *
 *   const settings = openSettings({ dir, createStore })
 *   const vault = createKeytarVault({ service })
 *   const profiles = createProfileService({ settings, vault, sandbox })
 *   await profiles.init()
 *   const signer = createTokenSigner(profiles)
 *   const handlers = { ...profileHandlers(profiles), ...tokenHandlers(profiles, signer) }
 */
export {
  createProfileService,
  SANDBOX_ORIGIN,
  SANDBOX_PROFILE_ID,
  type ProfileService,
  type ProfileServiceOptions,
  type SandboxStarter,
  type SandboxStatus,
} from './profile-service'
export { profileHandlers } from './handlers'
export { TOKEN_REFUSED } from './account-api'
export { openSettings, type Settings, type OpenSettingsOptions, type StoreOptions, type SettingsStore } from '../settings'
export { createKeytarVault, DEFAULT_SERVICE } from '../vault'
export { createTokenSigner, tokenHandlers, type TokenSigner } from '../tokens'

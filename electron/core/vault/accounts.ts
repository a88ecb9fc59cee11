/** Keychain account names. Keyed by the immutable profile id, never the name, so renaming keeps secrets. */
export const secretAccounts = {
  apiToken: (profileId: string) => `profile:${profileId}:api-token`,
  privateKey: (profileId: string) => `profile:${profileId}:private-key`,
}

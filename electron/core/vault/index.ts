export { createKeytarVault, type KeytarVaultOptions } from './keytar-vault'
export { DEFAULT_SERVICE, MAX_ENTRY_BYTES, type KeytarLike } from './keytar-like'
export { mapKeytarError, unavailableHint } from './errors'
export { secretAccounts } from './accounts'

/**
 * The slice of keytar's API the vault uses. Tests inject fakes shaped like this (to simulate a missing Secret
 * Service or a locked keychain); the app uses the real native module.
 */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

/**
 * Windows Credential Manager refuses a credential blob over 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE = 5 × 512);
 * keytar stores the UTF-8 bytes as the blob. We hold every OS to that cap so a profile that works on Linux or
 * macOS cannot fail on Windows, and so tests here prove big values (4096-bit PEMs) round-trip.
 */
export const MAX_ENTRY_BYTES = 2560

/** The name every entry is filed under in the keychain UI ("Embedded Console"). */
export const DEFAULT_SERVICE = 'Embedded Console'

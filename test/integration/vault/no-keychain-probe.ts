/**
 * Run as a child process with no D-Bus session: prints the AppError the vault maps keytar's failure to.
 * Used by no-keychain.test.ts; not a test itself.
 */
import { createKeytarVault } from '../../../electron/core/vault'
import { isAppError } from '../../../shared/errors'

const vault = createKeytarVault({ service: `Embedded Console probe ${process.pid}` })
try {
  await vault.set('probe', 'secret-that-must-not-leak-123')
  console.log(JSON.stringify({ stored: true }))
} catch (e) {
  console.log(JSON.stringify(isAppError(e) ? e.data : { raw: String(e) }))
}

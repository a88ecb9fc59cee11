/**
 * Turns keytar's raw failures into errors a person can act on. keytar throws plain Errors whose message is the
 * OS's, e.g. "Cannot autolaunch D-Bus without X11 $DISPLAY" on a headless Linux box, or "User interaction is not
 * allowed." when the macOS login keychain is locked. Those mean "no usable keychain" (`vault_unavailable`), and
 * the app must stop rather than keep secrets anywhere else. The original message is kept in `details` (it never
 * contains a secret: keytar only reports OS status text).
 */
import { appError, isAppError, type AppError } from '../../../shared/errors'

const UNAVAILABLE_PATTERNS: RegExp[] = [
  // Linux / libsecret / D-Bus
  /autolaunch D-Bus/i,
  /X11 \$?DISPLAY/i,
  /org\.freedesktop\.secrets/i,
  /freedesktop\.DBus\.Error/i,
  /secret service/i,
  /Cannot create an item in a locked collection/i,
  /locked collection/i,
  /No such secret collection/i,
  /Unable to autolaunch/i,
  /Failed to connect to socket/i,
  /dbus/i,
  /libsecret/i,
  /cannot open shared object file/i,
  // macOS Security framework
  /User interaction is not allowed/i,
  /errSecInteractionNotAllowed/i,
  /-25308/,
  /keychain is locked/i,
  /The user name or passphrase you entered is not correct/i,
  /No keychain is available/i,
  /-25307/,
  /A default keychain could not be found/i,
  /errSecNoDefaultKeychain/i,
  // Windows Credential Manager
  /The system cannot find the file specified/i,
  /A specified logon session does not exist/i,
  /ERROR_NO_SUCH_LOGON_SESSION/i,
  // The native module itself did not load (wrong ABI, not rebuilt)
  /NODE_MODULE_VERSION/i,
  /Cannot find module 'keytar'/i,
  /keytar\.node/i,
]

export function unavailableHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'linux':
      return (
        'Embedded Console keeps API tokens and keys in the Secret Service. Install and start gnome-keyring ' +
        '(sudo apt-get install gnome-keyring libsecret-1-0) or KWallet, unlock it (log in to a desktop session, ' +
        'or run `echo -n <password> | gnome-keyring-daemon --unlock --components=secrets` inside a D-Bus session), then restart the app.'
      )
    case 'darwin':
      return 'Unlock the login keychain (open Keychain Access, select "login" and choose File → Unlock Keychain "login"), then try again.'
    case 'win32':
      return 'Windows Credential Manager is not available in this session. Sign in to Windows interactively (not as a service account) and try again.'
    default:
      return 'No supported OS keychain was found. Embedded Console never stores secrets in plain text.'
  }
}

export function isUnavailableMessage(message: string): boolean {
  return UNAVAILABLE_PATTERNS.some((re) => re.test(message))
}

/** Maps anything keytar threw during `action` (e.g. "read", "store") to an AppError. */
export function mapKeytarError(e: unknown, action: string, platform: NodeJS.Platform): AppError {
  if (isAppError(e)) return e
  const raw = e instanceof Error ? e.message : String(e)
  if (isUnavailableMessage(raw)) {
    return appError('vault_unavailable', 'The OS keychain is not available, and Embedded Console keeps API tokens and keys nowhere else.', {
      hint: unavailableHint(platform),
      details: { platform, cause: raw.slice(0, 300) },
    })
  }
  return appError('vault_error', `The OS keychain failed while the secret was being ${action}: ${raw.slice(0, 300)}`, {
    hint: 'Try again; if it keeps failing, check the keychain application for a damaged "Embedded Console" entry.',
    details: { platform },
  })
}

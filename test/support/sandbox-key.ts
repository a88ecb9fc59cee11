/**
 * One Sandbox signing key per test process (core's `sandbox.generateKey` option, SandboxStarter.generateKey):
 * made on first use, then reused by every core the process starts. RSA 2048 generation costs 0.4–1 s on two
 * busy cores, which was most of a browser spec's harness start.
 */
import { generateRsaKey } from '../../electron/core/keys/generate-key'

let key: Promise<string> | undefined
export const sharedSandboxKey = (): Promise<string> => (key ??= generateRsaKey(2048))

export { parsePrivateKeyPem, MIN_RSA_BITS, type ParsedPrivateKey } from './parse-private-key'
export { describeKey, spkiFingerprint, type KeySource } from './key-info'
export { generateRsaKey } from './generate-key'

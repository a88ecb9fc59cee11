export {
  createTokenSigner,
  DEFAULT_TTL_SECONDS,
  type MintRequest,
  type SigningKeys,
  type TokenSigner,
  type TokenSignerOptions,
  type WidgetClaims,
} from './token-signer'
export { inspectToken, extractToken, attemptChecks, expiryText, type InspectInput, type AttemptContext, type AttemptCheck } from './inspect-token'
export { widgetSub, userSegment, type UserRef } from './sub'
export { tokenHandlers, createTokenInspector } from './handlers'

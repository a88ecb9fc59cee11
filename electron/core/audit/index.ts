export * from './audit-log'
export { auditedOps, describeCall, withAudit } from './audited-ops'
export { auditHandlers } from './audit-handlers'

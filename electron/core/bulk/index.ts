export { createBulkService, type BulkService, type BulkServiceOptions } from './bulk-service'
export { BulkRunner, realClock, type RunnerClock } from './runner'
export { BulkRunStore } from './run-store'

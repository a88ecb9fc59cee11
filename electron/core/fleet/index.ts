export { createFleetService, problemsCsv, type FleetService, type FleetServiceOptions } from './fleet-service'
export { observeCustomerReads } from './observe'
export { HealthStore, type HealthEntry, type SweepRun } from './health-store'
export { Sweep, isTransient, entryFor, realClock, type SweepClock, type SweepDeps } from './sweep'

/**
 * The one contract both processes import (GitHub Desktop's ipc-shared.ts habit): every operation and event.
 * Add a domain by writing its table beside this file and spreading it below.
 */
import type { z } from 'zod'
import { appEvents, appOps } from './app'
import { auditOps } from './audit'
import { bulkEvents, bulkOps } from './bulk'
import { buildGroupedApi, type GroupedApi, type Invoke } from './define'
import { flowEvents, flowOps } from './flows'
import { fleetEvents, fleetOps } from './fleet'
import { jobOps } from './jobs'
import { memberOps } from './members'
import { widgetDiagnosisEvents, widgetDiagnosisOps } from './widget-diagnosis'
import { profileOps } from './profiles'
import { searchEvents, searchOps } from './search'
import { settingsOps } from './settings'
import { sandboxOps } from './sandbox'
import { tokenOps } from './tokens'
import { workatoOps } from './workato'
import { widgetEvents, widgetOps } from './widget'
import { budgetEvents, budgetOps } from './budget'
import { directoryEvents } from './directory'

export const operations = {
  ...appOps,
  ...profileOps,
  ...tokenOps,
  ...workatoOps,
  ...widgetOps,
  ...flowOps,
  ...searchOps,
  ...auditOps,
  ...settingsOps,
  ...fleetOps,
  ...sandboxOps,
  ...budgetOps,
  ...bulkOps,
  ...jobOps,
  ...memberOps,
  ...widgetDiagnosisOps,
} as const

export const events = {
  ...appEvents,
  ...widgetEvents,
  ...flowEvents,
  ...searchEvents,
  ...fleetEvents,
  ...budgetEvents,
  ...directoryEvents,
  ...bulkEvents,
  ...widgetDiagnosisEvents,
} as const

export type Operations = typeof operations
export type OpName = keyof Operations
export type EventName = keyof typeof events
/** What a caller passes (defaults not yet applied). */
export type RequestIn<K extends OpName> = z.input<Operations[K]['request']>
/** What a handler receives (validated, defaults applied). */
export type RequestOf<K extends OpName> = z.output<Operations[K]['request']>
/** What a handler returns and a caller receives. */
export type ResponseOf<K extends OpName> = z.output<Operations[K]['response']>
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]['payload']>

export type Api = GroupedApi<Operations>

/** What the preload exposes on `window.embeddedConsole` (and the harness bridge mimics). */
export interface Bridge {
  api: Api
  /** Subscribe to a main → renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(operations, name)
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name)
}

export function createApi(invoke: Invoke): Api {
  return buildGroupedApi(operations, invoke)
}

/** The global name the preload exposes the bridge under. */
export const BRIDGE_GLOBAL = 'embeddedConsole'
/** IPC channel prefix for events, so they can never collide with an operation name. */
export const EVENT_CHANNEL_PREFIX = 'event:'

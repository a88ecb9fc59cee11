/**
 * Handler types: one async function per contract operation. Handlers are plain functions that receive their
 * dependencies when they are built (Chaterm's habit), so main, the harness and tests all run the same ones.
 */
import type { EventName, EventPayload, OpName, RequestOf, ResponseOf } from '../../../shared/contract'

export interface CallContext {
  /** Aborted when the caller goes away (window closed) or cancels. */
  signal: AbortSignal
  /** Opaque id of the renderer that called (main: its webContents); widget attempts are owned by it. */
  caller?: string
}

export type Handler<K extends OpName> = (request: RequestOf<K>, ctx: CallContext) => Promise<ResponseOf<K>>

export type Handlers = { [K in OpName]: Handler<K> }

/** The handlers of one domain, e.g. `DomainHandlers<'customers'>` = every `customers:*` operation. */
export type DomainHandlers<D extends string> = { [K in OpName as K extends `${D}:${string}` ? K : never]: Handler<K> }

/** Where core sends main → renderer events (IPC in the app, server-sent events in the harness). */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
}

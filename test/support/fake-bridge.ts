/**
 * A typed stand-in for the preload bridge, built from the contract, for renderer tests.
 *
 * Each operation a test answers is typed from the contract (the handler takes the validated request and returns
 * the response's input shape), and every answer is parsed with the operation's response schema: a fake that has
 * drifted from the contract fails the test instead of feeding the store a shape the app never sees. Requests are
 * parsed too, so a store sending a bad request fails the same way main would refuse it. Events are checked the
 * same way before they reach the listeners.
 *
 * Install it once per test file (the renderer reads `window.embeddedConsole` on every call) and answer per test:
 *
 *   const fake = installFakeBridge()
 *   beforeEach(() => fake.reset())
 *   fake.answer('recipes:start', () => ({ success: true, problems: [] }))
 *   fake.fail('customers:get', appError('not_found', 'No such customer'))
 */
import { afterEach } from 'vitest'
import type { z } from 'zod'
import {
  createApi,
  events,
  operations,
  type Bridge,
  type EventName,
  type EventPayload,
  type OpName,
  type Operations,
  type RequestOf,
} from '../../shared/contract'
import { AppError, describeZodError, type AppErrorData } from '../../shared/errors'

/** What a handler may return: the response schema's input (defaults may be left out, as core may). */
export type FakeResponse<K extends OpName> = z.input<Operations[K]['response']>
export type FakeHandler<K extends OpName> = (request: RequestOf<K>) => FakeResponse<K> | Promise<FakeResponse<K>>

export interface FakeCall {
  op: OpName
  request: unknown
}

export interface FakeBridge {
  bridge: Bridge
  /** Every call the renderer made, in order (validated requests). */
  calls: FakeCall[]
  /** The requests of one operation, typed. */
  requestsOf<K extends OpName>(op: K): RequestOf<K>[]
  answer<K extends OpName>(op: K, handler: FakeHandler<K>): void
  /** Makes an operation fail with the contract's error data (what core sends for a thrown AppError). */
  fail(op: OpName, error: AppError | AppErrorData): void
  /** How many renderer listeners an event has now (a screen must stop listening when it goes). */
  listenerCount(event: EventName): number
  /** Sends an event to the renderer's listeners, checked against the event's payload schema. */
  emit<E extends EventName>(event: E, payload: z.input<(typeof events)[E]['payload']>): void
  /** Forgets every answer, call and listener-independent state between tests. */
  reset(): void
}

/** Drift found during a test: reported by the `afterEach` that `installFakeBridge` registers. */
class ContractDrift extends Error {
  override name = 'ContractDrift'
}

export function createFakeBridge(): FakeBridge & { drift: string[] } {
  const handlers = new Map<OpName, (request: unknown) => unknown>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls: FakeCall[] = []
  const drift: string[] = []

  const api = createApi(async (channel, payload) => {
    const name = channel as OpName
    const op = operations[name]
    const req = op.request.safeParse(payload)
    if (!req.success) return { ok: false, error: { code: 'validation', message: describeZodError(req.error) } }
    calls.push({ op: name, request: req.data })
    const handler = handlers.get(name)
    if (!handler) {
      drift.push(`${name} was called but the test gave it no answer`)
      throw new ContractDrift(`fake bridge: no answer for ${name}`)
    }
    let out: unknown
    try {
      out = await handler(req.data)
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.data }
      throw e
    }
    const res = op.response.safeParse(out)
    if (!res.success) {
      drift.push(`${name} answered a shape the contract refuses: ${describeZodError(res.error)}`)
      throw new ContractDrift(`fake bridge: ${name} drifted from the contract`)
    }
    return { ok: true, data: res.data }
  })

  return {
    bridge: {
      api,
      on(event, listener) {
        const set = listeners.get(event) ?? new Set()
        set.add(listener as (payload: unknown) => void)
        listeners.set(event, set)
        return () => set.delete(listener as (payload: unknown) => void)
      },
    },
    calls,
    drift,
    requestsOf<K extends OpName>(op: K) {
      return calls.filter((c) => c.op === op).map((c) => c.request as RequestOf<K>)
    },
    answer(op, handler) {
      handlers.set(op, handler as (request: unknown) => unknown)
    },
    fail(op, error) {
      const data = error instanceof AppError ? error.data : error
      handlers.set(op, () => {
        throw new AppError(data)
      })
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0
    },
    emit<E extends EventName>(event: E, payload: z.input<(typeof events)[E]['payload']>) {
      const parsed = events[event].payload.safeParse(payload)
      if (!parsed.success) {
        drift.push(`event ${event} carried a payload the contract refuses: ${describeZodError(parsed.error)}`)
        throw new ContractDrift(`fake bridge: event ${event} drifted from the contract`)
      }
      listeners.get(event)?.forEach((l) => l(parsed.data as EventPayload<E>))
    },
    reset() {
      handlers.clear()
      calls.length = 0
      drift.length = 0
    },
  }
}

/**
 * Puts a fake bridge where the renderer looks for the preload's (`window.embeddedConsole`), and fails any test
 * during which the fake saw drift (even when the store swallowed the resulting error).
 */
export function installFakeBridge(): FakeBridge {
  const fake = createFakeBridge()
  // Where renderer/src/bridge looks for the preload's object (typed there; this file is also checked as Node code).
  Reflect.set(window, 'embeddedConsole', fake.bridge)
  afterEach(() => {
    const found = [...fake.drift]
    fake.drift.length = 0
    if (found.length) throw new ContractDrift(`The fake bridge drifted from the contract:\n- ${found.join('\n- ')}`)
  })
  return fake
}

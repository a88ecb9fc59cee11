/**
 * The only module that touches the preload object (Chaterm's habit). Stores call `api.<domain>.<verb>(req)`,
 * which resolves to the data or throws an `ApiError` carrying the contract's plain error data.
 */
import { toRaw } from 'vue'
import type { Api, Bridge, EventName, EventPayload } from '@shared/contract'
import type { AppErrorData, Result } from '@shared/errors'
import { createHttpBridge } from './http-bridge'

export class ApiError extends Error {
  readonly data: AppErrorData
  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'ApiError'
    this.data = data
  }
  get code() {
    return this.data.code
  }
  get hint() {
    return this.data.hint
  }
}

function resolveBridge(): Bridge {
  if (window.embeddedConsole) return window.embeddedConsole
  if (window.__EC_HARNESS__) return createHttpBridge(window.__EC_HARNESS__.rpcBase)
  throw new Error('Embedded Console must run inside the app (no preload bridge found).')
}

let bridge: Bridge | null = null
function getBridge(): Bridge {
  bridge ??= resolveBridge()
  return bridge
}

/** Vue proxies cannot cross contextBridge (structured clone): unwrap deeply first. */
function plain(value: unknown): unknown {
  if (value === undefined) return undefined
  return JSON.parse(JSON.stringify(toRaw(value)))
}

type Unwrapped<F> = F extends (...args: infer A) => Promise<Result<infer R>> ? (...args: A) => Promise<R> : never
export type ClientApi = { [D in keyof Api]: { [V in keyof Api[D]]: Unwrapped<Api[D][V]> } }

export const api: ClientApi = new Proxy({} as ClientApi, {
  get(_t, domain: string) {
    return new Proxy(
      {},
      {
        get(_t2, verb: string) {
          return async (req?: unknown) => {
            const group = (getBridge().api as unknown as Record<string, Record<string, (r?: unknown) => Promise<Result<unknown>>>>)[domain]
            const fn = group?.[verb]
            if (!fn) throw new ApiError({ code: 'unknown_operation', message: `No operation ${domain}:${verb}` })
            const res = await fn(plain(req))
            if (!res.ok) throw new ApiError(res.error)
            return res.data
          }
        },
      },
    )
  },
})

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return getBridge().on(event, listener)
}

/** A message for a person from anything thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.hint ? `${e.message} ${e.hint}` : e.message
  return e instanceof Error ? e.message : String(e)
}

/** The contract's error data behind anything thrown, when it came from core (for the correlation id and hint). */
export function errorData(e: unknown): AppErrorData | null {
  return e instanceof ApiError ? e.data : null
}

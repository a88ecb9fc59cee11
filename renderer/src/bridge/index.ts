/**
 * The only module that touches the preload object (Chaterm's habit). Stores call `api.<domain>.<verb>(req)`,
 * which resolves to the data or throws an `ApiError` (`@/lib/errors`) carrying the contract's plain error data.
 */
import { toRaw } from 'vue'
import type { Api, Bridge, EventName, EventPayload } from '@shared/contract'
import type { Result } from '@shared/errors'
import { ApiError } from '@/lib/errors'
import { createHttpBridge } from './http-bridge'

let httpBridge: Bridge | null = null
/**
 * The preload's object is read each time (it never changes in the app, and a renderer test file installs its own
 * fake while sharing this module with other files); the harness's HTTP bridge is made once.
 */
function getBridge(): Bridge {
  if (window.embeddedConsole) return window.embeddedConsole
  if (window.__EC_HARNESS__) return (httpBridge ??= createHttpBridge(window.__EC_HARNESS__.rpcBase))
  throw new Error('Embedded Console must run inside the app (no preload bridge found).')
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

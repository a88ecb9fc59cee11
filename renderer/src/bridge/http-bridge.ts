/**
 * The harness transport: the same contract over loopback HTTP (`POST /rpc/<op>`, events as server-sent events
 * on `/events`). Only used when the browser test harness serves the renderer; the app uses the preload.
 */
import { createApi, isEventName, type Bridge, type EventName, type EventPayload } from '@shared/contract'
import type { Result } from '@shared/errors'

export function createHttpBridge(rpcBase: string): Bridge {
  const api = createApi(async (channel, payload) => {
    try {
      const res = await fetch(`${rpcBase}/rpc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload === undefined ? null : payload),
      })
      return (await res.json()) as Result<unknown>
    } catch (e) {
      return { ok: false, error: { code: 'network', message: `Harness unreachable: ${e instanceof Error ? e.message : String(e)}` } }
    }
  })
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let source: EventSource | null = null
  const ensureSource = () => {
    if (source) return
    source = new EventSource(`${rpcBase}/events`)
    source.onmessage = (m) => {
      const { event, payload } = JSON.parse(m.data as string) as { event: string; payload: unknown }
      listeners.get(event)?.forEach((l) => l(payload))
    }
  }
  return {
    api,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      if (!isEventName(event)) throw new Error(`Unknown event ${event}`)
      ensureSource()
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
}

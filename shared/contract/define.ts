/**
 * The machinery of the IPC contract: an operation is a `domain:verb` name with a zod request and response
 * schema. Main validates every request before a handler runs; the preload and the harness build the same
 * grouped API object from the operation table, so the renderer cannot tell which transport it is on.
 */
import { z } from 'zod'
import type { Result } from '../errors'

export interface OpDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req
  response: Res
  /** One line for `GET /rpc` and the docs. */
  summary: string
}

export function op<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res, summary: string): OpDef<Req, Res> {
  return { request, response, summary }
}

/** A request schema for operations that take nothing. */
export const noInput = z.undefined()
export const ok = z.object({ ok: z.literal(true) })

export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P
  summary: string
}

export function event<P extends z.ZodType>(payload: P, summary: string): EventDef<P> {
  return { payload, summary }
}

type OpTable = Record<string, OpDef>

/** Splits `domain:verb`. */
export type DomainOf<K> = K extends `${infer D}:${string}` ? D : never

/** The renderer-facing function for one operation: takes the request's input type, resolves to a Result. */
export type OpFunction<O extends OpDef> =
  z.input<O['request']> extends undefined
    ? () => Promise<Result<z.output<O['response']>>>
    : (request: z.input<O['request']>) => Promise<Result<z.output<O['response']>>>

export type GroupedApi<T extends OpTable> = {
  [D in DomainOf<keyof T>]: {
    [K in keyof T as K extends `${D}:${infer V}` ? V : never]: OpFunction<T[K]>
  }
}

export type Invoke = (channel: string, payload: unknown) => Promise<Result<unknown>>

/** Builds `{ customers: { list(req) {...} }, ... }` from the table and one transport function. */
export function buildGroupedApi<T extends OpTable>(table: T, invoke: Invoke): GroupedApi<T> {
  const api: Record<string, Record<string, (req?: unknown) => Promise<Result<unknown>>>> = {}
  for (const channel of Object.keys(table)) {
    const [domain, verb] = channel.split(':') as [string, string]
    api[domain] ??= {}
    api[domain][verb] = (req?: unknown) => invoke(channel, req)
  }
  return api as unknown as GroupedApi<T>
}

/**
 * Fault injection for chaos tests and the bench: latency with jitter, random 500s (§6.1 body with a correlation
 * id), 429 storms, bodies dribbled out in small chunks, and malformed JSON. One seeded stream per configuration,
 * so a failing run can be replayed with the same seed.
 */
import { mulberry32, token, type Rng } from './prng'

export interface FaultOptions {
  /** Seed for the fault stream; default 1. */
  seed?: number
  /** Added to every API response. */
  latencyMs?: number
  /** Uniform ± jitter around latencyMs. */
  jitterMs?: number
  /** 0..1: fraction of requests answered 500 `{message:"Server error", id}`. */
  errorRate?: number
  /** 0..1: fraction of requests answered 429 regardless of the real limits. */
  rateLimitStormRate?: number
  /** Retry-After seconds sent with storm 429s; default 1. */
  stormRetryAfterSeconds?: number
  /** 0..1: fraction of responses written in small chunks with pauses. */
  slowBodyRate?: number
  slowBodyChunkBytes?: number
  slowBodyChunkDelayMs?: number
  /** 0..1: fraction of 2xx responses whose JSON is cut in half. */
  malformedJsonRate?: number
  /**
   * Cut the connection after this many next writes (POST/PUT/DELETE) were carried out, before their answer is
   * sent: the client sees a reset although the change happened. A count rather than a rate so a test can aim
   * at exactly the create it is about, without changing the seeded stream of the other faults.
   */
  cutAfterWrite?: number
}

export type FaultPlan = {
  delayMs: number
  kind: 'none' | 'error' | 'storm'
  slowBody: { chunkBytes: number; delayMs: number } | null
  malformed: boolean
  correlationId: string
  /** Carry the write out, then hang up instead of answering. */
  cutAfterWrite: boolean
}

export class FaultInjector {
  private opts: FaultOptions = {}
  private rng: Rng = mulberry32(1)
  private cutsLeft = 0

  constructor(opts: FaultOptions = {}) {
    this.set(opts)
  }

  set(opts: FaultOptions): void {
    this.opts = { ...opts }
    this.rng = mulberry32(opts.seed ?? 1)
    this.cutsLeft = opts.cutAfterWrite ?? 0
  }

  get options(): FaultOptions {
    return { ...this.opts }
  }

  /** Decides, once per request, what goes wrong with it. Draws a fixed number of values so runs stay replayable. */
  plan(method = 'GET'): FaultPlan {
    const o = this.opts
    const r = [this.rng(), this.rng(), this.rng(), this.rng(), this.rng()] as const
    const base = o.latencyMs ?? 0
    const jitter = o.jitterMs ?? 0
    const delayMs = Math.max(0, Math.round(base + (jitter ? (r[0] * 2 - 1) * jitter : 0)))
    let kind: FaultPlan['kind'] = 'none'
    if (r[1] < (o.errorRate ?? 0)) kind = 'error'
    else if (r[2] < (o.rateLimitStormRate ?? 0)) kind = 'storm'
    return {
      delayMs,
      kind,
      slowBody: r[3] < (o.slowBodyRate ?? 0) ? { chunkBytes: o.slowBodyChunkBytes ?? 16, delayMs: o.slowBodyChunkDelayMs ?? 20 } : null,
      malformed: r[4] < (o.malformedJsonRate ?? 0),
      correlationId: kind === 'error' ? correlationId(this.rng) : '',
      cutAfterWrite: method !== 'GET' && this.takeCut(),
    }
  }

  private takeCut(): boolean {
    if (this.cutsLeft <= 0) return false
    this.cutsLeft--
    return true
  }

  get stormRetryAfterSeconds(): number {
    return this.opts.stormRetryAfterSeconds ?? 1
  }
}

/** A uuid-shaped id like the one in Workato's 500 body (§6.1). */
function correlationId(rng: Rng): string {
  const hex = '0123456789abcdef'
  return [8, 4, 4, 4, 12].map((n) => token(rng, n, hex)).join('-')
}

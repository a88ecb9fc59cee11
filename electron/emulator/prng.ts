/**
 * Seeded pseudo-random numbers. The emulator must produce the same customers, connections and jobs for the same
 * seed on every run (tests and screenshots rely on it), so nothing here touches Math.random.
 */

export type Rng = () => number

/** mulberry32: tiny, fast, good enough for fixtures; returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mixes several integers into one seed so each customer/recipe gets an independent, reproducible stream. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5
  for (const p of parts) {
    h ^= p >>> 0
    h = Math.imul(h, 0x01000193) >>> 0
    h ^= h >>> 13
  }
  return h >>> 0
}

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function token(rng: Rng, length: number, chars = alphabet): string {
  let s = ''
  for (let i = 0; i < length; i++) s += chars[Math.floor(rng() * chars.length)]
  return s
}

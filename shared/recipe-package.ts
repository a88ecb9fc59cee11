/**
 * The emulator's recipe package, the one format both the console (its sample package) and the emulator (its
 * import job) need, so neither imports the other (docs/architecture.md, "Import rules"). A real Workato import
 * body is a raw zip (reference §5.2) holding recipe and connection JSON in Workato's own layout; the emulator reads
 * a simpler `manifest.json` at the zip's root instead. A real Workato account would reject such a package, which
 * is why the console offers its sample only on a sandbox profile.
 */
import { zipSync, type Zippable } from 'fflate'
import { z } from 'zod'

/**
 * `manifest.json`: connections (imported as shells, without credentials, as Workato does) and recipes with their
 * connector slots. A slot names a package connection by `key`, or nothing (it arrives unbound). `fail: true` makes
 * the import fail with `fail_reason`, for tests and demos.
 */
export const packageManifestSchema = z.object({
  name: z.string().optional(),
  fail: z.boolean().optional(),
  fail_reason: z.string().optional(),
  connections: z.array(z.object({ key: z.string().min(1), provider: z.string().min(1), name: z.string().min(1).optional() })).default([]),
  recipes: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().optional(),
        slots: z
          .array(z.object({ provider: z.string().min(1), name: z.string().min(1).optional(), connection: z.string().min(1).optional() }))
          .min(1, 'a recipe needs at least one connector slot'),
      }),
    )
    .default([]),
})
/** What a package author writes (defaults not yet applied). */
export type PackageManifest = z.input<typeof packageManifestSchema>

/** "PK\x03\x04", the first local file header: what every zip, and so every package, starts with. */
export const ZIP_MAGIC: readonly number[] = [0x50, 0x4b, 0x03, 0x04]

export function looksLikeZip(body: Uint8Array): boolean {
  return body.length >= ZIP_MAGIC.length && ZIP_MAGIC.every((b, i) => body[i] === b)
}

/*
 * fflate writes DOS timestamps from the local clock and refuses dates before 1980; a fixed one keeps the bytes of a
 * package the same on every run and machine (the sample package, test fixtures).
 */
const FIXED_MTIME = new Date(1980, 0, 1)

/**
 * A zip of the given files, in order: stored (uncompressed) by default, or deflated like most real zip tools
 * produce (`{ deflate: true }`), so tests can check that the emulator inflates them.
 */
export function writeZip(files: Record<string, string | Uint8Array>, opts: { deflate?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder()
  const entries: Zippable = {}
  for (const [name, value] of Object.entries(files)) entries[name] = typeof value === 'string' ? encoder.encode(value) : value
  return zipSync(entries, { level: opts.deflate ? 6 : 0, mtime: FIXED_MTIME }) as Uint8Array<ArrayBuffer>
}

/** The package zip: `manifest.json` (pretty-printed, as a person would write it) plus any other files. */
export function writePackage(manifest: PackageManifest, extra: Record<string, string | Uint8Array> = {}): Uint8Array<ArrayBuffer> {
  return writeZip({ 'manifest.json': JSON.stringify(manifest, null, 2), ...extra })
}

/**
 * Packages in the layout Workato exports (reference §5.2: RLCM export builds a zip of the manifest's assets, each
 * asset a JSON file named by its `zip_name` under its folder's path): `<name>.recipe.json` holds the recipe with its
 * `config` slots, whose `account_id` names a connection by `{ zip_name, name, folder }`, and
 * `<name>.connection.json` holds the connection (`name`, `provider`), never its credentials. This reads such a
 * zip into the emulator's manifest (shared/recipe-package.ts), so a customer's real exported package can be
 * rehearsed on the Sandbox. The file layout is from exported packages seen in public repositories (inferred).
 */
import { posix } from 'node:path'
import { z } from 'zod'
import type { PackageManifest } from '../../shared/recipe-package'

const connectionFileSchema = z.looseObject({ name: z.string().min(1), provider: z.string().min(1) })

const accountRefSchema = z.looseObject({ zip_name: z.string().min(1), name: z.string().optional(), folder: z.string().optional() })

const recipeFileSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  config: z
    .array(
      z.looseObject({
        keyword: z.string().optional(),
        provider: z.string().nullable().optional(),
        name: z.string().nullable().optional(),
        account_id: z.union([accountRefSchema, z.null(), z.number()]).optional(),
      }),
    )
    .default([]),
})

export const RECIPE_SUFFIX = '.recipe.json'
export const CONNECTION_SUFFIX = '.connection.json'

/** True when the zip has at least one asset file of Workato's export layout. */
export function isExportLayout(files: Map<string, Buffer>): boolean {
  return [...files.keys()].some((f) => f.endsWith(RECIPE_SUFFIX) || f.endsWith(CONNECTION_SUFFIX))
}

/**
 * The manifest an exported package amounts to, or the first problem found, as a sentence naming the file. A slot
 * whose connection is not in the package stays unbound (it binds on import to nothing, like a slot Workato cannot
 * match); `account_id` paths are taken relative to the package root, as `folder` + `zip_name`.
 */
export function manifestFromExport(files: Map<string, Buffer>): { ok: true; manifest: PackageManifest } | { ok: false; error: string } {
  const json = (file: string): { ok: true; value: unknown } | { ok: false; error: string } => {
    try {
      return { ok: true, value: JSON.parse(files.get(file)?.toString('utf8') ?? '') }
    } catch {
      return { ok: false, error: `${file} is not valid JSON.` }
    }
  }
  const connections: NonNullable<PackageManifest['connections']> = []
  for (const file of [...files.keys()].filter((f) => f.endsWith(CONNECTION_SUFFIX)).sort()) {
    const raw = json(file)
    if (!raw.ok) return raw
    const c = connectionFileSchema.safeParse(raw.value)
    if (!c.success) return { ok: false, error: `${file} is not a connection: it needs a name and a provider.` }
    connections.push({ key: file, provider: c.data.provider, name: c.data.name })
  }
  const keys = new Set(connections.map((c) => c.key))
  const recipes: NonNullable<PackageManifest['recipes']> = []
  for (const file of [...files.keys()].filter((f) => f.endsWith(RECIPE_SUFFIX)).sort()) {
    const raw = json(file)
    if (!raw.ok) return raw
    const r = recipeFileSchema.safeParse(raw.value)
    if (!r.success) return { ok: false, error: `${file} is not a recipe: it needs a name and a config list.` }
    const slots = r.data.config
      .filter((s) => (s.keyword ?? 'application') === 'application' && s.provider)
      .map((s) => {
        const ref = s.account_id && typeof s.account_id === 'object' ? s.account_id : null
        const key = ref ? posix.normalize(posix.join(ref.folder ?? '', ref.zip_name)).replace(/^\.\//, '') : null
        return { provider: String(s.provider), ...(s.name ? { name: s.name } : {}), ...(key && keys.has(key) ? { connection: key } : {}) }
      })
    if (slots.length === 0) return { ok: false, error: `${file} has no connector in its config, so the recipe has nothing to run on.` }
    recipes.push({ name: r.data.name, ...(r.data.description ? { description: r.data.description } : {}), slots })
  }
  return { ok: true, manifest: { connections, recipes } }
}

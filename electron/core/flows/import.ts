/**
 * Onboarding, step 2: import a recipe package into a customer (reference §5.2). The upload answers at once with
 * a package in `processing`; its status is read until `completed` or `failed`, and the finished import is shown
 * per recipe with names read back from the API (the package object only carries ids and `import_result`).
 */
import { appError } from '../../../shared/errors'
import {
  MAX_PACKAGE_BYTES,
  describeImportResult,
  packageFinished,
  type ImportStatus,
  type ImportedRecipe,
  type Package,
} from '../../../shared/domain/flows'
import { isAppError } from '../../../shared/errors'
import { looksLikeZip } from '../../../shared/recipe-package'
import type { FlowApi } from './api-port'

/** Checks the console can tell before sending: size and the zip signature. */
export function checkPackageBytes(bytes: Uint8Array, fileName: string): void {
  if (bytes.length === 0)
    throw appError('validation', `${fileName} is empty.`, { hint: 'Choose the .zip exported from Workato (Recipe lifecycle management → Export).' })
  if (bytes.length > MAX_PACKAGE_BYTES)
    throw appError(
      'validation',
      `${fileName} is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; the console sends packages of at most ${MAX_PACKAGE_BYTES / 1024 / 1024} MB.`,
      {
        hint: 'Export fewer assets per package, or import the large one with Workato directly.',
      },
    )
  if (!looksLikeZip(bytes))
    throw appError('validation', `${fileName} is not a zip archive (it does not start with the zip signature "PK").`, {
      hint: 'Choose the package .zip exactly as Workato exported it; do not unpack and re-pack it.',
    })
}

export type FolderChoice = { id: number } | { create: string }

/** Uploads the package into the chosen folder (creating it first if asked). Returns the package in `processing`. */
export async function startImport(
  api: FlowApi,
  customerId: number,
  bytes: Uint8Array<ArrayBuffer>,
  opts: { fileName: string; folder: FolderChoice; restartRecipes: boolean; signal?: AbortSignal },
): Promise<{ package: Package; folderId: number }> {
  checkPackageBytes(bytes, opts.fileName)
  const folderId = 'id' in opts.folder ? opts.folder.id : (await api.createFolder(customerId, { name: opts.folder.create }, opts.signal)).id
  const pkg = await api.importPackage(customerId, bytes, { folderId, restartRecipes: opts.restartRecipes, signal: opts.signal })
  return { package: pkg, folderId }
}

/** One status read; once completed, each imported recipe is read back for its name, state and unbound slots. */
export async function readImportStatus(api: FlowApi, customerId: number, packageId: number, signal?: AbortSignal): Promise<ImportStatus> {
  const pkg = await api.getImport(customerId, packageId, signal)
  const finished = packageFinished(pkg)
  const recipes: ImportedRecipe[] = []
  if (finished && pkg.status === 'completed') {
    for (const r of pkg.recipe_status ?? []) {
      try {
        const recipe = await api.getRecipe(customerId, r.id, signal)
        recipes.push({
          id: r.id,
          name: recipe.name,
          importResult: r.import_result,
          description: describeImportResult(r.import_result),
          running: recipe.running,
          unboundSlots: (recipe.config ?? [])
            .filter((s) => s.account_id === null || s.account_id === undefined)
            .map((s) => s.name ?? s.provider ?? '?'),
        })
      } catch (e) {
        if (isAppError(e) && e.code === 'cancelled') throw e
        // A recipe we cannot read still gets its line: the import result is what matters here.
        recipes.push({
          id: r.id,
          name: null,
          importResult: r.import_result,
          description: describeImportResult(r.import_result),
          running: null,
          unboundSlots: [],
        })
      }
    }
  }
  return { package: pkg, finished, recipes }
}

/**
 * Polls until the import finishes: the one poller, behind `flows:importWatch` (each read goes to the screen as an
 * `importProgress` event through `onStatus`). Bounded by `maxPolls`; a cancel (the signal) stops the wait, never
 * the import.
 */
export async function waitForImport(
  api: FlowApi,
  customerId: number,
  packageId: number,
  opts: { intervalMs?: number; maxPolls?: number; signal?: AbortSignal; onStatus?: (s: ImportStatus, poll: number) => void } = {},
): Promise<ImportStatus> {
  const max = opts.maxPolls ?? 120
  for (let poll = 1; poll <= max; poll++) {
    const s = await readImportStatus(api, customerId, packageId, opts.signal)
    opts.onStatus?.(s, poll)
    if (s.finished) return s
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        clearTimeout(t)
        reject(appError('cancelled', 'Stopped waiting for the import. It keeps running in Workato.'))
      }
      const t = setTimeout(resolve, opts.intervalMs ?? 1000)
      // A cancel that came during the status read has already fired its abort event.
      if (opts.signal?.aborted) stop()
      else opts.signal?.addEventListener('abort', stop, { once: true })
    })
  }
  throw appError('timeout', `Import ${packageId} was still running after ${max} status reads.`, {
    hint: 'Check its status again later; Workato keeps importing.',
  })
}

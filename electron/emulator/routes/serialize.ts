/** API views of stored records: strip what Workato never returns (credentials, emulator flags). */
import type { ConnectionRecord, CustomerRecord, FolderRecord, JobRecord, RecipeRecord } from '../records'

/** §2.4, with the workspace's live counts (`active_connection_count`, `active_recipe_count`) a list carries. */
export function customerView(
  c: CustomerRecord,
  counts: { active_connection_count: number; active_recipe_count: number },
): CustomerRecord & { active_connection_count: number; active_recipe_count: number } {
  return { ...c, whitelisted_apps: [...c.whitelisted_apps], ...counts }
}

/** §3.3; `tags` only with `includes[]=tags` (§3.2). */
export function connectionView(c: ConnectionRecord, withTags = false): Record<string, unknown> {
  const { input: _input, runtime: _runtime, tags, ...rest } = c
  return withTags ? { ...rest, tags: [...tags] } : rest
}

export function recipeView(r: RecipeRecord): RecipeRecord {
  return { ...r, config: r.config.map((s) => ({ ...s })) }
}

/** §4.6 job as listed: no internal status field beyond what the Developer API shows. */
export function jobView(j: JobRecord): Record<string, unknown> {
  const { is_repeat: _r, ...rest } = j
  return rest
}

export function folderView(f: FolderRecord): FolderRecord {
  return { ...f }
}

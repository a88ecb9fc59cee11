import type { Folder } from '@shared/domain/workato'

/**
 * "Sales ops / Archive" style paths for a customer's folders (reference §5.1: each folder names its `parent_id`;
 * Home itself is not listed), so two folders with one name can be told apart. A parent missing from the list
 * (the tree was cut short) or a cycle ends the path where it is.
 */
export function folderPaths(folders: readonly Folder[]): Map<number, string> {
  const byId = new Map(folders.map((f) => [f.id, f]))
  const paths = new Map<number, string>()
  for (const f of folders) {
    const parts: string[] = []
    const seen = new Set<number>()
    for (let cur: Folder | undefined = f; cur && !seen.has(cur.id); cur = cur.parent_id != null ? byId.get(cur.parent_id) : undefined) {
      seen.add(cur.id)
      parts.unshift(cur.name)
    }
    paths.set(f.id, parts.join(' / '))
  }
  return paths
}

/** Select options for a folder picker, in path order so children sit under their parent. */
export function folderOptions(folders: readonly Folder[]): { label: string; value: number }[] {
  const paths = folderPaths(folders)
  return folders
    .map((f) => ({ label: paths.get(f.id) ?? f.name, value: f.id }))
    .sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }) || a.value - b.value)
}

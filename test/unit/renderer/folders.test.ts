import { describe, expect, it } from 'vitest'
import { folderOptions, folderPaths } from '@/lib/folders'

describe('folder paths', () => {
  const folders = [
    { id: 12, name: 'Support', parent_id: 1 },
    { id: 10, name: 'Sales ops', parent_id: 1 },
    { id: 20, name: 'Archive', parent_id: 10 },
    { id: 21, name: 'Archive', parent_id: 12 },
  ]

  it('names each folder by its path under Home, so two "Archive" folders differ', () => {
    const paths = folderPaths(folders)
    expect(paths.get(20)).toBe('Sales ops / Archive')
    expect(paths.get(21)).toBe('Support / Archive')
    expect(paths.get(10)).toBe('Sales ops')
  })

  it('orders the picker so children sit under their parent', () => {
    expect(folderOptions(folders).map((o) => o.label)).toEqual(['Sales ops', 'Sales ops / Archive', 'Support', 'Support / Archive'])
  })

  it('survives a missing parent and a cycle', () => {
    const paths = folderPaths([
      { id: 1, name: 'a', parent_id: 2 },
      { id: 2, name: 'b', parent_id: 1 },
      { id: 3, name: 'orphan', parent_id: 99 },
    ])
    expect(paths.get(1)).toBe('b / a')
    expect(paths.get(3)).toBe('orphan')
  })
})

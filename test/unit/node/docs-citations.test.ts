/**
 * Every design citation in the code must land on a heading in docs/: "§4.4" / "reference §8.2" on a numbered
 * section of docs/workato.md, and "architecture.md step 5" / `architecture.md, "The live widget" 4` /
 * "architecture.md budget" on a heading of docs/architecture.md. Several people add citations in parallel; this
 * is what notices one that points nowhere.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')
const SCANNED_DIRS = ['electron', 'shared', 'renderer/src', 'test', 'scripts']
const SOURCE_FILE = /\.(ts|mts|cts|js|mjs|cjs|vue|md)$/
// This file spells out bad citations on purpose (the parser's own tests below).
const SELF = path.relative(root, import.meta.filename)

export interface Citation {
  file: string
  line: number
  text: string
}

export interface DocIndex {
  /** Section numbers of docs/workato.md headings: "1", "1.1", "4.4" … */
  sections: Set<string>
  /** Normalised headings of docs/architecture.md. */
  titles: Set<string>
  /** Step numbers per normalised level-2 heading of docs/architecture.md ("### Step 3: …" under it). */
  steps: Map<string, Set<number>>
}

const LIVE_WIDGET = 'the live widget'
const BUDGETS = 'performance budgets'

function normaliseTitle(s: string): string {
  return s
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

function headingsOf(markdown: string): { level: number; text: string }[] {
  const out: { level: number; text: string }[] = []
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced
    if (fenced) continue
    const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line)
    if (m?.[1] && m[2]) out.push({ level: m[1].length, text: m[2] })
  }
  return out
}

export function indexDocs(workatoMd: string, architectureMd: string): DocIndex {
  const sections = new Set<string>()
  for (const h of headingsOf(workatoMd)) {
    const m = /^(\d+(?:\.\d+)*)\.?\s/.exec(h.text)
    if (m?.[1]) sections.add(m[1])
  }
  const titles = new Set<string>()
  const steps = new Map<string, Set<number>>()
  let current: string | null = null
  for (const h of headingsOf(architectureMd)) {
    const title = normaliseTitle(h.text)
    titles.add(title)
    if (h.level <= 2) {
      current = title
      continue
    }
    const step = /^step (\d+)\b/.exec(title)
    if (step?.[1] && current) {
      const set = steps.get(current) ?? new Set<number>()
      set.add(Number(step[1]))
      steps.set(current, set)
    }
  }
  return { sections, titles, steps }
}

/** Text with comment decoration (` * `, `// `) removed across line breaks, so a citation may wrap. */
function flatten(text: string): string {
  return text.replace(/\n[ \t]*(?:\*(?!\/)|\/\/|<!--)?[ \t]*/g, ' ')
}

function lineAt(text: string, index: number): number {
  let n = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

/** "§N.N" citations, except those that belong to another document ("RFC 7519 §4.1"). */
export function sectionCitations(file: string, text: string): Citation[] {
  const out: Citation[] = []
  for (const m of text.matchAll(/§\s?(\d+(?:\.\d+)*)/g)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index)
    if (/\bRFC\s*\d+[,:]?\s*$/i.test(before)) continue
    out.push({ file, line: lineAt(text, m.index), text: m[1] ?? '' })
  }
  return out
}

export interface ArchitectureRef {
  citation: Citation
  title: string | null
  steps: number[]
}

/**
 * What follows "architecture.md": an optional quoted heading, optional step numbers (`"The live widget" 1, 2, 6`,
 * `, step 4`, `step 5`), or "budget(s)". A citation naming none of these (just the file) has nothing to resolve.
 */
export function architectureCitations(file: string, text: string): ArchitectureRef[] {
  const out: ArchitectureRef[] = []
  for (const m of text.matchAll(/architecture\.md/g)) {
    const start = m.index + m[0].length
    const tail = flatten(text.slice(start, start + 240)).split(/[);\]]|\*\/|-->/)[0] ?? ''
    let consumed = 0
    let title: string | null = null
    const quoted = /^\s*,?\s*"([^"]+)"/.exec(tail)
    if (quoted?.[1]) {
      title = normaliseTitle(quoted[1])
      consumed = quoted[0].length
    }
    const rest = tail.slice(consumed)
    const stepRe = title ? /^\s*,?\s*(?:steps?\s+)?(\d+(?:\s*(?:,|and|&)\s*\d+)*)\b/i : /^\s*,?\s*steps?\s+(\d+(?:\s*(?:,|and|&)\s*\d+)*)\b/i
    const stepMatch = stepRe.exec(rest)
    const steps = stepMatch?.[1] ? stepMatch[1].split(/\s*(?:,|and|&)\s*/).map(Number) : []
    if (stepMatch) consumed += stepMatch[0].length
    const budget = title ? null : /^\s*[,:]?\s*(?:the\s+)?(?:performance\s+)?budgets?\b/i.exec(rest)
    if (budget) {
      title = BUDGETS
      consumed += budget[0].length
    }
    const citation = { file, line: lineAt(text, m.index), text: `architecture.md${tail.slice(0, consumed)}` }
    if (title || steps.length) out.push({ citation, title, steps })
  }
  return out
}

export function unresolved(index: DocIndex, sources: { file: string; text: string }[]): string[] {
  const problems: string[] = []
  for (const { file, text } of sources) {
    for (const c of sectionCitations(file, text)) {
      if (!index.sections.has(c.text)) problems.push(`${c.file}:${c.line} cites §${c.text}, which is not a heading in docs/workato.md`)
    }
    for (const ref of architectureCitations(file, text)) {
      const where = `${ref.citation.file}:${ref.citation.line} cites "${ref.citation.text}"`
      if (ref.title && !index.titles.has(ref.title)) problems.push(`${where}: no heading "${ref.title}" in docs/architecture.md`)
      const section = ref.title && ref.title !== BUDGETS ? ref.title : LIVE_WIDGET
      for (const n of ref.steps) {
        if (!index.steps.get(section)?.has(n)) problems.push(`${where}: no "Step ${n}" heading under "${section}" in docs/architecture.md`)
      }
    }
  }
  return problems
}

async function readSources(): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = []
  for (const dir of SCANNED_DIRS) {
    for (const entry of await readdir(path.join(root, dir), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !SOURCE_FILE.test(entry.name)) continue
      const abs = path.join(entry.parentPath, entry.name)
      const rel = path.relative(root, abs)
      if (rel === SELF || rel.split(path.sep).includes('node_modules')) continue
      out.push({ file: rel, text: await readFile(abs, 'utf8') })
    }
  }
  return out
}

async function readIndex(): Promise<DocIndex> {
  const [workato, architecture] = await Promise.all([
    readFile(path.join(root, 'docs/workato.md'), 'utf8'),
    readFile(path.join(root, 'docs/architecture.md'), 'utf8'),
  ])
  return indexDocs(workato, architecture)
}

describe('design citations in the code', () => {
  it('all resolve to a heading in docs/workato.md or docs/architecture.md', async () => {
    const [index, sources] = await Promise.all([readIndex(), readSources()])
    // Guard against a scan that silently finds nothing (wrong root, renamed folders): the tree has hundreds.
    const sectionCount = sources.reduce((n, s) => n + sectionCitations(s.file, s.text).length, 0)
    const architectureCount = sources.reduce((n, s) => n + architectureCitations(s.file, s.text).length, 0)
    expect(sectionCount).toBeGreaterThan(100)
    expect(architectureCount).toBeGreaterThan(5)
    expect(unresolved(index, sources)).toEqual([])
  })

  it('every numbered step of "The live widget" is a heading, 1 to 6', async () => {
    const index = await readIndex()
    expect([...(index.steps.get(LIVE_WIDGET) ?? [])].sort()).toEqual([1, 2, 3, 4, 5, 6])
  })
})

describe('the citation checker', () => {
  const index = indexDocs(
    '## 1. Hosts\n\n### 1.1 API base URL\n\n```\n## 9. not a heading inside a fence\n```\n',
    '## The live widget\n\n### Step 1: a partition\n\n### Step 2: a host page\n\n## Performance budgets\n\n## Testing when the Electron binary cannot be downloaded\n',
  )
  const check = (text: string) => unresolved(index, [{ file: 'x.ts', text }])

  it('accepts citations that name existing headings', () => {
    expect(
      check(
        [
          '// reference §1.1 and §1, see §1.1.',
          '/** (architecture.md, "The live',
          ' * widget", step 2; reference §1) */',
          '// architecture.md step 1; architecture.md, "The live widget" 1, 2',
          '// (architecture.md budget: "100,000 messages held") and architecture.md, performance budgets: 1,000/s',
          '// architecture.md, "Testing when the Electron binary cannot be downloaded"',
          '// RFC 7519 §4.1.3 belongs to another document; architecture.md alone names no heading',
        ].join('\n'),
      ),
    ).toEqual([])
  })

  it('names each citation that points nowhere, with its file and line', () => {
    expect(check('// §1.2\n// §9 is fenced off\n')).toEqual([
      'x.ts:1 cites §1.2, which is not a heading in docs/workato.md',
      'x.ts:2 cites §9, which is not a heading in docs/workato.md',
    ])
    expect(check('/* architecture.md step 3 */')).toEqual([
      'x.ts:1 cites "architecture.md step 3": no "Step 3" heading under "the live widget" in docs/architecture.md',
    ])
    expect(check('// (architecture.md, "The sandboxes" 1)')).toEqual([
      'x.ts:1 cites "architecture.md, "The sandboxes" 1": no heading "the sandboxes" in docs/architecture.md',
      'x.ts:1 cites "architecture.md, "The sandboxes" 1": no "Step 1" heading under "the sandboxes" in docs/architecture.md',
    ])
  })
})

/**
 * The emulator's zip reader against hostile and damaged uploads: every refusal is a ZipError with a sentence
 * (the import then fails with "The package is not a valid zip archive: …"), and nothing is inflated past the size
 * the central directory declares.
 */
import { describe, expect, it } from 'vitest'
import { readZip, ZipError } from '../../../../electron/emulator/package-zip'
import { writeZip } from '../../../../shared/recipe-package'

/** The first central directory entry of a zip without a comment (what writeZip makes). */
function centralEntry(zip: Uint8Array): { view: DataView; at: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  return { view, at: view.getUint32(zip.length - 22 + 16, true) }
}

describe('readZip', () => {
  it('reads stored and deflated entries, skipping directories', () => {
    const zip = writeZip({ 'manifest.json': '{"recipes":[]}', 'big.txt': 'x'.repeat(10_000) }, { deflate: true })
    const { view, at } = centralEntry(zip)
    expect(view.getUint16(at + 10, true)).toBe(8) // really deflated
    const files = readZip(zip)
    expect(files.get('big.txt')?.toString('utf8')).toBe('x'.repeat(10_000))
    expect(readZip(writeZip({ 'docs/': new Uint8Array(), 'docs/a.json': '{}' })).size).toBe(1)
    const stored = centralEntry(writeZip({ a: 'b' }))
    expect(stored.view.getUint16(stored.at + 10, true)).toBe(0) // stored by default
  })

  it('refuses an entry that declares more than 50 MB before inflating anything', () => {
    const zip = writeZip({ 'bomb.json': '{}' }, { deflate: true })
    const { view, at } = centralEntry(zip)
    view.setUint32(at + 24, 50 * 1024 * 1024 + 1, true)
    expect(() => readZip(zip)).toThrow(new ZipError('bomb.json is larger than 52428800 bytes'))
  })

  it('never inflates past the declared size: a deflated entry that lies about its size fails its CRC check', () => {
    // 2 MB of zeros deflate to a few KB; the directory claims 1,000 bytes.
    const zip = writeZip({ 'bomb.json': new Uint8Array(2 * 1024 * 1024) }, { deflate: true })
    const { view, at } = centralEntry(zip)
    view.setUint32(at + 24, 1000, true)
    expect(() => readZip(zip)).toThrow(/bomb\.json fails its CRC check/)
  })

  it('names the entry whose deflate stream is broken', () => {
    const zip = writeZip({ 'manifest.json': 'y'.repeat(5000) }, { deflate: true })
    // The deflate stream starts after the 30-byte local header and the name; 0xff there is an invalid block type.
    zip.fill(0xff, 30 + 'manifest.json'.length, 30 + 'manifest.json'.length + 4)
    expect(() => readZip(zip)).toThrow(new ZipError('manifest.json could not be inflated: invalid block type'))
  })

  it('refuses other compression methods, truncated entries and damaged headers with a sentence', () => {
    const method = writeZip({ 'a.json': '{}' })
    const m = centralEntry(method)
    m.view.setUint16(m.at + 10, 12, true) // bzip2
    expect(() => readZip(method)).toThrow(/a\.json uses compression method 12; only stored and deflate are supported/)

    const truncated = writeZip({ 'a.json': '{}' })
    const t = centralEntry(truncated)
    t.view.setUint32(t.at + 20, 10_000, true)
    expect(() => readZip(truncated)).toThrow(/a\.json is truncated/)

    const local = writeZip({ 'a.json': '{}' })
    local[0] = 0
    expect(() => readZip(local)).toThrow(/a\.json: local header is damaged/)

    const central = writeZip({ 'a.json': '{}' })
    const c = centralEntry(central)
    c.view.setUint32(c.at, 0, true)
    expect(() => readZip(central)).toThrow(/central directory entry 1 is damaged/)

    expect(() => readZip(new TextEncoder().encode('PK\x03\x04 garbage after the magic'))).toThrow(/end-of-central-directory/)
  })
})

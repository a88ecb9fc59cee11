/**
 * The emulator's zip reader for recipe packages (reference §5.2: an import body is a raw zip). fflate finds and
 * inflates the entries; this module adds what fflate leaves to its caller, so a hostile or damaged upload fails
 * with a sentence instead of a crash or a memory spike: a size limit checked against the central directory BEFORE
 * anything is inflated, header signatures, truncated entries, and each entry's CRC-32 and size. (fflate's
 * `unzipSync` verifies no CRC and no signature: see `unzipSync` in node_modules/fflate/esm/index.mjs.)
 * The writer, which the console needs too, is `writeZip` in shared/recipe-package.ts.
 */
import { crc32 } from 'node:zlib'
import { unzipSync } from 'fflate'

export class ZipError extends Error {}

/** A zip bomb guard: packages are small JSON/YAML files. */
const MAX_ENTRY_BYTES = 50 * 1024 * 1024

const EOCD_SIG = 0x06054b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50

interface DirectoryEntry {
  name: string
  crc: number
  size: number
}

/**
 * The central directory's promises about each file (directories skipped), with the header checks fflate does not
 * make. Names and sizes are compared with what fflate reports, so the two readings must agree entry by entry.
 */
function directory(buf: Uint8Array): DirectoryEntry[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const u32 = (at: number) => view.getUint32(at, true)
  const u16 = (at: number) => view.getUint16(at, true)
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (u32(i) === EOCD_SIG) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new ZipError('no end-of-central-directory record (the file is truncated or not a zip)')
  const count = u16(eocd + 10)
  let p = u32(eocd + 16)
  const out: DirectoryEntry[] = []
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || u32(p) !== CENTRAL_SIG) throw new ZipError(`central directory entry ${n + 1} is damaged`)
    const method = u16(p + 10)
    const crc = u32(p + 16)
    const compressed = u32(p + 20)
    const size = u32(p + 24)
    const nameLen = u16(p + 28)
    const localOffset = u32(p + 42)
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen))
    p += 46 + nameLen + u16(p + 30) + u16(p + 32)
    if (name.endsWith('/')) continue
    if (size > MAX_ENTRY_BYTES) throw new ZipError(`${name} is larger than ${MAX_ENTRY_BYTES} bytes`)
    if (method !== 0 && method !== 8) throw new ZipError(`${name} uses compression method ${method}; only stored and deflate are supported`)
    if (localOffset + 30 > buf.length || u32(localOffset) !== LOCAL_SIG) throw new ZipError(`${name}: local header is damaged`)
    const start = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28)
    if (start + compressed > buf.length) throw new ZipError(`${name} is truncated`)
    out.push({ name, crc, size })
  }
  return out
}

/** Every file entry (directories skipped) by name, in archive order. */
export function readZip(data: Uint8Array): Map<string, Buffer> {
  const expected = directory(data)
  let files: Record<string, Uint8Array>
  // fflate's errors do not name the entry; the last one its filter let through is the one being inflated.
  let current: string | undefined
  try {
    files = unzipSync(data, {
      // Runs before fflate allocates or inflates an entry: the same limit, on fflate's own reading of the sizes.
      filter: (f) => {
        if (f.name.endsWith('/')) return false
        if (f.originalSize > MAX_ENTRY_BYTES) throw new ZipError(`${f.name} is larger than ${MAX_ENTRY_BYTES} bytes`)
        current = f.name
        return true
      },
    })
  } catch (e) {
    if (e instanceof ZipError) throw e
    const reason = e instanceof Error ? e.message : String(e)
    throw new ZipError(current === undefined ? `the archive could not be read: ${reason}` : `${current} could not be inflated: ${reason}`)
  }
  const out = new Map<string, Buffer>()
  for (const { name, crc, size } of expected) {
    const content = files[name]
    if (!content) throw new ZipError(`${name} is listed in the central directory but could not be read`)
    // fflate inflates into a buffer of the declared size, so a lying entry is cut short, never grown: these catch it.
    if (content.length !== size) throw new ZipError(`${name} has ${content.length} bytes, the directory says ${size}`)
    if (crc32(content) >>> 0 !== crc) throw new ZipError(`${name} fails its CRC check`)
    out.set(name, Buffer.from(content.buffer, content.byteOffset, content.byteLength))
  }
  return out
}

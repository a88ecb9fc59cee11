/**
 * Just enough of the zip format for recipe packages (reference §5.2: an import body is a raw zip). The reader
 * walks the central directory and accepts stored and deflated entries (node:zlib inflates); the writer makes
 * stored archives, which is what tests and the sandbox's sample packages need. Written by hand because the
 * emulator must also produce broken and odd archives on purpose, and the subset is small.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]) // "PK\x03\x04", the first local file header

export function looksLikeZip(body: Uint8Array): boolean {
  return body.length >= 4 && Buffer.from(body.subarray(0, 4)).equals(ZIP_MAGIC)
}

export class ZipError extends Error {}

const EOCD_SIG = 0x06054b50
const CENTRAL_SIG = 0x02014b50
const LOCAL_SIG = 0x04034b50
/** A zip bomb guard: packages are small JSON/YAML files. */
const MAX_ENTRY_BYTES = 50 * 1024 * 1024

/** Every file entry (directories skipped) by name. */
export function readZip(data: Uint8Array): Map<string, Buffer> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new ZipError('no end-of-central-directory record (the file is truncated or not a zip)')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const out = new Map<string, Buffer>()
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIG) throw new ZipError(`central directory entry ${n + 1} is damaged`)
    const method = buf.readUInt16LE(p + 10)
    const crc = buf.readUInt32LE(p + 16)
    const compressed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const localOffset = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8')
    p += 46 + nameLen + extraLen + commentLen
    if (name.endsWith('/')) continue
    if (size > MAX_ENTRY_BYTES) throw new ZipError(`${name} is larger than ${MAX_ENTRY_BYTES} bytes`)
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL_SIG) throw new ZipError(`${name}: local header is damaged`)
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28)
    const raw = buf.subarray(start, start + compressed)
    if (raw.length !== compressed) throw new ZipError(`${name} is truncated`)
    let content: Buffer
    if (method === 0) content = Buffer.from(raw)
    else if (method === 8) {
      try {
        content = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES })
      } catch (e) {
        throw new ZipError(`${name} could not be inflated: ${(e as Error).message}`)
      }
    } else throw new ZipError(`${name} uses compression method ${method}; only stored and deflate are supported`)
    if (content.length !== size) throw new ZipError(`${name} has ${content.length} bytes, the directory says ${size}`)
    if ((crc32(content) >>> 0) !== crc) throw new ZipError(`${name} fails its CRC check`)
    out.set(name, content)
  }
  return out
}

/**
 * A zip of the given files, in order: stored (uncompressed) by default, or deflated like most real zip tools
 * produce (`{ deflate: true }`), so tests can check that readZip inflates them.
 */
export function writeZip(files: Record<string, string | Uint8Array>, opts: { deflate?: boolean } = {}): Buffer {
  const method = opts.deflate ? 8 : 0
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, value] of Object.entries(files)) {
    const data = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value)
    const nameBuf = Buffer.from(name, 'utf8')
    const crc = crc32(data) >>> 0
    const packed = opts.deflate ? deflateRawSync(data) : data
    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL_SIG, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(method, 8) // 0 stored, 8 deflate
    local.writeUInt32LE(0, 10) // time/date
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBuf.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(CENTRAL_SIG, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(0, 12)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBuf.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBuf, packed)
    centrals.push(central, nameBuf)
    offset += local.length + nameBuf.length + packed.length
  }
  const dir = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(EOCD_SIG, 0)
  const n = Object.keys(files).length
  eocd.writeUInt16LE(n, 8)
  eocd.writeUInt16LE(n, 10)
  eocd.writeUInt32LE(dir.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, dir, eocd])
}

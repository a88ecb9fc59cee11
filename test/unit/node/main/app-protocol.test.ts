import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppProtocolHandler, resolveAppPath } from '../../../../electron/main/app-protocol'

let root: string
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ec-proto-'))
  await mkdir(path.join(root, 'assets'))
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>x</title>')
  await writeFile(path.join(root, 'assets', 'a.js'), 'console.log(1)')
  await writeFile(path.join(os.tmpdir(), 'ec-secret.txt'), 'secret')
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(path.join(os.tmpdir(), 'ec-secret.txt'), { force: true })
})

describe('app:// protocol', () => {
  it('maps the root and files inside the renderer folder', () => {
    expect(resolveAppPath(root, 'app://bundle/')).toBe(path.join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://bundle/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'))
  })

  // The URL parser already folds plain and %2e-encoded dot segments; what is left must never escape the root.
  it.each(['app://bundle/../ec-secret.txt', 'app://bundle/%2e%2e/ec-secret.txt', 'app://bundle/assets/%2E%2E/%2E%2E/ec-secret.txt'])(
    'keeps %s inside the renderer folder',
    (url) => {
      const resolved = resolveAppPath(root, url)
      expect(resolved === null || resolved.startsWith(root + path.sep)).toBe(true)
      expect(resolved).not.toBe(path.join(os.tmpdir(), 'ec-secret.txt'))
    },
  )

  it.each([
    'app://bundle/..%2fec-secret.txt',
    'app://bundle/assets/..%2f..%2fec-secret.txt',
    'app://bundle/%2e%2e%2fec-secret.txt',
    'app://bundle/..%5cec-secret.txt',
    'app://bundle/index.html%00.png',
    'app://other/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull()
  })

  it('serves files with the CSP header and refuses traversal with 403', async () => {
    const handler = createAppProtocolHandler(root)
    const ok = await handler(new Request('app://bundle/index.html'))
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(ok.headers.get('content-type')).toContain('text/html')
    const bad = await handler(new Request('app://bundle/..%2fec-secret.txt'))
    expect(bad.status).toBe(403)
    const missing = await handler(new Request('app://bundle/nope.js'))
    expect(missing.status).toBe(404)
  })
})

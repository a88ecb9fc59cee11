/** `npm run emulator`: the standalone process prints what a person needs, serves the API, and stops on SIGINT. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../../..')

describe('emulator CLI', () => {
  it('prints base URL, token and vendor id, answers with that token, and exits on Ctrl+C', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'electron/emulator/cli.ts',
        '--port',
        '0',
        '--token',
        'sk_cli_test',
        '--customers',
        '7',
        '--seed',
        '3',
        '--vendor-origin',
        'https://x.example',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
    try {
      for (let i = 0; i < 200 && !out.includes('Ctrl+C'); i++) await new Promise((r) => setTimeout(r, 50))
      const base = /base URL\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
      expect(base).toBeTruthy()
      expect(out).toMatch(/token\s+sk_cli_test/)
      expect(out).toMatch(/vendor id\s+we[a-z0-9]{16}/)
      expect(out).toContain('https://x.example')
      const res = await fetch(`${base}/api/managed_users`, { headers: { Authorization: 'Bearer sk_cli_test' } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { result: unknown[] }).result).toHaveLength(7)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
  })
})

/**
 * The resilience suite's rig: the real core (create-core) with a real in-process Sandbox and a memory vault,
 * driven through `dispatch`, the same function main's IPC handler and the browser harness call. Everything the
 * suite produces is recorded (every response, every log line, the files under the data folder, the widget host
 * pages that carry minted tokens) so the secret scan can look at all of it.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createCore, type Core } from '../../electron/core/create-core'
import { log } from '../../electron/core/log'
import { dispatch } from '../../electron/core/rpc/dispatch'
import type { EventSink } from '../../electron/core/rpc/types'
import type { WidgetHostAdapter } from '../../electron/core/widget'
import type { Result } from '../../shared/errors'
import { createMemoryVault, type MemoryVault } from '../support/memory-vault'
import { sharedSandboxKey } from '../support/sandbox-key'

export interface Tally {
  cases: number
  passed: number
  /** A thrown exception out of dispatch, or an `internal` error: what the user sees as "the app broke". */
  crashes: number
  /** An input the table says must be refused, answered with ok. */
  badAccepted: number
  secretsLeaked: number
  /** Widget messages or confirmed settings saves that did not survive. */
  lost: number
  failures: string[]
}

export const tally: Tally = { cases: 0, passed: 0, crashes: 0, badAccepted: 0, secretsLeaked: 0, lost: 0, failures: [] }

export function printTally(t: Tally = tally): string {
  const line =
    `resilience: ${t.cases} cases, ${t.passed} passed, ${t.crashes} crashes/500s, ${t.badAccepted} bad data accepted, ` +
    `${t.secretsLeaked} secrets leaked, ${t.lost} messages/saves lost`
  return t.failures.length ? `${line}\n  failed:\n${t.failures.map((f) => `    - ${f}`).join('\n')}` : line
}

/** Everything the suite saw, for the secret scan. */
export const produced = { responses: [] as string[], logs: [] as string[], hostPages: [] as string[], dataDirs: new Set<string>() }

/** A widget host that serves nothing: it keeps the pages core publishes (they carry the minted token). */
export function memoryHost(): WidgetHostAdapter {
  return {
    embed: 'iframe',
    preloadPath: '',
    async prepare({ attemptId, originUrl }) {
      return { hostUrl: `${originUrl}/__embedded_console/widget-host?attempt=${attemptId}`, hostOrigin: originUrl }
    },
    async publish({ html }) {
      produced.hostPages.push(html)
    },
    async release() {},
  }
}

export interface Rig {
  core: Core
  dataDir: string
  vault: MemoryVault
  call(op: string, payload?: unknown, signal?: AbortSignal): Promise<Result<unknown>>
  close(): Promise<void>
}

let sinkInstalled = false
export function captureLogs(): void {
  if (sinkInstalled) return
  sinkInstalled = true
  log.setSink((_level, line) => {
    produced.logs.push(line)
  })
}

export async function startRig(opts: { dataDir?: string; vault?: MemoryVault; customers?: number } = {}): Promise<Rig> {
  captureLogs()
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ec-resilience-')))
  produced.dataDirs.add(dataDir)
  const vault = opts.vault ?? createMemoryVault()
  const events: EventSink = {
    emit(event, payload) {
      produced.responses.push(JSON.stringify({ event, payload }))
    },
  }
  const core = await createCore({
    dataDir,
    appVersion: 'resilience',
    transport: 'harness',
    vault,
    events,
    openExternal: async () => {},
    sandbox: { customers: opts.customers ?? 40, seed: 11, vendorOrigins: ['https://console.embedded.local'], generateKey: sharedSandboxKey },
  })
  core.widget.setHost(memoryHost())
  return {
    core,
    dataDir,
    vault,
    async call(op, payload, signal) {
      const r = await dispatch(core.handlers, op, payload, { signal: signal ?? new AbortController().signal }, () => log.knownSecrets())
      produced.responses.push(JSON.stringify(r))
      return r
    },
    close: () => core.dispose(),
  }
}

/** Every regular file under `dir`, as text (the suite's files are small). */
export async function filesUnder(dir: string): Promise<Array<{ file: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8').catch(() => '') })))
}

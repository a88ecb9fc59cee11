import { beforeEach, describe, expect, it, vi } from 'vitest'
import { operations } from '../../../../shared/contract'

const exposed: Record<string, unknown> = {}
const invoke = vi.fn(async () => ({ ok: true, data: 'x' }))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
  ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendToHost: vi.fn() },
}))

describe('app preload', () => {
  beforeEach(async () => {
    await import('../../../../electron/preload/app')
  })

  it('exposes one object with one function per operation, grouped by domain, and no ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['embeddedConsole'])
    const bridge = exposed.embeddedConsole as { api: Record<string, Record<string, unknown>>; on: unknown }
    expect(typeof bridge.on).toBe('function')
    const names = Object.entries(bridge.api).flatMap(([d, verbs]) => Object.keys(verbs).map((v) => `${d}:${v}`))
    expect(names.sort()).toEqual(Object.keys(operations).sort())
    const text = JSON.stringify(Object.keys(bridge))
    expect(text).not.toMatch(/ipcRenderer|invoke|send/)
  })

  it('routes a call to its channel', async () => {
    const bridge = exposed.embeddedConsole as { api: { profiles: { list: () => Promise<unknown> } } }
    await bridge.api.profiles.list()
    expect(invoke).toHaveBeenCalledWith('profiles:list', undefined)
  })

  it('refuses to subscribe to an event the contract does not name', () => {
    const bridge = exposed.embeddedConsole as { on: (e: string, l: () => void) => unknown }
    expect(() => bridge.on('anything', () => {})).toThrow(/Unknown event/)
  })
})

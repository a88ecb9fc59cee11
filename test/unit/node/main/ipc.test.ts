import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { operations } from '../../../../shared/contract'
import type { Handlers } from '../../../../electron/core/rpc/types'
import { registerIpcHandlers } from '../../../../electron/main/ipc'

type Listener = (event: unknown, payload: unknown) => Promise<unknown>

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  return {
    handlers,
    handle: (channel: string, fn: Listener) => void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  }
}

function sender(id: number, url: string) {
  const wc = Object.assign(new EventEmitter(), { id, mainFrame: { url } as { url: string } })
  return wc
}

function event(wc: ReturnType<typeof sender>, frame: { url: string } | null = wc.mainFrame) {
  return { sender: wc, senderFrame: frame }
}

const fakeHandlers = new Proxy({} as Handlers, {
  get: (_t, name: string) => {
    if (name === 'app:openExternal') return vi.fn(async () => ({ ok: true }))
    if (name === 'app:info') return async () => ({ name: 'Embedded Console', version: '1', platform: 'linux', transport: 'electron', dataDir: '/x' })
    return async () => {
      throw new Error(`unexpected call ${name}`)
    }
  },
})

describe('IPC handle helper', () => {
  const ipc = fakeIpcMain()
  const trusted = new Set([7])
  registerIpcHandlers(ipc as never, fakeHandlers, trusted)
  const call = (channel: string, ev: unknown, payload?: unknown) => {
    const fn = ipc.handlers.get(channel)
    if (!fn) throw new Error(`no handler for ${channel}`)
    return fn(ev, payload)
  }

  it('registers one handler per contract operation', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(operations).sort())
  })

  it('answers our own window', async () => {
    const res = await call('app:info', event(sender(7, 'app://bundle/index.html')))
    expect(res).toMatchObject({ ok: true, data: { name: 'Embedded Console' } })
  })

  it('refuses a window we did not create', async () => {
    const res = await call('app:info', event(sender(99, 'app://bundle/index.html')))
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('refuses an iframe inside our window, even one that claims our origin', async () => {
    const wc = sender(7, 'app://bundle/index.html')
    const res = await call('app:info', event(wc, { url: 'app://bundle/index.html' }))
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('refuses our window once it shows a foreign page', async () => {
    const res = await call('app:info', event(sender(7, 'https://evil.example/')))
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('refuses a destroyed frame', async () => {
    const res = await call('app:info', event(sender(7, 'app://bundle/index.html'), null))
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('returns a validation error for a malformed payload, without running the handler', async () => {
    const res = (await call('app:openExternal', event(sender(7, 'app://bundle/index.html')), { url: 42 })) as {
      ok: boolean
      error: { code: string; message: string }
    }
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('validation')
    expect(res.error.message).toMatch(/url/)
    expect(fakeHandlers['app:openExternal']).not.toHaveBeenCalled()
  })
})

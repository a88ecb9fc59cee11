import { afterEach, describe, expect, it } from 'vitest'
import { devOverrides, isAppUrl, rendererEntryUrl, useDevServer } from '../../../../electron/main/app-url'

const env = { ELECTRON_RENDERER_URL: 'http://evil.example:5173/', EC_USER_DATA: '/tmp/prepared-profile' }

afterEach(() => useDevServer(undefined))

describe('environment overrides', () => {
  it('a packaged app ignores ELECTRON_RENDERER_URL and EC_USER_DATA', () => {
    expect(devOverrides(true, env)).toEqual({})
  })
  it('development honours them (electron-vite dev, the E2E specs)', () => {
    expect(devOverrides(false, env)).toEqual({ rendererUrl: env.ELECTRON_RENDERER_URL, userData: env.EC_USER_DATA })
    expect(devOverrides(false, {})).toEqual({})
  })
  it('without a configured dev server only app://bundle is ours, whatever the environment says', () => {
    process.env.ELECTRON_RENDERER_URL = env.ELECTRON_RENDERER_URL
    try {
      expect(rendererEntryUrl()).toBe('app://bundle/index.html')
      expect(isAppUrl('http://evil.example:5173/index.html')).toBe(false)
      expect(isAppUrl('app://bundle/index.html')).toBe(true)
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
  })
  it('with the dev server configured by main, its origin is ours too', () => {
    useDevServer('http://localhost:5173/')
    expect(rendererEntryUrl()).toBe('http://localhost:5173/')
    expect(isAppUrl('http://localhost:5173/#/customers')).toBe(true)
    expect(isAppUrl('http://localhost:5174/')).toBe(false)
  })
})

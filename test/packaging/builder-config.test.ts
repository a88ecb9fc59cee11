/**
 * The update feed a partner picks at build time (electron-builder.ts publishFromEnv). A wrong variable must stop
 * the build with a sentence that says what to fix, not ship an app that polls nothing or the wrong place.
 */
import { describe, expect, it } from 'vitest'
import { builderConfig, publishFromEnv } from '../../electron-builder'

describe('publishFromEnv', () => {
  it('is null, not absent, without a feed: electron-builder would otherwise invent a GitHub feed', () => {
    expect(publishFromEnv({})).toBeNull()
    expect(builderConfig({})).toHaveProperty('publish', null)
  })

  it('turns EC_UPDATE_URL into a generic provider and EC_UPDATE_GITHUB into a github provider', () => {
    expect(publishFromEnv({ EC_UPDATE_URL: ' https://updates.acme.example/ec/ ' })).toEqual({
      provider: 'generic',
      url: 'https://updates.acme.example/ec/',
    })
    expect(publishFromEnv({ EC_UPDATE_GITHUB: 'acme/embedded-console' })).toEqual({ provider: 'github', owner: 'acme', repo: 'embedded-console' })
  })

  it('refuses two feeds, a non-URL, a plain-http feed and a GitHub value that is not owner/repo', () => {
    expect(() => publishFromEnv({ EC_UPDATE_URL: 'https://a.example/', EC_UPDATE_GITHUB: 'a/b' })).toThrow(/choose one update feed/)
    expect(() => publishFromEnv({ EC_UPDATE_URL: 'updates.acme.example' })).toThrow(/is not a URL/)
    expect(() => publishFromEnv({ EC_UPDATE_URL: 'http://updates.acme.example/' })).toThrow(/must be https/)
    expect(() => publishFromEnv({ EC_UPDATE_GITHUB: 'https://github.com/acme/ec' })).toThrow(/is not owner\/repo/)
  })

  it('treats an empty variable as unset (CI often passes an empty secret)', () => {
    expect(publishFromEnv({ EC_UPDATE_URL: '', EC_UPDATE_GITHUB: '  ' })).toBeNull()
  })
})

/** Reference §1.2–§1.4, §2, §6.1, §6.3 over real HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../../electron/emulator/index'
import { sandbox, type Api } from './helpers'

let h: EmulatorHandle
let api: Api
beforeAll(async () => {
  ;({ h, api } = await sandbox({ customers: 250 }))
})
afterAll(() => h.close())

describe('auth (§1.2)', () => {
  it('answers 401 {message:"Unauthorized"} without a token or with a wrong one', async () => {
    for (const token of [null, 'sk_wrong', `${h.token}x`]) {
      const r = await api('/api/managed_users', { token })
      expect(r.status).toBe(401)
      expect(r.body).toEqual({ message: 'Unauthorized' })
    }
    expect((await api('/api/managed_users')).status).toBe(200)
  })

  it('answers 404 {message:"Not found"} for unknown paths and unknown customers', async () => {
    expect(await api('/api/nope')).toMatchObject({ status: 404, body: { message: 'Not found' } })
    expect(await api('/api/managed_users/1')).toMatchObject({ status: 404, body: { message: 'Not found' } })
    expect(await api('/api/managed_users/Enobody-has-this')).toMatchObject({ status: 404, body: { message: 'Not found' } })
  })
})

describe('list customers (§2.5, §6.3)', () => {
  it('wraps in result, defaults to 100 per page, caps per_page at 100 and pages 1-based', async () => {
    const p1 = await api('/api/managed_users')
    expect(Object.keys(p1.body)).toEqual(['result'])
    expect(p1.body.result).toHaveLength(100)
    const big = await api('/api/managed_users?per_page=500')
    expect(big.body.result).toHaveLength(100)
    const p3 = await api('/api/managed_users?page=3&per_page=100')
    expect(p3.body.result).toHaveLength(50)
    const p2 = await api('/api/managed_users?page=2&per_page=100')
    const ids = [...p1.body.result, ...p2.body.result, ...p3.body.result].map((c: { id: number }) => c.id)
    expect(new Set(ids).size).toBe(250)
    expect((await api('/api/managed_users?page=4')).body.result).toEqual([])
  })

  it('refuses a non-numeric page with a §6.1 validation error', async () => {
    const r = await api('/api/managed_users?page=abc')
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('Validation failed')
    expect(r.body.errors.page).toBeDefined()
  })
})

describe('customer by id or E + external id (§1.3)', () => {
  it('returns the bare customer by numeric id', async () => {
    const c = h.state.listCustomers()[4]
    const r = await api(`/api/managed_users/${c?.id}`)
    expect(r.status).toBe(200)
    expect(r.body.result).toBeUndefined()
    expect(r.body).toMatchObject({ id: c?.id, name: c?.name })
  })

  it('resolves external ids containing ":", "/" and spaces when URL-encoded', async () => {
    const awkward = h.state.listCustomers().filter((c) => c.external_id && /[:/ ]/.test(c.external_id))
    expect(awkward.map((c) => c.external_id).some((e) => e?.includes(':'))).toBe(true)
    expect(awkward.map((c) => c.external_id).some((e) => e?.includes('/'))).toBe(true)
    expect(awkward.map((c) => c.external_id).some((e) => e?.includes(' '))).toBe(true)
    for (const c of awkward.slice(0, 6)) {
      const r = await api(`/api/managed_users/${encodeURIComponent(`E${c.external_id}`)}`)
      expect(r.status).toBe(200)
      expect(r.body.id).toBe(c.id)
    }
  })
})

describe('create / update / delete (§2.2, §2.3)', () => {
  it('creates a customer and returns it bare; E-addressing finds it', async () => {
    const r = await api('/api/managed_users', {
      method: 'POST',
      body: { name: 'New Co', notification_email: 'ops@new.example', external_id: 'NEW:1/x y', origin_url: 'https://new.example' },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ name: 'New Co', external_id: 'NEW:1/x y', origin_url: 'https://new.example' })
    expect(typeof r.body.id).toBe('number')
    const again = await api(`/api/managed_users/${encodeURIComponent('ENEW:1/x y')}`)
    expect(again.body.id).toBe(r.body.id)
  })

  it('refuses missing fields, a bad email and a taken external id in the "Validation failed" form', async () => {
    const r = await api('/api/managed_users', { method: 'POST', body: { notification_email: 'nope' } })
    expect(r.status).toBe(400)
    expect(r.body).toEqual({ message: 'Validation failed', errors: { name: ["can't be blank"], notification_email: ['is invalid'] } })
    const taken = h.state.listCustomers().find((c) => c.external_id)
    const dup = await api('/api/managed_users', {
      method: 'POST',
      body: { name: 'Dup', notification_email: 'a@b.example', external_id: taken?.external_id },
    })
    expect(dup.body.errors).toEqual({ external_id: ['has already been taken'] })
  })

  it('refuses a body that is not JSON', async () => {
    const r = await api('/api/managed_users', { method: 'POST', rawBody: '{"name":' })
    expect(r.status).toBe(400)
    expect(r.body.message).toBe('Bad request')
  })

  it('updates partially, clears with null, and re-indexes the external id', async () => {
    const c = h.state.listCustomers()[10]
    const r = await api(`/api/managed_users/${c?.id}`, { method: 'PUT', body: { name: 'Renamed', origin_url: null, external_id: 'moved:here' } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      id: c?.id,
      name: 'Renamed',
      origin_url: null,
      external_id: 'moved:here',
      notification_email: c?.notification_email,
    })
    expect((await api(`/api/managed_users/${encodeURIComponent('Emoved:here')}`)).body.id).toBe(c?.id)
    const bad = await api(`/api/managed_users/${c?.id}`, { method: 'PUT', body: { name: '' } })
    expect(bad.body).toEqual({ message: 'Validation failed', errors: { name: ["can't be blank"] } })
  })

  it('deletes a customer, after which it is 404', async () => {
    const c = h.state.listCustomers()[20]
    expect(await api(`/api/managed_users/${c?.id}`, { method: 'DELETE' })).toMatchObject({ status: 200, body: { success: true } })
    expect((await api(`/api/managed_users/${c?.id}`)).status).toBe(404)
    expect((await api(`/api/managed_users/${c?.id}/connections`)).status).toBe(404)
  })
})

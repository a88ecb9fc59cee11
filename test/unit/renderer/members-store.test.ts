/** The members store: one read per customer, the latest customer wins, and environments say "not provisioned". */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useMembersStore } from '@/stores/members'
import { installFakeBridge } from '../../support/fake-bridge'

const fake = installFakeBridge()

beforeEach(() => {
  setActivePinia(createPinia())
  fake.reset()
})

const member = (id: number, name: string) => ({ id, name, email: `${name.toLowerCase()}@acme.example`, role_name: 'Admin', external_id: null })

describe('members store', () => {
  it('reads a customer once, and a customer picked while another loads shows only its own members', async () => {
    const release: Record<number, () => void> = {}
    fake.answer('members:list', async ({ customerId }) => {
      await new Promise<void>((r) => (release[customerId] = r))
      return { members: [member(customerId * 10, `M${customerId}`)], truncated: false }
    })
    const s = useMembersStore()
    const first = s.loadMembers({ profileId: 'sandbox', customerId: 1 })
    const second = s.loadMembers({ profileId: 'sandbox', customerId: 2 })
    release[2]?.()
    await second
    release[1]?.()
    await first
    expect(s.members.map((m) => m.id)).toEqual([20])
    await s.loadMembers({ profileId: 'sandbox', customerId: 2 })
    expect(fake.calls.filter((c) => c.op === 'members:list')).toHaveLength(2)
    expect(s.label(s.members[0] ?? member(0, 'x'))).toBe('M2 <m2@acme.example> · 20')
  })

  it('says when the list was cut and keeps the error of a failed read', async () => {
    fake.answer('members:list', () => ({ members: [member(1, 'A')], truncated: true }))
    const s = useMembersStore()
    await s.loadMembers({ profileId: 'sandbox', customerId: 1 })
    expect(s.truncated).toBe(true)
    fake.answer('members:list', () => {
      throw new Error('Workato is down')
    })
    await s.loadMembers({ profileId: 'sandbox', customerId: 3 })
    expect(s.membersError).toMatch(/Workato is down/)
    expect(s.members).toEqual([])
  })

  it('environments: provisioned or not, as core answered', async () => {
    fake.answer('members:environments', ({ customerId }) =>
      customerId === 4
        ? {
            provisioned: true,
            environments: [
              { environment: 'dev', workspaceId: 4, name: 'A' },
              { environment: 'test', workspaceId: 50, name: 'A (TEST)' },
              { environment: 'prod', workspaceId: 51, name: 'A (PROD)' },
            ],
          }
        : { provisioned: false, environments: [] },
    )
    const s = useMembersStore()
    await s.loadEnvironments({ profileId: 'sandbox', customerId: 4 })
    expect(s.environments?.environments.map((e) => e.workspaceId)).toEqual([4, 50, 51])
    await s.loadEnvironments({ profileId: 'sandbox', customerId: 5 })
    expect(s.environments).toEqual({ provisioned: false, environments: [] })
  })
})

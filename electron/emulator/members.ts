/**
 * A customer's members (reference §2.7: the customer's users, whose id or `E` + external id can be the JWT
 * `sub`'s third segment, §7.2) and its Embedded Environments (§5.6: DEV, TEST and PROD workspaces addressed as
 * `:id_dev`, `:id_test`, `:id_prod`). Both are generated on first touch from the seed, like workspaces, so a
 * customer nobody looks at costs nothing.
 */
import { chance, int, mixSeed, mulberry32, pick } from './prng'
import type { CustomerRecord } from './records'

/** §2.7 member fields (third-party schema). */
export interface MemberRecord {
  id: number
  grant_type: string
  role_name: string
  external_id: string | null
  name: string
  email: string
  time_zone: string
}

export const environmentNames = ['dev', 'test', 'prod'] as const
export type EnvironmentName = (typeof environmentNames)[number]

/** The three workspace ids of a provisioned customer. */
export type EnvironmentIds = Record<EnvironmentName, number>

const firstNames = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia', 'Tim', 'Frances']
const lastNames = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Thompson', 'Liskov', 'Ritchie', 'Perlman', 'Berners-Lee', 'Allen']
const roles = ['Analyst', 'Operator', 'Viewer', 'Operator', 'Admin']

/** Seeded customers whose sequence number ends in 4 come with environments already provisioned (demo data). */
const seededWithEnvironments = (seq: number) => seq % 10 === 4

export class MemberStore {
  private readonly members = new Map<number, MemberRecord[]>()
  private readonly envs = new Map<number, EnvironmentIds>()
  /** Environment workspace id → (the customer it belongs to, which environment). */
  private readonly envOwner = new Map<number, { customerId: number; env: EnvironmentName }>()
  private readonly envRecords = new Map<number, CustomerRecord>()

  constructor(
    private readonly opts: {
      seed: number
      /** The customer's seed sequence number when it was seeded, else null. */
      seqOf: (customerId: number) => number | null
      newId: () => number
    },
  ) {}

  list(customer: CustomerRecord): MemberRecord[] {
    let list = this.members.get(customer.id)
    if (!list) {
      list = this.generate(customer)
      this.members.set(customer.id, list)
    }
    return list
  }

  find(customer: CustomerRecord, segment: string): MemberRecord | undefined {
    const list = this.list(customer)
    if (/^\d+$/.test(segment)) return list.find((m) => m.id === Number(segment))
    if (segment.startsWith('E') && segment.length > 1) return list.find((m) => m.external_id === segment.slice(1))
    return undefined
  }

  add(customer: CustomerRecord, fields: Omit<MemberRecord, 'id'>): MemberRecord {
    const m: MemberRecord = { ...fields, id: this.opts.newId() }
    this.list(customer).push(m)
    return m
  }

  private generate(customer: CustomerRecord): MemberRecord[] {
    const seq = this.opts.seqOf(customer.id)
    if (seq === null) return []
    const rng = mulberry32(mixSeed(this.opts.seed, seq, 7))
    // Enough customers with more than one page at a small per_page to exercise paging; most have a handful.
    const count = chance(rng, 0.1) ? int(rng, 101, 130) : int(rng, 1, 6)
    const domain = customer.notification_email.split('@')[1] ?? 'customer.example'
    return Array.from({ length: count }, (_, k) => {
      const first = pick(rng, firstNames)
      const last = pick(rng, lastNames)
      return {
        id: 7_000_000 + seq * 200 + k,
        grant_type: k === 0 ? 'owner' : 'member',
        role_name: k === 0 ? 'Admin' : pick(rng, roles),
        external_id: chance(rng, 0.7) ? `user-${seq}-${k + 1}` : null,
        name: `${first} ${last}${k >= 10 ? ` ${k + 1}` : ''}`,
        email: `${first.toLowerCase()}.${last.toLowerCase()}${k >= 10 ? k + 1 : ''}@${domain}`,
        time_zone: customer.time_zone,
      }
    })
  }

  // ---------- environments (§5.6) ----------

  /** The customer's environments, or null when none are provisioned. */
  environments(customer: CustomerRecord): EnvironmentIds | null {
    const known = this.envs.get(customer.id)
    if (known) return known
    const seq = this.opts.seqOf(customer.id)
    if (seq !== null && seededWithEnvironments(seq)) return this.provision(customer)
    return null
  }

  /**
   * Provisions DEV, TEST and PROD. The existing workspace keeps its id as DEV (the Environments API page; the
   * provisioning guide says PROD: §5.6, §10 q6); TEST and PROD are new, empty workspaces. Cannot be undone.
   */
  provision(customer: CustomerRecord): EnvironmentIds {
    const known = this.envs.get(customer.id)
    if (known) return known
    const ids: EnvironmentIds = { dev: customer.id, test: this.opts.newId(), prod: this.opts.newId() }
    this.envs.set(customer.id, ids)
    this.envOwner.set(ids.dev, { customerId: customer.id, env: 'dev' })
    for (const env of ['test', 'prod'] as const) {
      const id = ids[env]
      this.envOwner.set(id, { customerId: customer.id, env })
      this.envRecords.set(id, {
        ...customer,
        id,
        external_id: null,
        name: `${customer.name} (${env.toUpperCase()})`,
        whitelisted_apps: [...customer.whitelisted_apps],
      })
    }
    return ids
  }

  /** The TEST or PROD workspace record with this id (DEV is the customer's own record). */
  environmentRecord(id: number): CustomerRecord | undefined {
    return this.envRecords.get(id)
  }

  /** Which customer and environment a workspace id is, when it is one of a provisioned customer's. */
  environmentOf(workspaceId: number): { customerId: number; env: EnvironmentName } | undefined {
    return this.envOwner.get(workspaceId)
  }
}

/** Environment workspaces in the one customer-ref shape (reference §1.3, §5.6): `<id>_dev` / `_test` / `_prod`. */
import { describe, expect, it } from 'vitest'
import { customerRefSchema, customerSegment } from '../../../../shared/domain/customer-ref'

describe('customerSegment with an environment', () => {
  it.each([
    [{ id: 3498583, environment: 'dev' as const }, '3498583_dev'],
    [{ id: 3498583, environment: 'prod' as const }, '3498583_prod'],
    [{ externalId: 'AM10:XV303', environment: 'test' as const }, 'EAM10%3AXV303_test'],
    [{ externalId: 'AM10:XV303' }, 'EAM10%3AXV303'],
    [42, '42'],
  ])('%j → %s', (ref, segment) => {
    expect(customerSegment(ref)).toBe(segment)
  })

  it('refuses an environment the reference does not name, and a bad id, with a message', () => {
    expect(customerRefSchema.safeParse({ id: 1, environment: 'staging' }).success).toBe(false)
    expect(() => customerSegment({ id: 0, environment: 'dev' })).toThrow('Not a customer id: 0')
  })
})

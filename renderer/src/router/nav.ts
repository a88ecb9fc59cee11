/** The side bar's entries, and which one a route lights up. */
export const navItems = [
  { to: '/customers', label: 'Customers', key: 'customers' },
  { to: '/fleet', label: 'Fleet health', key: 'triage' },
  { to: '/onboard', label: 'Onboard customer', key: 'onboard' },
  { to: '/widget', label: 'Widget', key: 'widget' },
  { to: '/fleet/bulk', label: 'Bulk start / stop', key: 'bulk' },
  { to: '/tokens', label: 'Token inspector', key: 'tokens' },
  { to: '/profiles', label: 'Profiles', key: 'profiles' },
  { to: '/audit', label: 'Audit trail', key: 'audit' },
  { to: '/settings', label: 'Settings', key: 'settings' },
] as const

/**
 * A child route (`customer-job`, `widget-history`) lights up its parent's entry. Bulk has an entry of its own, so
 * it must not light up Fleet health although its path sits under /fleet.
 */
export function navKeyFor(routeName: unknown): string {
  const name = String(routeName ?? '').split('-')[0]
  return name === 'customer' ? 'customers' : name
}

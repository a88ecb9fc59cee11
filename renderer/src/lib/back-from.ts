import type { RouteLocationNormalizedLoaded, Router } from 'vue-router'

/**
 * "Back to …" for screens opened from several places (the widget: from a customer's connections, the activation
 * checklist or the runtime users). The opener passes its own path as `?from=`; only paths that resolve to one of
 * these screens are honoured, so a crafted link cannot send the Back link anywhere else.
 */
const backLabels: Record<string, (id: string) => string> = {
  customer: (id) => `customer ${id}`,
  'customer-activate': (id) => `the activation checklist of customer ${id}`,
  'customer-runtime-users': (id) => `the runtime users of customer ${id}`,
}

/** Longest `from` kept: a screen path with its tab and ids, never a long query. */
const MAX_FROM = 300

export interface BackTarget {
  path: string
  label: string
}

/** The value an opener puts in `?from=`: where it is now. */
export function fromHere(route: RouteLocationNormalizedLoaded): string {
  return route.fullPath
}

export function backTarget(router: Router, from: unknown): BackTarget | null {
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.length > MAX_FROM) return null
  const resolved = router.resolve(from)
  const name = typeof resolved.name === 'string' ? resolved.name : ''
  const label = backLabels[name]
  const id = resolved.params.id
  if (!label || typeof id !== 'string') return null
  return { path: resolved.fullPath, label: label(id) }
}

import { useRouter, type RouteLocationRaw } from 'vue-router'
import { describeDeepLink, type DeepLink } from '@shared/deep-link'
import { errorMessage } from '@/lib/errors'
import { useProfilesStore } from '@/stores/profiles'
import { useSearchStore } from '@/stores/search'

/** What became of a link, for the person: where it went, or a sentence saying why it could not go anywhere. */
export type DeepLinkOutcome = { ok: true; to: RouteLocationRaw } | { ok: false; title: string; message: string }

/**
 * Turns an `embedded-console://` link (parsed and allow-listed by main, shared/deep-link.ts) into a screen. Links
 * name a connection or recipe by id alone, but Workato only addresses them under their customer (reference §3.1,
 * §4.2): those go through `search:locate`, the cache first and then each customer in turn, with a Cancel.
 */
export function useDeepLink() {
  const router = useRouter()
  const profiles = useProfilesStore()
  const search = useSearchStore()

  async function profileNamed(name: string): Promise<{ id: string } | DeepLinkOutcome> {
    if (!profiles.loaded) await profiles.load()
    const wanted = name.trim().toLowerCase()
    const found = profiles.profiles.find((p) => p.name.trim().toLowerCase() === wanted)
    if (found) return { id: found.id }
    const names = profiles.profiles.map((p) => `"${p.name}"`).join(', ')
    return {
      ok: false,
      title: 'No such profile',
      message: `The link names profile "${name}", which this console does not have${names ? ` (it has ${names})` : ''}. Add it on the Profiles screen or ask for a link to one of these.`,
    }
  }

  /** The active profile, or the one the link names (made active). */
  async function profileFor(link: DeepLink): Promise<{ id: string } | DeepLinkOutcome> {
    const name = link.kind === 'customer' ? link.profile : link.kind === 'profile' ? link.name : undefined
    if (name !== undefined) {
      const p = await profileNamed(name)
      if ('id' in p && p.id !== profiles.activeId) await profiles.setActive(p.id)
      return p
    }
    if (!profiles.loaded) await profiles.load()
    if (profiles.activeId) return { id: profiles.activeId }
    return { ok: false, title: 'No profile is active', message: 'Pick a profile on the Profiles screen, then open the link again.' }
  }

  async function customerOf(profileId: string, kind: 'connection' | 'recipe', id: number): Promise<number | DeepLinkOutcome> {
    const found = await search.locate(profileId, kind, id)
    if (found.customerId !== null) return found.customerId
    const profile = profiles.profiles.find((p) => p.id === profileId)?.name ?? profileId
    if (found.cancelled)
      return { ok: false, title: 'Look-up cancelled', message: `Stopped looking for ${kind} ${id} after ${found.checked} customers.` }
    return {
      ok: false,
      title: `${kind === 'connection' ? 'Connection' : 'Recipe'} not found`,
      message: `No customer of profile "${profile}" has ${kind} ${id} (asked ${found.checked} customers). It may have been deleted, or it belongs to another profile.`,
    }
  }

  async function resolve(link: DeepLink): Promise<DeepLinkOutcome> {
    const p = await profileFor(link)
    if (!('id' in p)) return p
    switch (link.kind) {
      case 'profile':
        return { ok: true, to: { name: 'customers' } }
      case 'customer':
        return { ok: true, to: { name: 'customer', params: { id: String(link.customerId) } } }
      case 'widget':
        return { ok: true, to: { name: 'widget', query: { attempt: link.attemptId } } }
      case 'connection': {
        const c = await customerOf(p.id, 'connection', link.connectionId)
        return typeof c === 'number'
          ? { ok: true, to: { name: 'customer', params: { id: String(c) }, query: { tab: 'connections', connection: String(link.connectionId) } } }
          : c
      }
      case 'recipe': {
        const c = await customerOf(p.id, 'recipe', link.recipeId)
        return typeof c === 'number'
          ? { ok: true, to: { name: 'customer', params: { id: String(c) }, query: { tab: 'recipes', recipe: String(link.recipeId) } } }
          : c
      }
      case 'job': {
        const c = await customerOf(p.id, 'recipe', link.recipeId)
        if (typeof c !== 'number') return c
        return { ok: true, to: jobRoute(c, link.recipeId, link.jobId) }
      }
    }
  }

  /** Job detail has its own route when this build has it; otherwise the job is picked out in the Jobs tab. */
  function jobRoute(customerId: number, recipeId: number, jobId: string): RouteLocationRaw {
    if (router.hasRoute('customer-job')) {
      return { name: 'customer-job', params: { id: String(customerId), recipeId: String(recipeId), jobId } }
    }
    return { name: 'customer', params: { id: String(customerId) }, query: { tab: 'jobs', recipe: String(recipeId), job: jobId } }
  }

  /** Opens the link's screen; resolves to what happened (the caller tells the person when it did not work). */
  async function open(link: DeepLink): Promise<DeepLinkOutcome> {
    let outcome: DeepLinkOutcome
    try {
      outcome = await resolve(link)
    } catch (e) {
      outcome = { ok: false, title: `Could not open ${describeDeepLink(link)}`, message: errorMessage(e) }
    }
    if (outcome.ok) await router.push(outcome.to)
    return outcome
  }

  return { open, jobRoute }
}

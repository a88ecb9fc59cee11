/**
 * Workato data centers: API base and the web-app origin the widget iframe posts from.
 * Reference §1.1. In the US the API host (www) and the app host (app) differ; elsewhere they are the same.
 * Private deployments (VPW) use a custom base URL, and `emulator` (the local emulator behind the built-in Sandbox
 * profile, electron/emulator) is resolved at run time. Settings before version 3 called it `sandbox`
 * (electron/core/settings/migrations.ts).
 */
import { z } from 'zod'

export const dataCenterIds = ['us', 'eu', 'jp', 'sg', 'au', 'il', 'cn', 'custom', 'emulator'] as const
export const dataCenterIdSchema = z.enum(dataCenterIds)
export type DataCenterId = z.infer<typeof dataCenterIdSchema>

export interface DataCenter {
  id: DataCenterId
  label: string
  /** Origin of the API host; the client appends `/api/...`. Empty for custom/emulator (resolved per profile). */
  apiOrigin: string
  /** Origin the Connection Widget is served from and posts messages from (§8.4). */
  appOrigin: string
}

export const dataCenters: Record<Exclude<DataCenterId, 'custom' | 'emulator'>, DataCenter> = {
  us: { id: 'us', label: 'US', apiOrigin: 'https://www.workato.com', appOrigin: 'https://app.workato.com' },
  eu: { id: 'eu', label: 'EU', apiOrigin: 'https://app.eu.workato.com', appOrigin: 'https://app.eu.workato.com' },
  jp: { id: 'jp', label: 'Japan', apiOrigin: 'https://app.jp.workato.com', appOrigin: 'https://app.jp.workato.com' },
  sg: { id: 'sg', label: 'Singapore', apiOrigin: 'https://app.sg.workato.com', appOrigin: 'https://app.sg.workato.com' },
  au: { id: 'au', label: 'Australia', apiOrigin: 'https://app.au.workato.com', appOrigin: 'https://app.au.workato.com' },
  il: { id: 'il', label: 'Israel', apiOrigin: 'https://app.il.workato.com', appOrigin: 'https://app.il.workato.com' },
  // §1.1: CN API host is listed on the newest Embedded page; its app origin is inferred to be the same host.
  cn: { id: 'cn', label: 'China', apiOrigin: 'https://app.workatoapp.cn', appOrigin: 'https://app.workatoapp.cn' },
}

export const dataCenterLabels: Record<DataCenterId, string> = {
  ...Object.fromEntries(Object.values(dataCenters).map((d) => [d.id, d.label])),
  custom: 'Custom (private deployment)',
  emulator: 'Built-in Sandbox',
} as Record<DataCenterId, string>

/** Resolves the API and app origins for a profile. `customBaseUrl` is required for custom and emulator. */
export function resolveDataCenter(id: DataCenterId, customBaseUrl?: string | null): { apiOrigin: string; appOrigin: string } {
  if (id === 'custom' || id === 'emulator') {
    if (!customBaseUrl) throw new Error(`Data center "${id}" needs a base URL`)
    const origin = new URL(customBaseUrl).origin
    return { apiOrigin: origin, appOrigin: origin }
  }
  const dc = dataCenters[id]
  return { apiOrigin: dc.apiOrigin, appOrigin: dc.appOrigin }
}

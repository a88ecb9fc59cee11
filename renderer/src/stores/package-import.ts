import { defineStore } from 'pinia'
import { ref } from 'vue'
import { importTask } from '@shared/contract/flows'
import type { ImportStatus } from '@shared/domain/flows'
import { MAX_PACKAGE_BYTES } from '@shared/domain/flows'
import { api, onEvent } from '@/bridge'
import { errorData, errorMessage } from '@/lib/errors'
import type { CustomerScope } from './connections'

/** What one step of an import looked like, for the progress timeline. */
export interface ImportStep {
  at: string
  status: string
  note: string
}

/** Reads a chosen file as base64 (data URL minus its prefix), refusing files over the cap before reading them. */
export async function readPackage(file: File): Promise<string> {
  if (file.size > MAX_PACKAGE_BYTES)
    throw new Error(
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the console sends packages of at most ${MAX_PACKAGE_BYTES / 1024 / 1024} MB.`,
    )
  if (file.size === 0) throw new Error(`${file.name} is empty.`)
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new Error(`Could not read ${file.name}.`))
    reader.readAsDataURL(file)
  })
  return url.slice(url.indexOf(',') + 1)
}

const STOPPED = 'Stopped watching. The import keeps running in Workato; check the customer’s recipes later.'

/**
 * Onboarding's package import (reference §5.2). Core uploads the package and watches it (`flows:importWatch`,
 * bounded by `IMPORT_WATCH.maxWaitMs`); each status read arrives as an `importProgress` event that this store
 * turns into a step of the timeline. Stopping asks core to stop watching (`flows:importCancel`); the import keeps
 * running in Workato.
 */
export const usePackageImportStore = defineStore('packageImport', () => {
  const running = ref(false)
  const steps = ref<ImportStep[]>([])
  const result = ref<ImportStatus | null>(null)
  const error = ref<string | null>(null)
  /** The customer the import state above belongs to: a screen shows it only for that customer. */
  const scope = ref<CustomerScope | null>(null)
  /** The package being watched, so Stop can name it. */
  let watching: { profileId: string; packageId: number } | null = null
  /** Stop was pressed before core started watching (during the upload). */
  let stopBeforeWatch = false

  function step(status: string, note: string) {
    steps.value = [...steps.value, { at: new Date().toISOString(), status, note }]
  }

  async function run(
    s: CustomerScope,
    file: File,
    opts: { folder: { id: number } | { create: string }; folderLabel?: string; restartRecipes: boolean },
  ): Promise<ImportStatus | null> {
    running.value = true
    scope.value = { ...s }
    steps.value = []
    result.value = null
    error.value = null
    stopBeforeWatch = false
    let off = () => {}
    try {
      const zipBase64 = await readPackage(file)
      step('uploading', `Uploading ${file.name} (${(file.size / 1024).toFixed(1)} KB)…`)
      const started = await api.flows.importStart({ ...s, fileName: file.name, zipBase64, folder: opts.folder, restartRecipes: opts.restartRecipes })
      step(
        started.package.status,
        `Package ${started.package.id} accepted into ${opts.folderLabel ?? 'folder'} (id ${started.folderId}); Workato imports it in the background.`,
      )
      if (stopBeforeWatch) {
        step('stopped', STOPPED)
        return null
      }
      const task = importTask(s.profileId, started.package.id)
      off = onEvent('importProgress', (p) => {
        if (p.task !== task || p.status.finished) return
        step(p.status.package.status, `Status read ${p.poll}: ${p.status.package.status.replace('_', ' ')}`)
      })
      watching = { profileId: s.profileId, packageId: started.package.id }
      const st = await api.flows.importWatch({ ...s, packageId: started.package.id })
      step(
        st.package.status,
        st.package.status === 'completed'
          ? `Completed: ${st.recipes.length} recipe${st.recipes.length === 1 ? '' : 's'} imported.`
          : `Failed: ${st.package.error ?? 'no reason given'}`,
      )
      result.value = st
      return st
    } catch (e) {
      if (errorData(e)?.code === 'cancelled') step('stopped', STOPPED)
      else error.value = errorMessage(e)
      return null
    } finally {
      off()
      watching = null
      running.value = false
    }
  }

  /** Stops watching (the running `run` then ends with a "stopped" step); Workato goes on importing. */
  async function cancel() {
    if (watching) await api.flows.importCancel({ ...watching })
    else if (running.value) stopBeforeWatch = true
  }

  /** Whether the import state (running or finished) is the one of this customer. */
  function isFor(s: CustomerScope | null): boolean {
    return !!s && scope.value?.profileId === s.profileId && scope.value.customerId === s.customerId
  }

  /**
   * Forgets a finished import (the wizard starts over, or moves to another customer). A running one is kept, so
   * it can still be stopped; screens hide it under any other customer via `isFor`.
   */
  function reset() {
    if (running.value) return
    scope.value = null
    steps.value = []
    result.value = null
    error.value = null
  }

  /** The emulator's sample package as a file to import (sandbox profiles only; core refuses the others). */
  async function samplePackage(profileId: string): Promise<{ file: File; description: string }> {
    const sample = await api.flows.samplePackage({ profileId })
    const bytes = Uint8Array.from(atob(sample.zipBase64), (ch) => ch.charCodeAt(0))
    return { file: new File([bytes], sample.fileName, { type: 'application/zip' }), description: sample.description }
  }

  return { running, steps, result, error, scope, isFor, run, cancel, reset, samplePackage }
})

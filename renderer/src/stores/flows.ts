import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Checklist, ImportStatus, ParentMode, RuntimeUserGroup, RuntimeUserOutcome } from '@shared/domain/flows'
import { MAX_PACKAGE_BYTES } from '@shared/domain/flows'
import type { RecipeStartResult } from '@shared/domain/workato'
import { api, errorMessage } from '@/bridge'
import type { CustomerScope } from './connections'

/** What one step of an import looked like, for the progress timeline. */
export interface ImportStep {
  at: string
  status: string
  note: string
}

/**
 * The customer flows (issue 7): the package import of onboarding, the activation checklist, and the runtime-user
 * decision. The last outcome is kept here so that coming back from the widget shows it again, ready to verify.
 */
export const useFlowsStore = defineStore('flows', () => {
  // ------------------------------------------------------------ import (reference §5.2)
  const pkgRunning = ref(false)
  const pkgSteps = ref<ImportStep[]>([])
  const pkgResult = ref<ImportStatus | null>(null)
  const pkgError = ref<string | null>(null)
  /** The customer the import state above belongs to: a screen shows it only for that customer. */
  const pkgScope = ref<CustomerScope | null>(null)
  let pkgCancelled = false

  /** Reads a chosen file as base64 (data URL minus its prefix), refusing files over the cap before reading them. */
  async function readPackage(file: File): Promise<string> {
    if (file.size > MAX_PACKAGE_BYTES)
      throw new Error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the console sends packages of at most ${MAX_PACKAGE_BYTES / 1024 / 1024} MB.`)
    if (file.size === 0) throw new Error(`${file.name} is empty.`)
    const url = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.onerror = () => reject(new Error(`Could not read ${file.name}.`))
      reader.readAsDataURL(file)
    })
    return url.slice(url.indexOf(',') + 1)
  }

  function step(status: string, note: string) {
    pkgSteps.value = [...pkgSteps.value, { at: new Date().toISOString(), status, note }]
  }

  async function runPackageImport(
    s: CustomerScope,
    file: File,
    opts: { folder: { id: number } | { create: string }; folderLabel?: string; restartRecipes: boolean; intervalMs?: number },
  ): Promise<ImportStatus | null> {
    pkgRunning.value = true
    pkgCancelled = false
    pkgScope.value = { ...s }
    pkgSteps.value = []
    pkgResult.value = null
    pkgError.value = null
    try {
      const zipBase64 = await readPackage(file)
      step('uploading', `Uploading ${file.name} (${(file.size / 1024).toFixed(1)} KB)…`)
      const started = await api.flows.importStart({ ...s, fileName: file.name, zipBase64, folder: opts.folder, restartRecipes: opts.restartRecipes })
      step(started.package.status, `Package ${started.package.id} accepted into ${opts.folderLabel ?? 'folder'} (id ${started.folderId}); Workato imports it in the background.`)
      for (let poll = 1; ; poll++) {
        await new Promise((r) => setTimeout(r, opts.intervalMs ?? 800))
        if (pkgCancelled) {
          step('stopped', 'Stopped watching. The import keeps running in Workato; check the customer’s recipes later.')
          return null
        }
        const st = await api.flows.importStatus({ ...s, packageId: started.package.id })
        if (!st.finished) {
          step(st.package.status, `Status read ${poll}: ${st.package.status.replace('_', ' ')}`)
          continue
        }
        step(st.package.status, st.package.status === 'completed' ? `Completed: ${st.recipes.length} recipe${st.recipes.length === 1 ? '' : 's'} imported.` : `Failed: ${st.package.error ?? 'no reason given'}`)
        pkgResult.value = st
        return st
      }
    } catch (e) {
      pkgError.value = errorMessage(e)
      return null
    } finally {
      pkgRunning.value = false
    }
  }

  function cancelPackageImport() {
    pkgCancelled = true
  }

  /** Whether the import state (running or finished) is the one of this customer. */
  function pkgIsFor(s: CustomerScope | null): boolean {
    return !!s && pkgScope.value?.profileId === s.profileId && pkgScope.value.customerId === s.customerId
  }

  /**
   * Forgets a finished import (the wizard starts over, or moves to another customer). A running one is kept, so
   * it can still be stopped; screens hide it under any other customer via `pkgIsFor`.
   */
  function resetPackageImport() {
    if (pkgRunning.value) return
    pkgScope.value = null
    pkgSteps.value = []
    pkgResult.value = null
    pkgError.value = null
  }

  // ------------------------------------------------------------ activation checklist
  const checklist = ref<Checklist | null>(null)
  const checklistScope = ref<CustomerScope | null>(null)
  const checklistLoading = ref(false)
  const checklistError = ref<string | null>(null)
  /** Recipe id → the problems of its last refused start (§4.4 config errors in words). */
  const startProblems = ref<Record<number, string[]>>({})

  async function loadChecklist(s: CustomerScope) {
    if (checklistScope.value?.customerId !== s.customerId || checklistScope.value.profileId !== s.profileId) {
      checklist.value = null
      startProblems.value = {}
    }
    checklistScope.value = { ...s }
    checklistLoading.value = true
    checklistError.value = null
    try {
      checklist.value = await api.flows.checklist({ ...s })
    } catch (e) {
      checklistError.value = errorMessage(e)
    } finally {
      checklistLoading.value = false
    }
  }

  async function bind(s: CustomerScope, recipeId: number, adapterName: string, choice: { connectionId: number } | { createShell: { name: string } }) {
    const res = await api.flows.bindSlot({ ...s, recipeId, adapterName, choice })
    // The last refusal described the old slots: start again to hear what is still missing.
    const next = { ...startProblems.value }
    delete next[recipeId]
    startProblems.value = next
    await loadChecklist(s)
    return res
  }

  async function start(s: CustomerScope, recipeId: number): Promise<RecipeStartResult> {
    const res = await api.recipes.start({ ...s, recipeId })
    // Re-check first: loading another customer's checklist resets the problems, and these belong to this one.
    await loadChecklist(s)
    const next = { ...startProblems.value }
    if (res.success) delete next[recipeId]
    else next[recipeId] = res.problems.length ? res.problems : ['Workato refused to start the recipe and gave no reason.']
    startProblems.value = next
    return res
  }

  // ------------------------------------------------------------ runtime users (§9)
  const outcome = ref<RuntimeUserOutcome | null>(null)
  const outcomeRequest = ref<{ scope: CustomerScope; recipeId: number; endUserId: string; adapterName?: string; parent: ParentMode } | null>(null)
  const verifying = ref(false)
  const verified = ref<{ authorised: boolean; status: string | null; error: string | null; at: string } | null>(null)
  const groups = ref<RuntimeUserGroup[]>([])
  const groupsLoading = ref(false)
  const groupsError = ref<string | null>(null)

  async function resolveRuntimeUser(req: { scope: CustomerScope; recipeId: number; endUserId: string; adapterName?: string; parent: ParentMode }) {
    verified.value = null
    outcome.value = null
    outcomeRequest.value = req
    outcome.value = await api.flows.runtimeUser({ ...req.scope, recipeId: req.recipeId, endUserId: req.endUserId, adapterName: req.adapterName, parent: req.parent })
    return outcome.value
  }

  /** The last step: re-read the end user's connection from the API, never trusting the widget's word alone. */
  async function verify() {
    const o = outcome.value
    const r = outcomeRequest.value
    if (!o || !r || !('connection' in o)) return null
    verifying.value = true
    try {
      const c = await api.connections.get({ ...r.scope, connectionId: o.connection.id })
      verified.value = { authorised: c.authorization_status === 'success', status: c.authorization_status ?? null, error: c.authorization_error ?? null, at: new Date().toISOString() }
      return verified.value
    } finally {
      verifying.value = false
    }
  }

  function clearOutcome() {
    outcome.value = null
    outcomeRequest.value = null
    verified.value = null
  }

  async function loadGroups(s: CustomerScope) {
    groupsLoading.value = true
    groupsError.value = null
    try {
      groups.value = await api.flows.runtimeUsers({ ...s })
    } catch (e) {
      groupsError.value = errorMessage(e)
    } finally {
      groupsLoading.value = false
    }
  }

  return {
    pkgRunning,
    pkgSteps,
    pkgResult,
    pkgError,
    pkgScope,
    pkgIsFor,
    runPackageImport,
    cancelPackageImport,
    resetPackageImport,
    readPackage,
    checklist,
    checklistScope,
    checklistLoading,
    checklistError,
    startProblems,
    loadChecklist,
    bind,
    start,
    outcome,
    outcomeRequest,
    verifying,
    verified,
    resolveRuntimeUser,
    verify,
    clearOutcome,
    groups,
    groupsLoading,
    groupsError,
    loadGroups,
  }
})

/** `app:*` operations: what the UI needs to know about the running app itself. */
import { appError } from '../../shared/errors'
import type { AppInfo, Notice } from '../../shared/contract/app'
import type { DomainHandlers } from './rpc/types'

export interface NoticeBoard {
  list(): Notice[]
  dismiss(id: string): void
}

export function appHandlers(deps: {
  info: Omit<AppInfo, 'platform'>
  notices: NoticeBoard
  openExternal: (url: string) => Promise<void>
}): DomainHandlers<'app'> {
  return {
    'app:info': async () => ({ ...deps.info, platform: process.platform }),
    'app:notices': async () => deps.notices.list(),
    'app:dismissNotice': async ({ id }) => {
      deps.notices.dismiss(id)
      return { ok: true }
    },
    'app:openExternal': async ({ url }) => {
      if (new URL(url).protocol !== 'https:') throw appError('validation', 'Only https:// links can be opened in the system browser.')
      await deps.openExternal(url)
      return { ok: true }
    },
  }
}

/** Things the user must be told once (a corrupted settings file moved aside, a keychain problem at start). */
import { randomUUID } from 'node:crypto'
import type { Notice } from '../../shared/contract/app'
import type { NoticeBoard } from './app-handlers'
import type { EventSink } from './rpc/handlers'

export function createNoticeBoard(events?: EventSink): NoticeBoard & { add(n: Omit<Notice, 'id' | 'at'> & Partial<Pick<Notice, 'id' | 'at'>>): Notice } {
  const notices = new Map<string, Notice>()
  return {
    list: () => [...notices.values()],
    dismiss: (id) => void notices.delete(id),
    add(n) {
      const notice: Notice = { id: n.id ?? randomUUID(), at: n.at ?? new Date().toISOString(), level: n.level, title: n.title, message: n.message }
      notices.set(notice.id, notice)
      events?.emit('notice', notice)
      return notice
    },
  }
}

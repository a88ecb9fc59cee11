/**
 * The one place IPC handlers are registered. Every call first proves its sender is the main frame of a window
 * we created, showing our own UI (GitHub Desktop's trusted-ipc-sender habit); only then is the payload
 * validated and the core handler run (core/rpc/dispatch).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { operations, EVENT_CHANNEL_PREFIX, type EventName, type EventPayload } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { dispatch } from '../core/rpc/dispatch'
import type { Handlers } from '../core/rpc/types'
import { isAppUrl } from './app-url'

export interface TrustedSenders {
  /** ids of the webContents of windows we created for our UI */
  has(webContentsId: number): boolean
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, trusted: TrustedSenders): boolean {
  const frame = event.senderFrame
  if (!frame) return false // the frame navigated away or was destroyed
  if (!trusted.has(event.sender.id)) return false
  if (frame !== event.sender.mainFrame) return false // no iframes, whatever their origin
  return isAppUrl(frame.url)
}

export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  trusted: TrustedSenders,
  knownSecrets: () => readonly string[] = () => [],
): () => void {
  const channels = Object.keys(operations)
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, trusted)) {
        return { ok: false, error: { code: 'forbidden_sender', message: 'This frame is not allowed to use the console API.' } }
      }
      const controller = new AbortController()
      const onGone = () => controller.abort()
      event.sender.once('destroyed', onGone)
      try {
        return await dispatch(handlers, channel, payload, { signal: controller.signal, caller: rendererOwnerId(event.sender.id) }, knownSecrets)
      } finally {
        event.sender.removeListener('destroyed', onGone)
      }
    })
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c))
}

/** The owner id core records on what a renderer opens (widget attempts), so main can close them when it goes. */
export const rendererOwnerId = (webContentsId: number): string => `webContents:${webContentsId}`

/** Sends a typed event to each trusted window. */
export function sendEvent<E extends EventName>(targets: Iterable<WebContents>, event: E, payload: EventPayload<E>): void {
  for (const wc of targets) {
    if (!wc.isDestroyed()) wc.send(EVENT_CHANNEL_PREFIX + event, payload)
  }
}

/**
 * The app window's preload. It exposes exactly one object, `window.embeddedConsole`: one function per contract
 * operation grouped by domain, plus `on(event, listener)`. Never `ipcRenderer` itself (VS Code's habit), so a
 * compromised renderer can only make the calls the contract names, each validated again in main.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { BRIDGE_GLOBAL, createApi, EVENT_CHANNEL_PREFIX, isEventName, type Bridge } from '../../shared/contract'
import type { Result } from '../../shared/errors'

const api = createApi((channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<Result<unknown>>)

const bridge: Bridge = {
  api,
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`)
    const channel = EVENT_CHANNEL_PREFIX + event
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)

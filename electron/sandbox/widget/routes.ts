import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SandboxState } from '../state'

export interface WidgetDeps {
  state: SandboxState
  baseUrl: () => string
}

export function createWidgetHandler(_deps: WidgetDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  return async (_req, res) => {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    res.end('Not found')
  }
}

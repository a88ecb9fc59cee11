/// <reference types="vite/client" />
import type { Bridge } from '@shared/contract'

declare global {
  interface Window {
    embeddedConsole?: Bridge
    /** Set by the browser test harness (test/harness), never in the app. */
    __EC_HARNESS__?: { rpcBase: string }
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
export {}

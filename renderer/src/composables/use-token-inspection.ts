import type { TokenView } from '@shared/contract/widget'
import { api } from '@/bridge'
import { useAsyncState } from './use-async-state'

/**
 * The token inspector's reads: a pasted token checked by core (`tokens:inspect`; the latest text's answer wins,
 * an answer for text since edited is dropped) and a widget attempt's token, decoded by main.
 */
export function useTokenInspection() {
  const pasted = useAsyncState((q: { profileId: string; token: string }) => api.tokens.inspect(q))

  function attemptToken(attemptId: string): Promise<TokenView> {
    return api.widget.token({ attemptId })
  }

  return { pasted, attemptToken }
}

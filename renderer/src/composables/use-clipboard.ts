import { useMessage } from 'naive-ui'

/** Copies text and says what was copied, so nobody has to paste to check. */
export function useCopy() {
  const message = useMessage()
  return async function copy(text: string, what: string) {
    try {
      await navigator.clipboard.writeText(text)
      message.success(`Copied ${what}`)
    } catch {
      message.error(`Could not copy ${what}: the clipboard is not available. Select the text and copy it by hand.`)
    }
  }
}

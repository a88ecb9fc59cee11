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

/**
 * Copies one thing in two forms: `text/plain` for plain fields (email, chat) and `text/html` for rich editors
 * (most ticket tools paste HTML when it is there). Falls back to the plain form alone where the clipboard takes
 * only text.
 */
export function useCopyRich() {
  const message = useMessage()
  return async function copyRich(plain: string, html: string, what: string) {
    try {
      if (typeof ClipboardItem !== 'undefined' && typeof navigator.clipboard.write === 'function') {
        try {
          await navigator.clipboard.write([
            new ClipboardItem({
              'text/plain': new Blob([plain], { type: 'text/plain' }),
              'text/html': new Blob([html], { type: 'text/html' }),
            }),
          ])
          message.success(`Copied ${what}`)
          return
        } catch {
          // Some clipboards refuse HTML; the plain form below still gets the facts across.
        }
      }
      await navigator.clipboard.writeText(plain)
      message.success(`Copied ${what}`)
    } catch {
      message.error(`Could not copy ${what}: the clipboard is not available. Select the text and copy it by hand.`)
    }
  }
}

/** §8.4: the widget's scripts post only to the configured allowlisted origin (or, for the popup, the sandbox's own). */
import { describe, expect, it } from 'vitest'
import { connectionPageScript, consentPageScript, errorPageScript } from '../../../../electron/emulator/widget/scripts'
import { jsonForScript } from '../../../../electron/emulator/widget/html'

function targets(script: string): string[] {
  return [...script.matchAll(/postMessage\(([^;]*)\);/g)].map((m) => (m[1] ?? '').split(',').pop()?.trim() ?? '')
}

describe('widget scripts', () => {
  it('never post to "*"', () => {
    for (const s of [connectionPageScript, consentPageScript, errorPageScript]) expect(s).not.toMatch(/postMessage\([^)]*['"]\*['"]/)
  })

  it('the widget posts to the parent only with the configured target, skipping when there is none', () => {
    expect(targets(connectionPageScript)).toEqual(['target'])
    expect(targets(errorPageScript)).toEqual(['target'])
    expect(connectionPageScript).toContain('if (!target || window.parent === window) return;')
    expect(connectionPageScript).toContain('window.parent.postMessage(JSON.stringify(msg), target)')
  })

  it('the consent popup tells only its same-origin opener', () => {
    expect(targets(consentPageScript)).toEqual(['location.origin'])
  })

  it('page config JSON cannot break out of its script element', () => {
    const json = jsonForScript({ name: '</script><script>alert(1)</script>&' })
    expect(json).not.toContain('</script>')
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>&' })
  })
})

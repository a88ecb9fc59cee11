import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { WidgetLogEntry } from '@shared/contract/widget'
import MessageInspector from '@/components/widget/MessageInspector.vue'
import { parsedRaw, summarize } from '@/components/widget/summary'

const entry = (seq: number, raw: string, over: Partial<WidgetLogEntry> = {}): WidgetLogEntry => ({
  seq,
  at: 1_700_000_000_000 + seq,
  direction: 'in',
  origin: 'https://app.workato.com',
  type: 'error',
  accepted: true,
  reason: null,
  detail: null,
  size: raw.length,
  raw,
  ...over,
})
// A line as an older build (or a hostile renderer) could have stored it: 20,000 levels of JSON in the raw text.
const deep = entry(0, `{"wk":true,"type":"error","payload":{"message":"x","details":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}}`, {
  accepted: false,
  reason: 'not_workato',
})
const good = entry(1, JSON.stringify({ wk: true, type: 'error', payload: { message: 'boom', details: { reason: 'sub_missing' } } }))

describe('message inspector', () => {
  it('shows a line nested 20,000 deep as raw text, not as a JSON tree, and keeps working', async () => {
    expect(parsedRaw(deep)).toBeUndefined()
    expect(summarize(deep).length).toBeLessThanOrEqual(200)
    const w = mount(MessageInspector, { props: { entries: [deep, good], paused: false } })
    const list = w.find('[data-testid="inspector-list"]')
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(w.find('[data-testid="inspector-detail"]').text()).toContain('Not JSON; see the raw text.')
    await list.trigger('keydown', { key: 'ArrowDown' })
    const detail = w.find('[data-testid="inspector-detail"]').text()
    expect(detail).toContain('#1 error')
    expect(detail).toContain('sub_missing')
    expect(detail).not.toContain('Not JSON')
  })

  it('says how many messages wait to be recorded, were not recorded, and why saving fails', () => {
    const w = mount(MessageInspector, {
      props: {
        entries: [good],
        paused: false,
        unsent: 600,
        unsentDropped: 12,
        refusedAfterClose: 3,
        recordError: 'Could not record widget messages: core unreachable. Retrying in 2 s; 600 waiting.',
      },
    })
    const counts = w.find('[data-testid="inspector-counts"]').text()
    expect(counts).toContain('600 waiting to be recorded')
    expect(counts).toContain('12 not recorded (the console could not save them)')
    expect(counts).toContain('3 arrived after close, not recorded')
    expect(w.find('[data-testid="inspector-record-error"]').text()).toContain('Retrying in 2 s')
  })
})

/**
 * The kill-during-save loop's child: saves the settings as fast as it can and prints each save's number once
 * `update` has returned (a confirmed save). The parent SIGKILLs it mid-stream and checks the file.
 *   tsx test/resilience/save-child.ts <dir> <round>
 */
import { openSettings } from '../../electron/core/settings'

const [dir, round] = process.argv.slice(2)
if (!dir || round === undefined) throw new Error('usage: save-child.ts <dir> <round>')
const settings = openSettings({ dir })
const origins = Array.from({ length: 20 }, (_, i) => `https://app${i}.acme.example`)
for (let n = 0; ; n++) {
  settings.update((d) => {
    d.activeProfileId = 'p-1'
    d.profiles = [
      {
        id: 'p-1',
        name: `save ${round}-${n}`,
        dataCenter: 'eu',
        customBaseUrl: null,
        vendorId: `v-${n}`,
        originUrls: origins,
        environment: 'test',
        builtIn: false,
        keySource: null,
        registeredKeyFingerprint: null,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: new Date().toISOString(),
      },
    ]
  })
  process.stdout.write(`${n}\n`)
}

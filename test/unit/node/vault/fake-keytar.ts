import type { KeytarLike } from '../../../../electron/core/vault'

/** A keytar stand-in that records every write, and can be told to fail like a real OS keychain does. */
export function fakeKeytar(opts: { failWith?: string; failOnWrite?: number } = {}) {
  const store = new Map<string, string>()
  const writes: Array<{ account: string; bytes: number }> = []
  let writeCount = 0
  const maybeFail = () => {
    if (opts.failWith) throw new Error(opts.failWith)
  }
  const k: KeytarLike = {
    async getPassword(service, account) {
      maybeFail()
      return store.get(`${service}\u0000${account}`) ?? null
    },
    async setPassword(service, account, password) {
      maybeFail()
      writeCount++
      if (opts.failOnWrite !== undefined && writeCount === opts.failOnWrite) throw new Error('simulated write failure')
      writes.push({ account, bytes: Buffer.byteLength(password, 'utf8') })
      store.set(`${service}\u0000${account}`, password)
    },
    async deletePassword(service, account) {
      maybeFail()
      return store.delete(`${service}\u0000${account}`)
    },
    async findCredentials(service) {
      maybeFail()
      return [...store.entries()]
        .filter(([key]) => key.startsWith(`${service}\u0000`))
        .map(([key, password]) => ({ account: key.slice(service.length + 1), password }))
    },
  }
  return { keytar: k, store, writes }
}

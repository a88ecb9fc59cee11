/** Origins compare as scheme://host[:port], without a trailing slash or path. */
export function normalizeOrigin(origin: string): string {
  return URL.canParse(origin) ? new URL(origin).origin : origin.replace(/\/+$/, '')
}

/**
 * The documented maxima of everything that crosses the contract (issue 11: bounded by design). Every request
 * schema in `shared/contract/*.ts` takes its bounds from here, so a value past one of them is refused by
 * `dispatch` with a `validation` error before any handler runs. The widget message relay (`widget:record`) has
 * its own bounds in `shared/widget-relay.ts` and `shared/contract/widget.ts`.
 *
 * | Input                                   | Maximum                                    | Why                                                    |
 * |-----------------------------------------|--------------------------------------------|--------------------------------------------------------|
 * | any id (customer, connection, recipe…)  | positive safe integer (1 … 2^53−1)         | Workato ids are integers (reference §2.4, §3.3, §4.3)  |
 * | profile id                              | 1–64 of `a-z 0-9 -`                        | uuids and `sandbox`                                    |
 * | widget attempt id                       | 8–64 of `a-z 0-9 -`                        | uuids                                                  |
 * | URL (base URL, origin, link)            | 2,048 characters, no user name/password    | the common browser/server limit; credentials are secrets |
 * | origins per profile                     | 20, no duplicates                          | a profile has a handful of hosts (reference §5.4)      |
 * | profile / customer / folder name        | 80 / 255 / 100 characters, no control chars| shown in one table cell                                |
 * | connection name                         | 200 characters, no control characters      |                                                        |
 * | external id (customer, connection, user)| 255 characters, no control characters      | addressed as `E` + percent-encoded (reference §1.3)    |
 * | email                                   | 254 characters                             | RFC 5321 path limit                                    |
 * | short codes (plan, time zone, provider, | 128 characters                             |                                                        |
 * |   vendor id, adapter, stop cause, job)  |                                            |                                                        |
 * | API token                               | 4,096 characters                           | Workato tokens are ~70 characters                      |
 * | private key PEM / passphrase            | 64 KiB / 1,024 characters                  | an RSA 16384 PEM is ~13 KiB                            |
 * | pasted JWT                              | 16 KiB                                     |                                                        |
 * | connection `input` record               | 100 keys, 16 KiB as JSON, depth 8          | connector fields are a flat form                       |
 * | connection filter values                | 255 characters                             |                                                        |
 * | recipe package                          | MAX_PACKAGE_BYTES (shared/domain/flows.ts)  |                                                        |
 * | notice id                               | 128 characters                             |                                                        |
 * | widget:messages limit                   | 1 … 100,000                                | the per-attempt log size                               |
 * | members read per customer (members:list)| 2,000 (20 pages of 100)                    | a picker, not an export; the rest is flagged truncated |
 * | widget member id (widget:open)          | positive safe integer                      | a member id (reference §2.7)                           |
 */
export const LIMITS = {
  url: 2048,
  originsPerProfile: 20,
  profileName: 80,
  customerName: 255,
  folderName: 100,
  connectionName: 200,
  externalId: 255,
  email: 254,
  shortText: 128,
  apiToken: 4096,
  pem: 64 * 1024,
  passphrase: 1024,
  jwt: 16 * 1024,
  connectionInputKeys: 100,
  connectionInputBytes: 16 * 1024,
  connectionInputDepth: 8,
  filterValue: 255,
  noticeId: 128,
  fileName: 255,
  // members and environments (t4)
  membersListed: 2000,
} as const

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

/**
 * Global search and deep-link look-ups (shared/contract/search.ts): a query is an id, an external id or a fragment
 * of an error sentence, so 200 characters is plenty; a result list is read by a person, so at most 200 come back
 * (50 unless asked), grouped by kind on screen.
 */
export const SEARCH_LIMITS = {
  query: 200,
  results: 200,
  defaultResults: 50,
} as const

/** Audit trail and settings screens (issue 14, items 2 and 8). */
export const AUDIT_LIMITS = {
  /** Free-text search over the trail. */
  search: 200,
  /** Action / outcome filter values picked at once. */
  filterValues: 50,
  /** Rows one `audit:list` returns (newest first); the screen says when more matched. */
  rows: 20_000,
  /** A path handed to "show in folder" (core only shows paths inside its own folders). */
  path: 4096,
} as const

/**
 * Fleet health (shared/contract/fleet.ts): a CSV export names at most one key per problem of a 10,000-customer
 * fleet with room to spare; a key is `<kind>:<customerId>:<targetId>`.
 */
export const FLEET_LIMITS = {
  exportKeys: 200_000,
  problemKey: 128,
} as const

/**
 * Sandbox scenario switches (shared/domain/sandbox-scenarios.ts): the largest number of failed jobs one switch
 * adds (enough to trip any threshold, small enough to stay instant), the longest reason text, the longest origin.
 */
export const SANDBOX_LIMITS = {
  failedJobsPerSwitch: 1000,
  reason: 300,
  origin: LIMITS.url,
} as const

/**
 * Issue 13 (directory streaming, rate-limit budget). `budget:get` takes only a profile id (bounded above). The
 * `directoryPage` event carries at most this many customers per page: Workato's page is at most 100 (§2.5), so a
 * larger one is refused rather than trusted.
 */
export const FLEET_DIRECTORY_LIMITS = {
  directoryPageItems: 1000,
} as const

/**
 * Bulk recipe start/stop (`shared/contract/bulk.ts`, issue 13 item 5).
 *
 * | Input                         | Maximum | Why                                                                      |
 * |-------------------------------|---------|--------------------------------------------------------------------------|
 * | targets handed over           | 5,000   | 10 minutes of starts at half the 1,000/min recipes limit (reference §6.2) |
 * | customers read for a dry run  | 2,000   | two list calls each: about 4 minutes at half the list limits              |
 * | customer / recipe search text | 255     | one search box                                                            |
 * | confirmed count               | 5,000   | the number of targets                                                     |
 */
export const BULK_LIMITS = {
  targets: 5000,
  planCustomers: 2000,
  query: 255,
} as const

/**
 * Jobs (issue 14, reference §4.6). | Input | Maximum | Why |
 * - job id: 64 of `A-Z a-z 0-9 _ -` (Workato's are `j-` + two short tokens; the deep-link form uses the same rule);
 * - jobs in one `jobs:rerun` call: 100, sent as requests of at most 25 ids paced at one a second (§4.6), so a
 *   call ends within a few seconds and says so before it starts;
 * - failed jobs per `jobs:failed` page: 1 … 100 (default 50), and at most 2,000 recipes in its cursor.
 */
export const JOB_LIMITS = {
  jobId: 64,
  rerunJobs: 100,
  repeatPerRequest: 25,
  failedPage: 100,
  failedPageDefault: 50,
  failedCursorRecipes: 2000,
} as const

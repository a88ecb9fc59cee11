/**
 * What the emulator stores. The public fields mirror the API objects (reference §2.4, §3.3, §4.3, §4.6, §5.1);
 * anything only the emulator needs (stored credentials, tags) sits beside them and is stripped by the serialisers
 * in routes/. Records are mutable: the store owns them and routes change them in place.
 */

export interface CustomerRecord {
  id: number
  external_id: string | null
  name: string
  notification_email: string
  error_notification_emails: string | null
  admin_notification_emails: string | null
  plan_id: string
  in_trial: boolean
  trial: boolean
  origin_url: string | null
  frame_ancestors: string | null
  whitelisted_apps: string[]
  time_zone: string
  task_limit: number
  task_count: number
  created_at: string
  updated_at: string
}

export interface ConnectionRecord {
  id: number
  name: string
  provider: string
  description: string | null
  authorized_at: string | null
  authorization_status: string | null
  authorization_error: string | null
  created_at: string
  updated_at: string
  external_id: string | null
  folder_id: number
  parent_id: number | null
  connection_lost_at: string | null
  connection_lost_reason: string | null
  /** Not serialised unless `includes[]=tags` (§3.2). */
  tags: string[]
  /** Stored connection input (credentials). Never returned by the API, like Workato. */
  input: Record<string, unknown>
  /** Runtime user connections (§9) are hidden from lists unless asked for. */
  runtime: boolean
}

/** A connection as created by the API or an import: not yet authorised (a "shell", §3.4), no tags. */
export function newConnection(
  f: Pick<ConnectionRecord, 'id' | 'name' | 'provider' | 'folder_id'> &
    Partial<Pick<ConnectionRecord, 'external_id' | 'parent_id' | 'input' | 'runtime'>>,
): ConnectionRecord {
  const now = new Date().toISOString()
  return {
    description: null,
    authorized_at: null,
    authorization_status: null,
    authorization_error: null,
    created_at: now,
    updated_at: now,
    external_id: null,
    parent_id: null,
    connection_lost_at: null,
    connection_lost_reason: null,
    tags: [],
    input: {},
    runtime: false,
    ...f,
  }
}

export interface RecipeSlot {
  keyword: 'application'
  name: string
  provider: string
  skip_validation: boolean
  account_id: number | null
}

export interface RecipeRecord {
  id: number
  user_id: number
  name: string
  description: string
  created_at: string
  updated_at: string
  last_run_at: string | null
  stopped_at: string | null
  copy_count: number
  version_no: number
  trigger_application: string
  action_applications: string[]
  applications: string[]
  folder_id: number
  running: boolean
  job_succeeded_count: number
  job_failed_count: number
  lifetime_task_count: number
  webhook_url: string | null
  stop_cause: string | null
  config: RecipeSlot[]
  code: string
}

export interface JobErrorParts {
  adapter: string
  error_type: string
  message: string
  error_id: string
  error_at: string
  input: Record<string, unknown>
  inner_message: string | null
}

export interface JobRecord {
  id: string
  flow_run_id: number
  title: string
  started_at: string
  completed_at: string | null
  is_error: boolean
  is_poll_error: boolean
  error: string | null
  error_parts: JobErrorParts | null
  status: 'succeeded' | 'failed' | 'pending'
  is_repeat: boolean
}

export interface FolderRecord {
  id: number
  name: string
  parent_id: number | null
  created_at: string
  updated_at: string
}

/** Everything inside one customer workspace, generated on first touch (seed.ts). */
export interface Workspace {
  customerId: number
  homeFolderId: number
  folders: Map<number, FolderRecord>
  connections: Map<number, ConnectionRecord>
  recipes: Map<number, RecipeRecord>
  /** Jobs per recipe, generated on first read, newest first. */
  jobs: Map<number, JobRecord[]>
}

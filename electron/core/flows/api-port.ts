/**
 * The slice of the Embedded API client the flows use. Flows take this instead of the class so unit tests can
 * hand them a small fake per branch; the real `EmbeddedApiClient` satisfies it as is.
 */
import type { EmbeddedApiClient } from '../workato/client'

export type FlowApi = Pick<
  EmbeddedApiClient,
  | 'getRecipe'
  | 'listAllRecipes'
  | 'listConnections'
  | 'getConnection'
  | 'createConnection'
  | 'connectRecipe'
  | 'importPackage'
  | 'getImport'
  | 'createFolder'
  | 'listAllFolders'
>

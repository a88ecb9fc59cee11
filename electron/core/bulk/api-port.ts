/**
 * The slice of the Embedded API client a bulk action uses, so tests hand the planner and the runner a small fake;
 * the real `EmbeddedApiClient` satisfies it as is.
 */
import type { EmbeddedApiClient } from '../workato/client'

export type BulkApi = Pick<EmbeddedApiClient, 'listAllRecipes' | 'listConnections' | 'getRecipe' | 'startRecipe' | 'stopRecipe'>

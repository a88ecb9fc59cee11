export { createSearchService, MAX_INDEXED_JOBS, type SearchService } from './search-service'
export { searchHandlers } from './handlers'

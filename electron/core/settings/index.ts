export { openSettings, type OpenSettingsOptions, type Settings, type SettingsStore, type StoreOptions } from './settings'
export { SETTINGS_VERSION, settingsSchema, storedProfileSchema, emptySettings, type SettingsData, type StoredProfile } from './schema'
export { migrate, migrations } from './migrations'

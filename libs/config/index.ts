export { loadConfig, loadDatabaseUrl, loadAppDatabaseUrl, loadAuditSettings, ConfigError, configSchema } from './config';
export type { AppConfig } from './config';
export { parseSafetyContacts } from './safety-contacts';

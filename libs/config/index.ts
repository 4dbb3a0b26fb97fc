export { loadConfig, loadDatabaseUrl, ConfigError, configSchema } from './config';
export type { AppConfig } from './config';

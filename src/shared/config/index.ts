export { loadConfig, readEnvironment, ConfigError, type Config, type Env } from './config';

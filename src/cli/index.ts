// The `quiver` command line.
export { main, run } from './main.js';
export { runServe, type CliIo } from './serve.js';
export { resolveConfig, helpText, ConfigError, OPTIONS, type ServeConfig, type ResolvedConfig, type Source } from './config.js';

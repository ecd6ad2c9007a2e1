// Server-wide default limits from configuration: a flag, QUIVER_DEFAULT_LIMITS or the config file.
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/cli/config.js';

describe('--default-limits', () => {
  it('takes a JSON object from the flag or the environment, or an object in the config file', () => {
    expect(resolveConfig(['--default-limits', '{"max_nodes": 1000, "max_query_time": "60s", "max_edges": 5}']).config.defaultLimits).toEqual({
      max_nodes: 1000,
      max_query_time: 60_000,
      max_relationships: 5,
    });
    expect(resolveConfig([], { QUIVER_DEFAULT_LIMITS: '{"max_storage_bytes": "1GB"}' }).config.defaultLimits).toEqual({ max_storage_bytes: 1e9 });
    const file = JSON.stringify({ defaultLimits: { max_results: 100 } });
    expect(resolveConfig(['--config', 'q.json'], {}, () => file).config.defaultLimits).toEqual({ max_results: 100 });
    expect(resolveConfig([]).config.defaultLimits).toBeUndefined();
  });

  it('refuses bad JSON, unknown keys and bad values with the valid keys', () => {
    expect(() => resolveConfig(['--default-limits', 'max_nodes=1'])).toThrow(ConfigError);
    expect(() => resolveConfig(['--default-limits', '{"max_nodez": 1}'])).toThrow(/Unknown limit 'max_nodez'. Valid limits: max_nodes/);
    expect(() => resolveConfig(['--default-limits', '{"max_query_time": "soon"}'])).toThrow(/Invalid value 'soon' for the limit max_query_time/);
    expect(() => resolveConfig(['--default-limits', '[1]'])).toThrow(/JSON object/);
  });
});

// The observable catalog, for the crash test: sorted database names, alias -> target, and the
// names of soft-dropped databases.
import type { Catalog } from '../../src/dbms/index.js';

export interface CatalogState {
  readonly databases: string[];
  readonly aliases: string[];
  readonly dropped: string[];
}

export function catalogState(c: Catalog): CatalogState {
  return {
    databases: c.list().filter((d) => d.type !== 'system').map((d) => d.name).sort(),
    aliases: c.aliases().map((a) => `${a.name}->${c.byInternalId(a.targetId)!.name}`).sort(),
    dropped: c.droppedDatabases().map((d) => d.name).sort(),
  };
}

// Dumps and loads of one database (the dump format is described in format.ts).
export { dumpStream, type DumpOptions } from './write.js';
export { readDump, type DumpItem, type DumpNode, type DumpRel } from './read.js';
export { loadDump, type LoadOptions, type LoadSummary } from './load.js';
export { seedDatabase } from './seed.js';
export { FORMAT_VERSION, invalidDump, type DumpHeader, type DumpIndex, type DumpEnd, type DumpProgress } from './format.js';

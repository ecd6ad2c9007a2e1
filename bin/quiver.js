#!/usr/bin/env node
// The `quiver` command. LevelDB groups concurrent writes better with a larger libuv thread pool,
// and the pool size is read once, when it is first used: set it before importing anything.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { run } = await import('../dist/src/cli/main.js');
run();

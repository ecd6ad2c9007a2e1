// `quiver serve`: resolve the configuration, start the server, print the banner, and shut down
// gracefully on SIGTERM/SIGINT (a second signal forces the exit).
import { startServer } from '../server/server.js';
import { ConfigError, helpText, resolveConfig } from './config.js';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
};

/** Runs the server until a signal stops it; resolves to the exit code. */
export async function runServe(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let resolved;
  try {
    resolved = resolveConfig(argv, io.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`quiver serve: ${e.message}\nRun 'quiver serve --help' for the options.\n`);
      return 2;
    }
    throw e;
  }
  if (resolved.help) {
    io.out(helpText());
    return 0;
  }
  const c = resolved.config;
  let server;
  try {
    server = await startServer({
      dataDir: c.dataDir,
      host: c.host,
      boltPort: c.boltPort,
      httpPort: c.httpPort,
      grpcPort: c.grpcPort,
      auth: c.auth,
      initialPassword: c.initialPassword,
      advertisedAddress: c.advertisedAddress,
      shutdownTimeoutMs: c.shutdownTimeoutMs,
      defaultDatabase: c.defaultDatabase,
      maxDatabases: c.maxDatabases,
      dropRetentionMs: c.dropRetentionMs,
      httpTxIdleTimeoutMs: c.httpTxIdleTimeoutMs,
      slowQueryMs: c.slowQueryMs,
      httpMaxBodyBytes: c.httpMaxBodyBytes,
      defaultLimits: c.defaultLimits,
      ...(c.auditLog === undefined ? {} : { auditLog: c.auditLog === 'none' ? null : c.auditLog }),
      tls: c.tlsCert !== undefined && c.tlsKey !== undefined ? { certFile: c.tlsCert, keyFile: c.tlsKey } : undefined,
      onBanner: io.out,
      logLevel: c.logLevel,
    });
  } catch (e) {
    io.err(`quiver serve: could not start: ${(e as Error).message}\n`);
    return 1;
  }
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (sig: NodeJS.Signals): void => {
      if (signalled) {
        io.err(`quiver serve: ${sig} again; exiting without waiting.\n`);
        process.exit(1);
      }
      signalled = true;
      io.out(`Received ${sig}; shutting down...\n`);
      server.stop().then(
        () => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          io.out('QuiverDB stopped.\n');
          resolve(0);
        },
        (e: unknown) => {
          io.err(`quiver serve: shutdown failed: ${(e as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

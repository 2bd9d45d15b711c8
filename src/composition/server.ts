/**
 * `npm start`: the standalone API. A bad configuration prints one line per
 * problem on stderr and exits with 1, without a stack trace: the reader is
 * an operator fixing an environment, not a developer debugging.
 */
import { loadConfig, readEnvironment } from './config.js';
import { logStrayRejections } from './process-guards.js';
import { startStandalone } from './standalone.js';

async function main(): Promise<void> {
  logStrayRejections((message) => process.stderr.write(`${message}\n`));
  const loaded = loadConfig(readEnvironment());
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${problem}\n`);
    process.exitCode = 1;
    return;
  }

  const running = await startStandalone(loaded.value);
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`bugport listening on ${running.url}`);
  if (running.devToken) {
    out();
    out('AUTH_JWT_SECRET is not set: this start uses a random secret. A dev token (30 days):');
    out(`  ${running.devToken}`);
    out('Try it:');
    out(`  curl -H "Authorization: Bearer ${running.devToken}" ${running.url}/api/support/reports`);
    out();
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    out(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // E.g. EADDRINUSE: one line, no stack.
  process.stderr.write(
    `bugport could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});

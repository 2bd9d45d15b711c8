/**
 * Operator commands, run as `npm run <name>`:
 *   github:retry-failed    put reports whose GitHub filing failed back in the queue
 *   github:requeue-pending queue every report still waiting for GitHub (after enabling it)
 *   email:retry-failed     put failed confirmation e-mails back in the queue
 * A running server or worker then does the work.
 */
import { loadConfig, readEnvironment } from './config.js';
import { buildContainer, resolve } from './container.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';

const COMMANDS = {
  'github:retry-failed': 'retryFailedGitHubSyncs',
  'github:requeue-pending': 'requeuePendingGitHubSyncs',
  'email:retry-failed': 'retryFailedEmails',
} as const;

async function main(name: string | undefined): Promise<void> {
  if (!name || !(name in COMMANDS)) {
    process.stderr.write(`usage: command <${Object.keys(COMMANDS).join('|')}>\n`);
    process.exitCode = 2;
    return;
  }
  const loaded = loadConfig(readEnvironment());
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${problem}\n`);
    process.exitCode = 1;
    return;
  }
  const config = loaded.value;
  const logger = createLogger({ logLevel: 'warn' });
  const runtime = await openRuntime(config, logger);
  try {
    const container = buildContainer({ config, modules: runtime.modules, overrides: { logger } });
    const { requeued } = await resolve(
      container,
      COMMANDS[name as keyof typeof COMMANDS],
    ).execute();
    process.stdout.write(`${name}: ${requeued} report(s) queued again\n`);
  } finally {
    await runtime.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

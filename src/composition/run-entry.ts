import { loadConfig, readEnvironment, type Config } from './config.js';

/** An error's message; an empty one (some libraries reject with `new Error()`) falls back to its cause or name. */
const messageOf = (error: unknown, depth = 0): string => {
  if (!(error instanceof Error)) return String(error);
  if (error.message.trim()) return error.message;
  return error.cause !== undefined && depth < 5
    ? messageOf(error.cause, depth + 1)
    : `${error.name} (no message)`;
};

/**
 * How every command-line entry point starts and fails. A bad configuration
 * prints one line per problem on stderr and exits with 1; a failure prints
 * one line, `<failure>: <message>`, without a stack trace: the reader is an
 * operator fixing an environment, not a developer debugging. A promise
 * rejected with nobody listening (a library's fire-and-forget statement
 * during a database blip) is logged, not allowed to take the process and
 * every request in flight down with it.
 */
export function runEntry(failure: string, main: (config: Config) => Promise<void>): void {
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`unhandled rejection: ${messageOf(reason)}\n`);
  });
  const loaded = loadConfig(readEnvironment());
  if (!loaded.ok) {
    for (const problem of loaded.problems) process.stderr.write(`${problem}\n`);
    process.exitCode = 1;
    return;
  }
  main(loaded.value).catch((error: unknown) => {
    process.stderr.write(`${failure}: ${messageOf(error)}\n`);
    // Whatever the failed start left open (a pool, a timer) must not keep the process alive.
    process.exit(1);
  });
}

/** A repeat this soon after the first signal is the same stop asked twice (a wrapper relaying it). */
const REPEAT_IGNORED_MS = 2_000;

/**
 * Runs `stop` once, on the first SIGINT or SIGTERM, and exits 0 when it
 * resolves (1 when it fails). The handlers stay installed: a wrapper such as
 * npm or tsx may deliver the signal twice, and a second signal must not kill
 * the process half-way through its shutdown (leaving the embedded database
 * running). A signal more than two seconds later means "now": the process
 * exits at once (its exit hooks still stop the embedded database).
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void>): void {
  let first: number | null = null;
  const handle = (signal: NodeJS.Signals) => {
    if (first !== null) {
      if (Date.now() - first < REPEAT_IGNORED_MS) return;
      process.stderr.write(`${signal} again: exiting without waiting for the shutdown\n`);
      process.exit(1);
    }
    first = Date.now();
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${messageOf(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

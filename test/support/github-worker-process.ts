/**
 * A GitHub worker in its own process, for tests that kill it (SIGKILL) at a
 * chosen moment. Configured by environment; prints `ready` once it polls.
 */
import { startGitHubWorker } from './github-worker.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

await startGitHubWorker({
  databaseUrl: env('DATABASE_URL'),
  github: { token: env('GITHUB_TOKEN'), repo: env('GITHUB_REPO'), baseUrl: env('GITHUB_API_URL') },
});
process.stdout.write('ready\n');

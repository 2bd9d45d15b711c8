/**
 * The load generator of `npm run bench`, in a child process of its own so
 * that autocannon does not share the event loop of the servers it measures.
 * `runLoad` forks this file; the child gets one `LoadPlan` over IPC, runs a
 * warm-up and then the measured run, and answers with a `LoadResult`.
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadPlan {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  /** Bearer tokens, used in turn, request after request. */
  readonly tokens: readonly string[];
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly total: number;
  /** Answers other than 2xx, errors and timeouts of the measured run. */
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
  /** CPU time of the load generator itself during the measured run. */
  readonly cpuSeconds: number;
}

async function cannon(plan: LoadPlan, seconds: number): Promise<autocannon.Result> {
  let next = 0;
  const headers: Record<string, string> = {};
  if (plan.body !== undefined) headers['content-type'] = 'application/json';
  return autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: seconds,
    requests: [
      {
        method: plan.method,
        path: plan.path,
        headers,
        ...(plan.body !== undefined ? { body: plan.body } : {}),
        setupRequest: (request) => {
          const token = plan.tokens[next % plan.tokens.length] ?? '';
          next += 1;
          return { ...request, headers: { ...headers, authorization: `Bearer ${token}` } };
        },
      },
    ],
  });
}

async function child(plan: LoadPlan): Promise<LoadResult> {
  if (plan.warmupSeconds > 0) await cannon(plan, plan.warmupSeconds);
  process.send?.({ measuring: true });
  const cpu = process.cpuUsage();
  const result = await cannon(plan, plan.seconds);
  const used = process.cpuUsage(cpu);
  const statusCodes: Record<string, number> = {};
  for (const [code, { count = 0 } = {}] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = count;
  }
  return {
    requestsPerSecond: result.requests.total / plan.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

export interface LoadHooks {
  /** The warm-up is over and the measured run starts. */
  readonly measuring?: () => void;
  /** The measured run is over (called before the promise resolves). */
  readonly measured?: () => void;
}

/** Runs `plan` in a child process (warm-up, then the measured run). */
export function runLoad(plan: LoadPlan, hooks: LoadHooks = {}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(import.meta.url), ['--child'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answered = false;
    worker.on('message', (message) => {
      const answer = message as { measuring?: true; result?: LoadResult; error?: string };
      if (answer.measuring) return hooks.measuring?.();
      answered = true;
      hooks.measured?.();
      if (answer.result) resolve(answer.result);
      else reject(new Error(answer.error ?? 'load generator failed'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`load generator exited with ${code}`));
    });
    worker.send(plan);
  });
}

if (process.argv.includes('--child')) {
  process.once('message', (plan: LoadPlan) => {
    child(plan).then(
      (result) => process.send?.({ result }, () => process.disconnect()),
      (error: unknown) =>
        process.send?.({ error: error instanceof Error ? error.message : String(error) }, () =>
          process.disconnect(),
        ),
    );
  });
}

/**
 * A host Koa app that mounts bugport's support routes next to its own, with
 * its own authentication and in-memory adapters. Run it with
 * `npx tsx examples/embed-in-koa.ts`: it starts, files and reads one report
 * through HTTP, prints the answers and exits.
 *
 * In a real host, import from 'bugport' instead of '../src/index.js'.
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import {
  GetIssueReport,
  InMemoryIssueReportRepository,
  InMemoryJobQueue,
  InMemoryRateLimiter,
  InMemoryTicketSequence,
  ListIssueReports,
  RandomIdGenerator,
  SubmitIssueReport,
  SystemClock,
  createSupportRouter,
  type Authenticate,
  type Principal,
} from '../src/index.js';

// The host's own notion of a signed-in user: here a session name in an `x-user` header.
const sessions = new Map<string, Principal>([
  ['ada', { userId: 7, companyId: 1, name: 'Ada Lovelace', email: 'ada@example.com', roles: [] }],
]);
const authenticate: Authenticate = async (ctx) => sessions.get(ctx.get('x-user')) ?? null;

// Adapters: in memory here; a host swaps in its own (database, queue) the same way.
const clock = new SystemClock();
const reports = new InMemoryIssueReportRepository(new InMemoryJobQueue(clock));
const router = createSupportRouter({
  submitIssueReport: new SubmitIssueReport({
    reports,
    tickets: new InMemoryTicketSequence(),
    rateLimiter: new InMemoryRateLimiter(clock, 10),
    clock,
    ids: new RandomIdGenerator(),
  }),
  listIssueReports: new ListIssueReports({ reports }),
  getIssueReport: new GetIssueReport({ reports }),
  authenticate,
  logger: console,
  options: { maxBodyBytes: 15 * 1024 * 1024 },
});

const app = new Koa();
app.use(async (ctx, next) => {
  if (ctx.path === '/') ctx.body = { app: 'host', support: '/api/support' };
  else await next();
});
app.use(router.routes());

const server = app.listen(0, '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  const submitted = await fetch(`${base}/api/support/report`, {
    method: 'POST',
    headers: { 'x-user': 'ada', 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Export does nothing', description: 'The spinner never stops.' }),
  });
  const created = (await submitted.json()) as { ticket_number: string };
  console.log('POST /api/support/report →', submitted.status, created);

  const read = await fetch(`${base}/api/support/report/${created.ticket_number}`, {
    headers: { 'x-user': 'ada' },
  });
  console.log(`GET /api/support/report/${created.ticket_number} →`, read.status, await read.json());

  const anonymous = await fetch(`${base}/api/support/reports`);
  console.log(
    'GET /api/support/reports without x-user →',
    anonymous.status,
    await anonymous.json(),
  );

  if (submitted.status !== 201 || read.status !== 200 || anonymous.status !== 401)
    process.exitCode = 1;
} finally {
  server.close();
}

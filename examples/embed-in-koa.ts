/**
 * A host Koa app that runs bugport on its own PostgreSQL and mounts the
 * support routes next to its own, with its own authentication. Run it with
 * `DATABASE_URL=postgres://… npx tsx examples/embed-in-koa.ts`: it starts,
 * files and reads one report through HTTP, lists it through the use cases,
 * prints the answers and exits.
 *
 * In a real host, import from 'bugport' instead of '../src/index.js'.
 */
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { createBugport, type Authenticate, type Principal } from '../src/index.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL: required (the host database bugport migrates and uses)');
  process.exit(1);
}

// The host's own notion of a signed-in user: here a session name in an `x-user` header.
const sessions = new Map<string, Principal>([
  ['ada', { userId: 7, companyId: 1, name: 'Ada Lovelace', email: null, roles: [] }],
]);
const authenticate: Authenticate = async (ctx) => sessions.get(ctx.get('x-user')) ?? null;

// No workers here: GitHub filing and e-mails wait in the queue for a worker process.
const bugport = await createBugport({ databaseUrl, authenticate, env: { LOG_LEVEL: 'warn' } });

const app = new Koa();
app.use(async (ctx, next) => {
  if (ctx.path === '/') ctx.body = { app: 'host', support: '/api/support' };
  else await next();
});
app.use(bugport.router.routes());

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

  // The host's own pages call the use cases directly.
  const listed = await bugport.useCases.listIssueReports.execute({
    principal: sessions.get('ada') as Principal,
  });
  const total = listed.ok ? listed.value.pagination.total : null;
  console.log('useCases.listIssueReports →', total, 'report(s)');

  if (submitted.status !== 201 || read.status !== 200 || anonymous.status !== 401 || total !== 1)
    process.exitCode = 1;
} finally {
  server.close();
  await bugport.close();
}

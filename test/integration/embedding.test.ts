import { expect } from 'chai';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Sequelize } from 'sequelize';
import { InMemoryMailer } from '../../src/adapters/in-memory/in-memory-mailer.js';
import { createSequelize } from '../../src/adapters/persistence/create-sequelize.js';
import { createBugport, type Bugport } from '../../src/composition/embed.js';
import { aReportBody } from '../support/http.js';
import { createDatabase, type ScratchDatabase } from '../support/postgres.js';

/**
 * A host app embedding bugport as a library, as the contract describes it: its own database (and
 * Sequelize instance), its own sign-in, its own mailer, bugport's router
 * mounted beside its own routes.
 */
describe('bugport embedded in a host Koa app', function () {
  this.timeout(30_000);
  let database: ScratchDatabase;
  let hostSequelize: Sequelize;
  let bugport: Bugport;
  let server: ReturnType<Koa['listen']>;
  let url: string;
  const hostMailer = new InMemoryMailer();

  before(async () => {
    database = await createDatabase();
    hostSequelize = createSequelize(database.url);
    // The host's own table, which bugport must leave alone.
    await hostSequelize.query('CREATE TABLE host_users (id serial PRIMARY KEY, name text)');

    bugport = await createBugport({
      databaseUrl: database.url,
      sequelize: hostSequelize,
      // The host's session: a user name in a header.
      authenticate: async (ctx) =>
        ctx.get('x-host-user') === 'grace'
          ? {
              userId: 5,
              companyId: 9,
              name: 'Grace Hopper',
              email: 'grace@host.example',
              roles: [],
            }
          : null,
      mailer: hostMailer,
      env: { SUPPORT_EMAIL: 'help@host.example', LOG_LEVEL: 'silent' },
      logger: pino({ level: 'silent' }),
      prefix: '/help',
    });
    await bugport.startWorkers();

    const app = new Koa();
    app.use(bugport.router.routes());
    app.use(async (ctx) => {
      ctx.body = { host: 'own route' };
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await bugport?.close();
    await hostSequelize?.close();
    await database?.drop();
  });

  it('files a report under the host prefix with the host sign-in, and e-mails through the host mailer', async () => {
    const submitted = await fetch(`${url}/help/report`, {
      method: 'POST',
      headers: { 'x-host-user': 'grace', 'content-type': 'application/json' },
      body: JSON.stringify(aReportBody()),
    });
    expect(submitted.status).to.equal(201);
    const { ticket_number } = (await submitted.json()) as { ticket_number: string };

    const read = await fetch(`${url}/help/report/${ticket_number}`, {
      headers: { 'x-host-user': 'grace' },
    });
    expect(((await read.json()) as { report: { user_name: string } }).report.user_name).to.equal(
      'Grace Hopper',
    );

    const deadline = Date.now() + 15_000;
    while (hostMailer.sent.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(hostMailer.sent.map((m) => [m.to, m.from])).to.deep.equal([
      ['grace@host.example', 'help@host.example'],
    ]);
    expect(hostMailer.sent[0]?.subject).to.include(ticket_number);
  });

  it('answers 401 without the host sign-in, and leaves the host routes and tables alone', async () => {
    expect((await fetch(`${url}/help/reports`)).status).to.equal(401);
    expect(await (await fetch(`${url}/elsewhere`)).json()).to.deep.equal({ host: 'own route' });
    const [rows] = await hostSequelize.query('SELECT count(*)::int AS n FROM host_users');
    expect(rows).to.deep.equal([{ n: 0 }]);
  });

  it('gives the host its use cases by name, and not the container behind them', async () => {
    const principal = {
      userId: 5,
      companyId: 9,
      name: 'Grace Hopper',
      email: 'grace@host.example',
      roles: [],
    };
    const listed = await bugport.useCases.listIssueReports.execute({ principal });
    expect(listed.ok).to.equal(true);
    if (!listed.ok) return;
    const [first] = listed.value.reports;
    expect(listed.value.pagination.total).to.equal(1);
    const got = await bugport.useCases.getIssueReport.execute({
      principal,
      ticketNumber: first?.ticketNumber ?? '',
    });
    expect(got.ok).to.equal(true);
    expect(Object.keys(bugport).sort()).to.deep.equal([
      'close',
      'config',
      'router',
      'startWorkers',
      'useCases',
    ]);
  });
});

import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { EmlFileMailer } from '../../src/adapters/email/eml-file-mailer.js';
import { NodemailerMailer } from '../../src/adapters/email/nodemailer-mailer.js';
import { InMemoryMailer } from '../../src/adapters/in-memory/in-memory-mailer.js';
import { ManualClock } from '../../src/adapters/in-memory/manual-clock.js';
import { DeliveryError } from '../../src/application/errors/delivery-error.js';
import type { MailMessage } from '../../src/application/ports/mailer.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { fromParsed, mailerContract } from './mailer.contract.js';

const CREDENTIALS = { user: 'bugport', pass: 's3cr:t/p@ss' };

mailerContract('InMemoryMailer', async () => {
  const mailer = new InMemoryMailer();
  return {
    mailer,
    delivered: async () => mailer.sent.map((m) => ({ ...m, to: [m.to] })),
    close: async () => undefined,
  };
});

mailerContract('NodemailerMailer over smtp://', async () => {
  const sink = await SmtpSink.start();
  return {
    mailer: new NodemailerMailer({ smtpUrl: sink.url() }),
    delivered: async () => sink.received.map((m) => fromParsed(m.parsed)),
    close: () => sink.stop(),
  };
});

mailerContract('NodemailerMailer over smtps:// with a login', async () => {
  const sink = await SmtpSink.start({ secure: true, auth: CREDENTIALS });
  return {
    mailer: new NodemailerMailer({ smtpUrl: sink.url(CREDENTIALS) }),
    delivered: async () => sink.received.map((m) => fromParsed(m.parsed)),
    close: () => sink.stop(),
  };
});

mailerContract('EmlFileMailer', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'bugport-outbox-'));
  return {
    mailer: new EmlFileMailer({ directory }),
    delivered: async () => {
      const files = (await readdir(directory)).filter((f) => f.endsWith('.eml')).sort();
      return Promise.all(
        files.map(async (f) => fromParsed(await simpleParser(await readFile(join(directory, f))))),
      );
    },
    close: () => rm(directory, { recursive: true, force: true }),
  };
});

const aMessage = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  from: 'support@bugport.test',
  to: 'ada@example.com',
  subject: '[BUG-2026-0001] We received your report: Export',
  html: '<p>hello</p>',
  text: 'hello',
  ...overrides,
});

async function sendFailure(mailer: NodemailerMailer, message = aMessage()): Promise<DeliveryError> {
  try {
    await mailer.send(message);
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('expected the send to fail');
}

describe('NodemailerMailer failures', () => {
  let sink: SmtpSink;

  beforeEach(async () => {
    sink = await SmtpSink.start({ auth: CREDENTIALS });
  });

  afterEach(() => sink.stop());

  it('reports a 4xx reply as transient, with the reply in the message', async () => {
    sink.rejectNext(1, 451, 'Greylisted, come back later');
    const error = await sendFailure(new NodemailerMailer({ smtpUrl: sink.url() }));
    expect(error.kind).to.equal('transient');
    expect(error.message).to.contain('451').and.contain('Greylisted');
    expect(sink.received).to.have.length(0);
  });

  it('reports a 5xx reply as permanent', async () => {
    sink.rejectNext(1, 550, 'Mailbox unavailable');
    const error = await sendFailure(new NodemailerMailer({ smtpUrl: sink.url() }));
    expect(error.kind).to.equal('permanent');
    expect(error.message).to.contain('550').and.contain('Mailbox unavailable');
  });

  it('reports a server that is down as transient', async () => {
    await sink.stop();
    const error = await sendFailure(new NodemailerMailer({ smtpUrl: sink.url(CREDENTIALS) }));
    expect(error.kind).to.equal('transient');
    expect(error.message).to.not.contain(CREDENTIALS.pass);
    expect(error.message).to.not.contain(encodeURIComponent(CREDENTIALS.pass));
  });

  it('reports refused credentials as permanent, without the password', async () => {
    const smtpUrl = sink.url({ user: CREDENTIALS.user, pass: 'wrong-Pa55word' });
    const error = await sendFailure(new NodemailerMailer({ smtpUrl }));
    expect(error.kind).to.equal('permanent');
    expect(error.message).to.contain('535');
    expect(error.message).to.not.contain('wrong-Pa55word');
  });

  it('logs in with percent-encoded credentials from the URL', async () => {
    await new NodemailerMailer({ smtpUrl: sink.url(CREDENTIALS) }).send(aMessage());
    expect(sink.received.map((m) => m.session)).to.deep.equal([
      { user: CREDENTIALS.user, secure: false },
    ]);
  });

  it('speaks TLS from the first byte for smtps://', async () => {
    const tlsSink = await SmtpSink.start({ secure: true, auth: CREDENTIALS });
    try {
      await new NodemailerMailer({ smtpUrl: tlsSink.url(CREDENTIALS) }).send(aMessage());
      expect(tlsSink.received.map((m) => m.session)).to.deep.equal([
        { user: CREDENTIALS.user, secure: true },
      ]);
    } finally {
      await tlsSink.stop();
    }
  });

  it('refuses an SMTP_URL it cannot use, without quoting the password', () => {
    for (const smtpUrl of [
      'nonsense',
      'http://u:hunter22@mail.example.com',
      'smtp://u:hunter22@:25',
    ]) {
      expect(() => new NodemailerMailer({ smtpUrl }))
        .to.throw(/Invalid SMTP_URL/)
        .with.property('message')
        .that.does.not.contain('hunter22');
    }
  });

  it('sends to exactly the one address given, even one that looks like a list', async () => {
    const message = aMessage({ to: 'ada@example.com, eve@example.com' });
    // The server refuses the odd address; what matters is that Eve gets nothing.
    await new NodemailerMailer({ smtpUrl: sink.url() }).send(message).catch(() => undefined);
    const recipients = sink.received.flatMap((m) => m.envelope.to);
    expect(recipients).to.not.include('eve@example.com');
  });
});

describe('EmlFileMailer outbox', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'bugport-outbox-'));
  });

  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('names each file by time and ticket, leaves no temporary file and logs the path, never the address', async () => {
    const logged: Record<string, unknown>[] = [];
    const clock = new ManualClock(new Date('2026-03-10T09:30:00.123Z'));
    const mailer = new EmlFileMailer({
      directory: join(directory, 'mail'),
      clock,
      logger: { info: (details) => logged.push(details as Record<string, unknown>) },
    });
    await mailer.send(aMessage());
    const files = await readdir(join(directory, 'mail'));
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^2026-03-10T09-30-00-123Z-BUG-2026-0001-[A-Za-z0-9-]+\.eml$/);
    expect(logged).to.deep.equal([
      {
        path: join(directory, 'mail', files[0] ?? ''),
        messageId: logged[0]?.messageId,
      },
    ]);
    expect(JSON.stringify(logged)).not.to.include('ada@example.com');
    const raw = await readFile(join(directory, 'mail', files[0] ?? ''), 'utf8');
    expect(raw)
      .to.contain('\r\n')
      .and.match(/^Subject: /m);
  });

  it('fails as a DeliveryError when the outbox cannot be written', async () => {
    const blocked = join(directory, 'not-a-directory');
    await writeFile(blocked, 'a file where the outbox should be');
    const error = await new EmlFileMailer({ directory: blocked }).send(aMessage()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DeliveryError);
    expect(error).to.have.property('kind', 'permanent');
  });
});

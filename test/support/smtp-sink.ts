import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** Who logged in for this message (undefined: nobody), and whether the session was TLS. */
  readonly session: { readonly user: string | undefined; readonly secure: boolean };
  /** The message as it came over the wire, headers included. */
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface SmtpSinkOptions {
  /** Implicit TLS (`smtps://`) with smtp-server's built-in test certificate. */
  readonly secure?: boolean;
  /** Credentials the sink accepts; any other login is refused with 535. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

interface Fault {
  readonly responseCode: number;
  readonly message: string;
}

/**
 * A real SMTP server on 127.0.0.1 for tests. It keeps every message it
 * accepts (parsed with mailparser before the client hears 250, so a resolved
 * send is already in `received`), can refuse the next messages with a chosen
 * reply, and can be stopped and started again on the same port to play a
 * mail server that is down.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private readonly faults: Fault[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  private constructor(private readonly options: SmtpSinkOptions) {}

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    await sink.restart();
    return sink;
  }

  /** An `SMTP_URL` for this sink; `user:pass@` is added when given. */
  url(credentials?: { user: string; pass: string }): string {
    const scheme = this.options.secure ? 'smtps' : 'smtp';
    const userInfo = credentials
      ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@`
      : '';
    const query = this.options.secure ? '?tls.rejectUnauthorized=false' : '';
    return `${scheme}://${userInfo}127.0.0.1:${this.port}${query}`;
  }

  /** Answers the next `count` messages (after DATA) with `responseCode` instead of 250. */
  rejectNext(
    count: number,
    responseCode = 451,
    message = 'Requested action aborted: try later',
  ): void {
    for (let i = 0; i < count; i += 1) this.faults.push({ responseCode, message });
  }

  /** Starts listening; after `stop()`, on the same port as before. */
  async restart(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer(this.serverOptions());
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const address = server.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  /** Stops listening: connections are refused until `restart()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serverOptions(): SMTPServerOptions {
    const { secure = false, auth } = this.options;
    return {
      secure,
      logger: false,
      // Plain sessions stay plain: nodemailer would otherwise upgrade with STARTTLS.
      disabledCommands: secure ? [] : ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      closeTimeout: 1000,
      onAuth: (credentials, _session, callback) => {
        if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
          callback(null, { user: credentials.username });
          return;
        }
        callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const fault = this.faults.shift();
          if (fault) {
            callback(Object.assign(new Error(fault.message), { responseCode: fault.responseCode }));
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          };
          simpleParser(raw).then(
            (parsed) => {
              const user = typeof session.user === 'string' ? session.user : undefined;
              this.received.push({
                envelope,
                raw,
                parsed,
                session: { user, secure: session.secure },
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    };
  }
}

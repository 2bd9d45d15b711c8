import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInIssue {
  readonly id: number;
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly html_url: string;
  /** On the stand-in's clock (`now`), milliseconds. */
  readonly createdAtMs: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly route: Route;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
  /** Real time of arrival, milliseconds. */
  readonly at: number;
  /** What the stand-in answered; -1 when it closed the connection without an answer. */
  status: number;
}

export type Route = 'create' | 'list' | 'search' | 'other';

/** A scripted misbehaviour, applied to the next matching requests. */
export type Fault =
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly message?: string;
    }
  | { readonly delayMs: number }
  /**
   * The request is carried out (an issue is created), then its answer is
   * lost: `'destroy'` closes the connection without a word, a status answers
   * that instead of the real one (a proxy's 502 after GitHub did the work).
   */
  | { readonly afterHandling: 'destroy' | number };

export interface GitHubStandInOptions {
  /** The only token accepted (`Authorization: token …` or `Bearer …`); anything else → 401. */
  readonly token: string;
  /** `owner/name`; any other repository → 404. */
  readonly repo: string;
  /** The stand-in's clock (ms): stamps issues and measures the create limit. Real time by default. */
  readonly now?: () => number;
  /** Issues younger than this are invisible to search, as GitHub's index lags creation. */
  readonly searchLagMs?: number;
  /** Rolling limits on creates; every create over one is recorded in `violations`. */
  readonly createLimits?: readonly { readonly limit: number; readonly perMs: number }[];
  /** Called after an issue is stored and before the answer is sent (e.g. to kill the client). */
  readonly onCreate?: (issue: StandInIssue) => void | Promise<void>;
}

interface Script {
  readonly route: Route | 'any';
  remaining: number;
  readonly fault: Fault;
}

/**
 * An HTTP server on 127.0.0.1 speaking the part of GitHub's REST API that
 * bugport uses (create an issue, list a repository's issues, search issues),
 * with GitHub's status codes and rate-limit headers. It records every
 * request, can misbehave on cue (`fail`), and checks GitHub's create limits.
 */
export class GitHubStandIn {
  readonly issues: StandInIssue[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  private readonly scripts: Script[] = [];
  private readonly createdAt: number[] = [];
  private token: string;
  private port = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: GitHubStandInOptions,
  ) {
    this.token = options.token;
  }

  static async start(options: GitHubStandInOptions): Promise<GitHubStandIn> {
    const server = createServer();
    const standIn = new GitHubStandIn(server, options);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      standIn.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    standIn.port = (server.address() as AddressInfo).port;
    return standIn;
  }

  /** The `baseUrl` / `GITHUB_API_URL` to give Octokit. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests to `route` meet `fault`. Scripts apply in the order given. */
  fail(route: Route | 'any', times: number, fault: Fault): this {
    this.scripts.push({ route, remaining: times, fault });
    return this;
  }

  /** Rotates the accepted token (an operator fixing GITHUB_TOKEN). */
  acceptToken(token: string): void {
    this.token = token;
  }

  count(route: Route, status?: number): number {
    return this.requests.filter(
      (r) => r.route === route && (status === undefined || r.status === status),
    ).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const route = routeOf(req.method ?? 'GET', url.pathname);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      route,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      at: Date.now(),
      status: 0,
    };
    this.requests.push(recorded);
    const raw = await readBody(req);
    let lostAnswer: 'destroy' | number | undefined;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      if (lostAnswer === 'destroy') {
        recorded.status = -1;
        res.destroy();
        return;
      }
      if (lostAnswer !== undefined) {
        recorded.status = lostAnswer;
        res.writeHead(lostAnswer, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ message: 'Bad Gateway' }));
        return;
      }
      recorded.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };

    const script = this.scripts.find(
      (s) => s.remaining > 0 && (s.route === 'any' || s.route === route),
    );
    if (script) {
      script.remaining -= 1;
      if ('afterHandling' in script.fault) lostAnswer = script.fault.afterHandling;
      else if ('delayMs' in script.fault)
        await new Promise((r) => setTimeout(r, (script.fault as { delayMs: number }).delayMs));
      else
        return send(
          script.fault.status,
          { message: script.fault.message ?? 'Scripted failure' },
          { ...script.fault.headers },
        );
    }

    const presented = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (presented !== this.token) {
      return send(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    }
    const repoPath = `/repos/${this.options.repo}/issues`;
    if ((route === 'create' || route === 'list') && url.pathname !== repoPath) {
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    if (route === 'create') return this.create(raw, send);
    if (route === 'list')
      return send(
        200,
        this.list(url.searchParams).map((i) => this.toJson(i)),
      );
    if (route === 'search') return this.search(url.searchParams.get('q') ?? '', send);
    return send(404, { message: 'Not Found' });
  }

  private async create(raw: string, send: (status: number, body: unknown) => void): Promise<void> {
    const input = JSON.parse(raw || '{}') as { title?: unknown; body?: unknown; labels?: unknown };
    if (typeof input.title !== 'string' || input.title.length === 0 || input.title.length > 256) {
      return send(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }],
      });
    }
    const labels = Array.isArray(input.labels) ? input.labels.map(String) : [];
    const number = this.issues.length + 1;
    const issue: StandInIssue = {
      id: 90_000 + number,
      number,
      title: input.title,
      body: typeof input.body === 'string' ? input.body : '',
      labels,
      html_url: `https://github.example/${this.options.repo}/issues/${number}`,
      createdAtMs: this.now(),
    };
    this.issues.push(issue);
    this.checkCreateLimits(issue.createdAtMs);
    await this.options.onCreate?.(issue);
    send(201, this.toJson(issue));
  }

  private list(params: URLSearchParams): StandInIssue[] {
    const perPage = Math.min(100, Number(params.get('per_page') ?? 30));
    const page = Math.max(1, Number(params.get('page') ?? 1));
    const wanted = (params.get('labels') ?? '').split(',').filter(Boolean);
    const newestFirst = [...this.issues]
      .filter((i) => wanted.every((l) => i.labels.includes(l)))
      .sort((a, b) => b.number - a.number);
    const ordered = params.get('direction') === 'asc' ? newestFirst.reverse() : newestFirst;
    return ordered.slice((page - 1) * perPage, page * perPage);
  }

  private search(q: string, send: (status: number, body: unknown) => void): void {
    const repo = /repo:(\S+)/.exec(q)?.[1];
    if (repo !== this.options.repo) {
      return send(422, { message: 'Validation Failed', errors: [{ message: 'repo not found' }] });
    }
    const phrases = [...q.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    const indexedBefore = this.now() - (this.options.searchLagMs ?? 0);
    const items = this.issues
      .filter((i) => i.createdAtMs <= indexedBefore)
      .filter((i) => phrases.every((p) => i.title.includes(p) || i.body.includes(p)))
      .map((i) => this.toJson(i));
    send(200, { total_count: items.length, incomplete_results: false, items });
  }

  private checkCreateLimits(at: number): void {
    this.createdAt.push(at);
    for (const { limit, perMs } of this.options.createLimits ?? []) {
      const inWindow = this.createdAt.filter((t) => t > at - perMs).length;
      if (inWindow > limit)
        this.violations.push(`${inWindow} creates within ${perMs} ms (limit ${limit})`);
    }
  }

  private toJson(issue: StandInIssue) {
    return {
      id: issue.id,
      node_id: `I_${issue.id}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: 'open',
      labels: issue.labels.map((name) => ({ name })),
      html_url: issue.html_url,
      url: `${this.url}/repos/${this.options.repo}/issues/${issue.number}`,
      created_at: new Date(issue.createdAtMs).toISOString(),
      user: { login: 'bugport-bot' },
    };
  }
}

function routeOf(method: string, path: string): Route {
  if (method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(path)) return 'create';
  if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/issues$/.test(path)) return 'list';
  if (method === 'GET' && path === '/search/issues') return 'search';
  return 'other';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

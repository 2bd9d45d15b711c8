/**
 * The floor of `npm run bench`: the least a server can do for POST /report
 * with the same stack. Koa and @koa/bodyparser as bugport, a zod schema with
 * the contract's required fields and limits (JSON.parse already guarantees
 * JSON values, so nested values are not re-walked), one INSERT of one row
 * with the same JSONB columns through plain `pg`, and a 201 with a
 * ticket-like string. No auth, no rate limit, no ticket counter, no job.
 */
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { z } from 'zod';

const CREATE_TABLE = `
  CREATE TABLE IF NOT EXISTS floor_reports (
    id bigserial PRIMARY KEY,
    category text NOT NULL,
    severity text NOT NULL,
    title varchar(255) NOT NULL,
    description text NOT NULL,
    steps_to_reproduce text,
    expected_behavior text,
    actual_behavior text,
    browser_info jsonb,
    page_url varchar(500),
    page_title varchar(255),
    viewport_size varchar(50),
    screen_resolution varchar(50),
    console_errors jsonb NOT NULL DEFAULT '[]',
    api_history jsonb NOT NULL DEFAULT '[]',
    user_actions jsonb NOT NULL DEFAULT '[]',
    local_storage_data jsonb,
    session_storage_data jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
  )`;

const INSERT = `
  INSERT INTO floor_reports (category, severity, title, description, steps_to_reproduce,
    expected_behavior, actual_behavior, browser_info, page_url, page_title, viewport_size,
    screen_resolution, console_errors, api_history, user_actions, local_storage_data,
    session_storage_data)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
  RETURNING id`;

const text = (max: number) => z.string().max(max).nullish();
const entries = z.array(z.unknown()).optional();
const object = z.record(z.string(), z.unknown()).nullish();

const body = z.object({
  category: z.enum(['bug', 'feature_request', 'help', 'other']).default('bug'),
  severity: z.enum(['critical', 'high', 'medium', 'low']).default('medium'),
  title: z.string().trim().min(1).max(255),
  description: z.string().trim().min(1).max(50_000),
  steps_to_reproduce: text(50_000),
  expected_behavior: text(50_000),
  actual_behavior: text(50_000),
  browser_info: object,
  page_url: text(500),
  page_title: text(255),
  viewport_size: text(50),
  screen_resolution: text(50),
  console_errors: entries,
  api_history: entries,
  user_actions: entries,
  local_storage_data: object,
  session_storage_data: object,
});

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export interface FloorServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Creates its table in `databaseUrl` and listens on a free port of 127.0.0.1. */
export async function startFloorServer(
  databaseUrl: string,
  { poolSize = 10 } = {},
): Promise<FloorServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  await pool.query(CREATE_TABLE);
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: 16 * 1024 * 1024 }));
  app.use(async (ctx) => {
    if (ctx.method !== 'POST' || ctx.path !== '/api/support/report') {
      ctx.status = 404;
      return;
    }
    const parsed = body.safeParse(ctx.request.body);
    if (!parsed.success) {
      ctx.status = 400;
      ctx.body = { success: false, error: { code: 'validation_failed' } };
      return;
    }
    const r = parsed.data;
    const { rows } = await pool.query<{ id: string }>(INSERT, [
      r.category,
      r.severity,
      r.title,
      r.description,
      r.steps_to_reproduce ?? null,
      r.expected_behavior ?? null,
      r.actual_behavior ?? null,
      json(r.browser_info),
      r.page_url ?? null,
      r.page_title ?? null,
      r.viewport_size ?? null,
      r.screen_resolution ?? null,
      json(r.console_errors ?? []),
      json(r.api_history ?? []),
      json(r.user_actions ?? []),
      json(r.local_storage_data),
      json(r.session_storage_data),
    ]);
    ctx.status = 201;
    ctx.body = {
      success: true,
      ticket_number: `BUG-2026-${String(rows[0]?.id ?? 0).padStart(4, '0')}`,
      message: 'Your issue has been reported successfully',
    };
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pool.end();
    },
  };
}

import type { Container, ContainerModule } from 'inversify';
import { createServer, type Server } from 'node:http';
import { answerClientError } from '../adapters/http/client-error.js';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { buildContainer, resolve } from './container.js';
import { randomSecret, signDevToken } from './dev-token.js';
import type { Overrides } from './services.js';

export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Set when AUTH_JWT_SECRET was not: a token signed with the secret in use (random per start here; `npm start` uses data/dev-secret). */
  readonly devToken: string | null;
  /** The container the app was built from, with the secret actually in use. */
  readonly container: Container;
  readonly config: Config;
  /** Stops taking connections and resolves once the open ones are done. */
  close(): Promise<void>;
}

/** Connections still open this long after `close()` are cut. */
const CLOSE_GRACE_MS = 10_000;

const listen = (server: Server, port: number, host: string): Promise<void> =>
  new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });

/**
 * Builds the container and listens on `config.host:config.port` (port 0:
 * any free port). Without AUTH_JWT_SECRET, outside production, a random
 * secret is minted for this start and a dev token signed with it.
 * `ports`: the modules binding every outside port (`openRuntime`'s
 * `modules`); the in-memory ports when omitted.
 */
export async function startServer(
  config: Config,
  overrides: Overrides = {},
  ports?: readonly ContainerModule[],
): Promise<RunningServer> {
  let effective = config;
  let devToken: string | null = null;
  if (!config.authJwtSecret && !overrides.authenticate) {
    if (config.production) throw new Error('AUTH_JWT_SECRET is required in production');
    const secret = randomSecret();
    effective = { ...config, authJwtSecret: secret };
    devToken = await signDevToken(secret);
  }

  const container = buildContainer({
    config: effective,
    overrides,
    ...(ports ? { ports } : {}),
  });
  const server = createServer(resolve(container, 'httpApp').callback());
  server.on('clientError', answerClientError);
  let closing = false;
  // Once closing, a connection goes as soon as its response is out, instead of
  // idling until its keep-alive timeout holds the shutdown up.
  server.on('request', (_request, response) =>
    response.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    }),
  );
  await listen(server, effective.port, effective.host);
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    devToken,
    container,
    config: effective,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        closing = true;
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        server.close((error) => {
          clearTimeout(force);
          if (error) reject(error);
          else resolveClose();
        });
        server.closeIdleConnections();
      }),
  };
}

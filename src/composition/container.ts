import 'reflect-metadata';
import { Container, type ContainerModule } from 'inversify';
import type { Config } from './config.js';
import { coreModule } from './modules/core-module.js';
import { httpModule } from './modules/http-module.js';
import { inMemoryModule } from './modules/in-memory-module.js';
import { systemModule } from './modules/system-module.js';
import type { Overrides, ServiceName, Services } from './services.js';
import { TOKENS } from './tokens.js';

export interface BuildContainerOptions {
  readonly config: Config;
  /**
   * Modules that bind every outside port (`reports`, `jobQueue`, `mailer`,
   * …; see `Services`); the in-memory ports when omitted. The standalone
   * wiring gives its own (`openRuntime`'s `modules`), so no fake is loaded
   * underneath them and a port nobody binds fails at start (docs/adr/0018).
   */
  readonly ports?: readonly ContainerModule[];
  /**
   * Modules loaded after the defaults. A module that replaces a default
   * binding (PostgreSQL for `reports`, `tickets`, `jobQueue`) uses
   * `options.rebind(TOKENS.x)` instead of `bind`.
   */
  readonly modules?: readonly ContainerModule[];
  /** Ready-made instances, by service name; they win over every module. */
  readonly overrides?: Overrides;
}

/**
 * The one wiring of bugport, production and tests alike: system adapters,
 * the `ports` (in memory by default), the use cases and the HTTP app, then
 * `modules`, then `overrides`. Everything is a singleton, built on first use.
 */
export function buildContainer({
  config,
  ports = [inMemoryModule],
  modules = [],
  overrides = {},
}: BuildContainerOptions): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind<Config>(TOKENS.config).toConstantValue(config);
  container.load(systemModule, ...ports, coreModule, httpModule, ...modules);
  for (const [name, value] of Object.entries(overrides) as [ServiceName, unknown][]) {
    if (value !== undefined) container.rebind(TOKENS[name]).toConstantValue(value);
  }
  return container;
}

/** A typed `container.get`, by service name. */
export const resolve = <K extends ServiceName>(container: Container, name: K): Services[K] =>
  container.get<Services[K]>(TOKENS[name]);

import type { ContainerModuleLoadOptions } from 'inversify';
import type { ServiceName, Services } from '../services.js';
import { TOKENS } from '../tokens.js';

/** What a factory gets: the other services, each asked for once, by name. */
export interface Dependencies {
  /** One service, typed by its name. */
  get<K extends ServiceName>(name: K): Services[K];
  /** Several services as an object keyed by their names: `{ reports, clock }`. */
  pick<const N extends readonly ServiceName[]>(...names: N): { [K in N[number]]: Services[K] };
}

export type Factory<K extends ServiceName> = (deps: Dependencies) => Services[K];

/**
 * `bind(token).toDynamicValue(…)`, typed by service name: the factory asks
 * for what it needs by name (`deps.get('config')`, `deps.pick('reports',
 * 'clock')`) and gets what those tokens hold, which plain symbols cannot type.
 */
export function provide<K extends ServiceName>(
  options: ContainerModuleLoadOptions,
  name: K,
  factory: Factory<K>,
): void {
  options.bind<Services[K]>(TOKENS[name]).toDynamicValue((context) => factory(from(context)));
}

/** The `Dependencies` of a built container, e.g. to build a router from it. */
export const dependenciesOf = (container: Getter): Dependencies => from(container);

/** What a container and a resolution context both have. */
interface Getter {
  get<T>(token: symbol): T;
}

function from(context: Getter): Dependencies {
  const get = <K extends ServiceName>(name: K): Services[K] =>
    context.get<Services[K]>(TOKENS[name]);
  return {
    get,
    pick: <const N extends readonly ServiceName[]>(...names: N) =>
      Object.fromEntries(names.map((name) => [name, get(name)])) as {
        [K in N[number]]: Services[K];
      },
  };
}

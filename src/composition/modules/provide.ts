import type { ContainerModuleLoadOptions, MapToResolvedValueInjectOptions } from 'inversify';
import type { ServiceName, Services } from '../services.js';
import { TOKENS } from '../tokens.js';

type Resolved<D extends readonly ServiceName[]> = {
  -readonly [I in keyof D]: Services[D[I] & ServiceName];
};

/**
 * `bind(token).toResolvedValue(factory, [tokens])`, typed by service name:
 * the factory's parameters are checked against what the named tokens hold,
 * which plain symbols cannot do.
 */
export function provide<K extends ServiceName, const D extends readonly ServiceName[]>(
  options: ContainerModuleLoadOptions,
  name: K,
  deps: D,
  factory: (...args: Resolved<D>) => Services[K],
): void {
  options.bind<Services[K]>(TOKENS[name]).toResolvedValue(factory, tokensOf(deps));
}

/** `provide` for a module that replaces an earlier module's binding (real adapters over fakes). */
export function rebindProvide<K extends ServiceName, const D extends readonly ServiceName[]>(
  options: ContainerModuleLoadOptions,
  name: K,
  deps: D,
  factory: (...args: Resolved<D>) => Services[K],
): void {
  options.rebind<Services[K]>(TOKENS[name]).toResolvedValue(factory, tokensOf(deps));
}

// The tokens are exactly those of `deps`, so the mapping to `Resolved<D>` holds by construction.
const tokensOf = <const D extends readonly ServiceName[]>(deps: D) =>
  deps.map((dep) => TOKENS[dep]) as MapToResolvedValueInjectOptions<Resolved<D>>;

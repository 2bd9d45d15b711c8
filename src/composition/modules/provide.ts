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
  // The tokens are exactly those of `deps`, so the mapping to `Resolved<D>` holds by construction.
  const tokens = deps.map((dep) => TOKENS[dep]) as MapToResolvedValueInjectOptions<Resolved<D>>;
  options.bind<Services[K]>(TOKENS[name]).toResolvedValue(factory, tokens);
}

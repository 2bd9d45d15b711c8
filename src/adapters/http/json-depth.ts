/**
 * Free-form JSON (browser info, storage snapshots, debug entries) is bounded
 * in depth before anything recursive touches it: schema validation,
 * redaction and serialisation all recurse, and a body of a few kilobytes can
 * nest a hundred thousand levels deep.
 */
export const MAX_JSON_DEPTH = 32;

/** The depth of `value` (a scalar is 0), counted without recursion; stops once past `limit`. */
export function depthOf(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/** The top-level fields of `body` nested deeper than `limit`, by name. */
export function tooDeepFields(body: unknown, limit = MAX_JSON_DEPTH): string[] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body)
    .filter(([, value]) => depthOf(value, limit) > limit)
    .map(([name]) => name);
}

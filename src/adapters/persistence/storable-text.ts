/**
 * Text PostgreSQL can store. It refuses U+0000 in TEXT and in JSONB strings,
 * and a lone UTF-16 surrogate in JSON (`"\ud83d"` is "invalid input syntax
 * for type json"); a browser's console output or a cut-off emoji can carry
 * either, and a report must not fail over it. Both are stored as U+FFFD (the
 * replacement character) instead, as `String.prototype.toWellFormed` does.
 */
export function storable(value: string): string;
export function storable(value: string | null): string | null;
export function storable(value: string | null): string | null {
  return value === null ? null : wellFormed(value).replaceAll('\u0000', '\uFFFD');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// `toWellFormed` is in Node 20's V8 but not yet in the ES2023 lib the project compiles against.
const wellFormed = (value: string): string =>
  (value as { toWellFormed?: () => string }).toWellFormed?.() ??
  value.replace(LONE_SURROGATE, '\uFFFD');

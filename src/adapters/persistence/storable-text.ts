/**
 * PostgreSQL refuses U+0000 in TEXT and in JSONB strings. A reporter's
 * console output can contain one, and a report must not fail over it, so it
 * is stored as U+FFFD (the replacement character) instead.
 */
export function storable(value: string): string;
export function storable(value: string | null): string | null;
export function storable(value: string | null): string | null {
  return value === null ? null : value.replaceAll('\u0000', '\uFFFD');
}

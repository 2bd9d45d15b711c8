import type { ScreenshotStore } from '../../application/ports/screenshot-store.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const assertSafeName = (name: string): void => {
  if (!SAFE_NAME.test(name) || name.includes('..')) throw new Error(`unsafe file name: ${name}`);
};

export class InMemoryScreenshotStore implements ScreenshotStore {
  readonly files = new Map<string, Uint8Array>();

  async save(name: string, bytes: Uint8Array): Promise<void> {
    assertSafeName(name);
    this.files.set(name, Uint8Array.from(bytes));
  }

  async read(name: string): Promise<Uint8Array | null> {
    assertSafeName(name);
    return this.files.get(name) ?? null;
  }

  async remove(name: string): Promise<void> {
    assertSafeName(name);
    this.files.delete(name);
  }
}

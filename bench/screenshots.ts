/**
 * How long normalising a typical large screenshot takes, and whether the
 * event loop stays free meanwhile: `npx tsx bench/screenshots.ts [runs]`.
 * Input: a 2560 × 1440 PNG of about 1.5 MB (test/support/images.ts).
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SharpImageProcessor } from '../src/adapters/storage/sharp-image-processor.js';
import { aJpeg, aNoisyScreenshot } from '../test/support/images.js';

const runs = Number(process.argv[2] ?? 20);
const processor = new SharpImageProcessor();

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function bench(label: string, input: Buffer, concurrency: number): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const timings: number[] = [];
  let outputBytes = 0;
  const worker = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      const result = await processor.normalize(input);
      timings.push(performance.now() - started);
      if (!result.ok) throw new Error(result.error.message);
      outputBytes = result.value.bytes.byteLength;
    }
  };
  delay.enable();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, () => worker(Math.ceil(runs / concurrency))),
  );
  const wall = performance.now() - started;
  delay.disable();
  const sorted = [...timings].sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} x${concurrency}: p50 ${percentile(sorted, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(sorted, 95).toFixed(0)} ms, ` +
      `${((timings.length / wall) * 1000).toFixed(1)} img/s, ` +
      `${(input.byteLength / 1e6).toFixed(2)} MB → ${(outputBytes / 1e6).toFixed(2)} MB, ` +
      `event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms`,
  );
}

const png = await aNoisyScreenshot();
const jpeg = await aJpeg(3840, 2160);
const parallel = availableParallelism();
await bench('PNG 2560×1440 (~1.5 MB)', png, 1);
await bench('PNG 2560×1440 (~1.5 MB)', png, parallel);
await bench('JPEG 3840×2160 → 2560 wide', jpeg, 1);
await bench('JPEG 3840×2160 → 2560 wide', jpeg, parallel);

/**
 * Where the machine's CPU went during a measured window (Linux /proc only):
 * this process, the load generator, the PostgreSQL server (its postmaster
 * and every child) and everything else. On a shared 2-core machine the last
 * one says whether a run can be trusted; CPU per request is steadier than
 * requests per second when it cannot.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc (USER_HZ); 100 on every Linux in practice. */
const TICKS = 100;

export interface CpuSnapshot {
  readonly at: number;
  /** Busy ticks of the whole machine (all cores). */
  readonly machine: number;
  /** Ticks used so far by each process of each tracked group, by pid. */
  readonly groups: Readonly<Record<string, ReadonlyMap<number, number>>>;
}

export interface CpuShare {
  readonly seconds: number;
  /** CPU seconds per wall second, per group ("cores in use"); `other` is the rest of the machine. */
  readonly cores: Readonly<Record<string, number>>;
  /** CPU milliseconds per request, per group. */
  readonly msPerRequest: (requests: number) => Readonly<Record<string, number>>;
}

const statFields = (pid: number): string[] | null => {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the rest follows its closing parenthesis.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
};

/** utime + stime of one process, in ticks (fields 14 and 15 of /proc/pid/stat). */
const ticksOf = (pid: number): number => {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
};

const parentOf = (pid: number): number | null => {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : null;
};

/** The postmaster of a backend: its parent. Null when PostgreSQL is not on this machine. */
export function postmasterOf(backendPid: number): number | null {
  return parentOf(backendPid);
}

const processes = (): number[] => {
  try {
    return readdirSync('/proc')
      .filter((name) => /^[0-9]+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
};

function machineBusy(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    const [user, nice, system, , , irq, softirq, steal] = cpu.slice(1).map(Number);
    return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  } catch {
    return 0;
  }
}

/**
 * `groups` maps a label to the pids it covers; a pid listed as a tree root
 * (`trees`) also covers its children, e.g. the postmaster and its backends.
 */
export function snapshot(
  groups: Readonly<Record<string, readonly number[]>>,
  trees: Readonly<Record<string, number | null>> = {},
): CpuSnapshot {
  const result: Record<string, Map<number, number>> = {};
  for (const [label, pids] of Object.entries(groups)) {
    result[label] = new Map(pids.map((pid) => [pid, ticksOf(pid)]));
  }
  const roots = Object.entries(trees).filter(
    (entry): entry is [string, number] => entry[1] !== null,
  );
  if (roots.length > 0) {
    for (const [label] of roots) result[label] = new Map();
    for (const pid of processes()) {
      const parent = parentOf(pid);
      for (const [label, root] of roots) {
        if (pid === root || parent === root) result[label]?.set(pid, ticksOf(pid));
      }
    }
  }
  return { at: performance.now(), machine: machineBusy(), groups: result };
}

/**
 * `extra`: CPU seconds of groups measured otherwise (a child that reports its
 * own usage). A process that started in the window counts in full; one that
 * ended in it is lost to `other` (a pool's idle connections, say).
 */
export function share(
  before: CpuSnapshot,
  after: CpuSnapshot,
  extra: Readonly<Record<string, number>> = {},
): CpuShare {
  const seconds = (after.at - before.at) / 1000;
  const used: Record<string, number> = { ...extra };
  let ours = Object.values(extra).reduce((sum, value) => sum + value, 0);
  for (const [label, pids] of Object.entries(after.groups)) {
    let ticks = 0;
    for (const [pid, now] of pids)
      ticks += Math.max(0, now - (before.groups[label]?.get(pid) ?? 0));
    used[label] = ticks / TICKS;
    ours += ticks / TICKS;
  }
  used.other = Math.max(0, (after.machine - before.machine) / TICKS - ours);
  const cores = Object.fromEntries(
    Object.entries(used).map(([label, cpuSeconds]) => [label, cpuSeconds / seconds]),
  );
  return {
    seconds,
    cores,
    msPerRequest: (requests) =>
      Object.fromEntries(
        Object.entries(used).map(([label, cpuSeconds]) => [label, (cpuSeconds * 1000) / requests]),
      ),
  };
}

/** Injected failures: the next matching requests answer with the given status (contracts §2). */
export interface FaultSpec {
  path: string;
  status: 429 | 500 | 502 | 503 | 504;
  retryAfter?: number | string;
  body?: string;
  delayMs?: number;
  /** How many requests fail (default 1). */
  times?: number;
}

export interface Faults {
  add(fault: FaultSpec): void;
  clear(): void;
}

export class FaultQueue implements Faults {
  private readonly pending: { spec: FaultSpec; left: number }[] = [];

  add(fault: FaultSpec): void {
    this.pending.push({ spec: fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Takes one use of the first fault matching `paths` (canonical and raw forms of the request path). */
  take(paths: string[]): FaultSpec | undefined {
    const index = this.pending.findIndex((p) => paths.some((path) => normalise(p.spec.path) === path));
    if (index < 0) return undefined;
    const entry = this.pending[index] as { spec: FaultSpec; left: number };
    entry.left -= 1;
    if (entry.left <= 0) this.pending.splice(index, 1);
    return entry.spec;
  }
}

export function normalise(path: string): string {
  return `/${path
    .replace(/^\/+/, '')
    .replace(/\.json$/, '')
    .replace(/\/+$/, '')}`;
}

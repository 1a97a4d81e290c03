// For `npm start`: publishes a plausible high-severity event into the MISP sandbox every few
// seconds, so a subscribed playground channel shows live alerts. Never point this at a real MISP.

export interface DemoMisp {
  events: {
    add(event: Record<string, unknown>): Promise<unknown>;
    publish(id: string | number): Promise<unknown>;
  };
  tags: { attach(target: { uuid: string; tag: string }): Promise<unknown> };
}

const FAMILIES = ['Emotet', 'QakBot', 'Cobalt Strike', 'IcedID', 'AsyncRAT', 'LockBit', 'Raccoon Stealer'];
const LURES = ['invoice', 'shipping notice', 'payroll update', 'VPN upgrade', 'MFA reset'];

/** One demo event; `n` makes values distinct and deterministic. */
export function demoEvent(n: number): { event: Record<string, unknown>; tags: string[] } {
  const family = FAMILIES[n % FAMILIES.length] as string;
  const lure = LURES[n % LURES.length] as string;
  const octet = (k: number) => ((n * 37 + k * 11) % 223) + 1;
  return {
    event: {
      info: `${family} campaign using "${lure}" lures (demo ${n})`,
      threat_level_id: '1',
      analysis: '1',
      distribution: '0',
      Attribute: [
        { type: 'ip-dst', category: 'Network activity', value: `45.${octet(1)}.${octet(2)}.${octet(3)}`, to_ids: true },
        {
          type: 'domain',
          category: 'Network activity',
          value: `${lure.replace(/\s+/g, '-')}-${n}.demo-threat.example`,
          to_ids: true,
        },
        {
          type: 'url',
          category: 'Network activity',
          value: `http://cdn-${n}.demo-threat.example/${family.toLowerCase().replace(/\s+/g, '')}.bin`,
          to_ids: true,
        },
      ],
    },
    tags: ['tlp:green', `malware:${family.toLowerCase().replace(/\s+/g, '-')}`],
  };
}

export function startDemoPublisher(
  misp: DemoMisp,
  options: {
    intervalMs?: number;
    onError?: (error: unknown) => void /** Publish one at once too. */;
    immediate?: boolean;
  } = {},
): { stop(): void } {
  let n = 0;
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    const { event, tags } = demoEvent(++n);
    (async () => {
      const created = (await misp.events.add(event)) as { id: string; uuid: string };
      for (const tag of tags) await misp.tags.attach({ uuid: created.uuid, tag });
      await misp.events.publish(created.id);
    })()
      .catch((error) => options.onError?.(error))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 5000);
  timer.unref();
  if (options.immediate) tick();
  return { stop: () => clearInterval(timer) };
}

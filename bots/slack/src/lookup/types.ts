// The bot's own view of MISP data: only what the cards need, parsed defensively from whatever
// MISP returned (see normalise.ts), so a malformed response cannot crash rendering.

export interface TagRef {
  name: string;
  /** Copied from the event by `includeEventTags` (MISP marks those `inherited: 1`). */
  inherited: boolean;
}

export interface EventRef {
  id: string;
  uuid?: string | undefined;
  info: string;
  date?: string | undefined;
  /** "1" High … "4" Undefined. */
  threatLevelId?: string | undefined;
  published: boolean;
  /** "0" Initial, "1" Ongoing, "2" Complete. */
  analysis?: string | undefined;
  org?: string | undefined;
  tags: TagRef[];
}

export type SightingType = '0' | '1' | '2';

export interface SightingRef {
  type: SightingType;
  /** Epoch seconds. */
  timestamp: number;
  source?: string | undefined;
  org?: string | undefined;
}

export interface AttributeHit {
  id: string;
  uuid?: string | undefined;
  eventId: string;
  type: string;
  category?: string | undefined;
  value: string;
  toIds: boolean;
  comment?: string | undefined;
  firstSeen?: string | undefined;
  lastSeen?: string | undefined;
  /** Epoch seconds of the last change. */
  timestamp?: number | undefined;
  /** Attribute tags plus inherited event tags. */
  tags: TagRef[];
  sightings: SightingRef[];
  /** Warninglist names MISP attached to this attribute (`includeWarninglistHits`). */
  warninglists: string[];
  /** The decaying model's verdict MISP attached (`includeDecayScore`), when an enabled model covers the type. */
  decay?: DecayRef | undefined;
  event: EventRef;
}

export interface DecayRef {
  /** 0–100. */
  score: number;
  decayed: boolean;
  model: string;
}

export interface IndicatorRef {
  kind: string;
  /** Refanged value as searched. */
  value: string;
}

export interface IndicatorResult {
  indicator: IndicatorRef;
  hits: AttributeHit[];
  /** Warninglists the value itself is on (`warninglists/checkValue`) plus those on its hits. */
  warninglists: string[];
  /** For a URL: its hostname, lower case. */
  host?: string;
  /** For a URL: hits on its host (the hostname, or other URLs on it), kept apart from exact `hits`. */
  hostHits?: AttributeHit[];
}

/**
 * The slice of the `@mispkit/sdk` client the bot uses. Declared with method syntax so the real
 * client (with its stricter parameter types) is assignable, and tests can pass the real thing.
 */
export interface MispPort {
  attributes: {
    search(filters: Record<string, unknown>, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<unknown[]>;
    /**
     * "Add to MISP": one attribute (`{type, value, to_ids, comment}`) into the triage event. Typed
     * `never` so that the SDK's method, whose `type` is the union of MISP's attribute types, fits.
     */
    add?(eventId: string, attribute: never, opts?: { timeoutMs?: number }): Promise<unknown>;
  };
  warninglists: {
    check(values: string[], opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<unknown>;
  };
  sightings: {
    add(
      sighting: { value?: string; id?: string; type?: SightingType; source?: string },
      opts?: { timeoutMs?: number },
    ): Promise<unknown>;
  };
  server: { version(opts?: { timeoutMs?: number }): Promise<unknown> };
  users: { me(opts?: { timeoutMs?: number }): Promise<unknown> };
}

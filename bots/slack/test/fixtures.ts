// Builders for the bot's MISP model with overrides, so each test states only what matters to it.
import type { AttributeHit, EventRef, IndicatorResult } from '../src/lookup/types.js';

let nextId = 1;

export function makeEvent(overrides: Partial<EventRef> = {}): EventRef {
  const id = overrides.id ?? String(nextId++);
  return {
    id,
    info: `Event ${id}`,
    date: '2026-11-01',
    threatLevelId: '2',
    published: true,
    analysis: '2',
    org: 'CIRCL',
    tags: [],
    ...overrides,
  };
}

export function makeHit(overrides: Partial<AttributeHit> = {}): AttributeHit {
  const event = overrides.event ?? makeEvent();
  return {
    id: String(nextId++),
    eventId: event.id,
    type: 'ip-dst',
    value: '203.0.113.7',
    toIds: true,
    tags: [],
    sightings: [],
    warninglists: [],
    ...overrides,
    event,
  };
}

export function tags(...names: string[]) {
  return names.map((name) => ({ name, inherited: false }));
}

export function makeResult(hits: AttributeHit[], overrides: Partial<IndicatorResult> = {}): IndicatorResult {
  return { indicator: { kind: 'ipv4', value: hits[0]?.value ?? '203.0.113.7' }, hits, warninglists: [], ...overrides };
}

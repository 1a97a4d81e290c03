import { describe, expect, it } from 'vitest';
import {
  CONVERSATION_KINDS,
  type ConversationKind,
  conversationKind,
  defaultTlpPolicy,
  effectiveTlp,
  mayShow,
  parseTlpTag,
  partitionByTlp,
  type Tlp,
} from '../src/tlp.js';

describe('parseTlpTag', () => {
  it.each([
    ['tlp:red', 'red'],
    ['TLP:RED', 'red'],
    ['tlp:amber+strict', 'amber+strict'],
    ['Tlp:Amber', 'amber'],
    ['tlp:green', 'green'],
    ['tlp:clear', 'clear'],
    ['tlp:white', 'clear'],
    [' tlp : green ', 'green'],
    ['tlp:ex:chr', 'unknown'],
    ['tlp:unclear', 'unknown'],
    ['PAP:RED', undefined],
    ['misp-galaxy:threat-actor="APT28"', undefined],
  ])('reads %s as %s', (tag, expected) => {
    expect(parseTlpTag(tag)).toBe(expected);
  });
});

describe('effectiveTlp', () => {
  it('takes the strictest of event and attribute tags', () => {
    expect(effectiveTlp(['tlp:green', 'tlp:red'], defaultTlpPolicy)).toBe('red');
    expect(effectiveTlp(['tlp:clear', 'tlp:amber+strict', 'tlp:amber'], defaultTlpPolicy)).toBe('amber+strict');
  });
  it('uses the configured default when nothing is tagged', () => {
    expect(effectiveTlp([], defaultTlpPolicy)).toBe('amber');
    expect(effectiveTlp(['osint'], { ...defaultTlpPolicy, defaultTlp: 'green' })).toBe('green');
  });
  it('treats an unknown tlp value as the default, which only makes things stricter', () => {
    expect(effectiveTlp(['tlp:clear', 'tlp:ex:chr'], defaultTlpPolicy)).toBe('amber');
    expect(effectiveTlp(['tlp:red', 'tlp:ex:chr'], defaultTlpPolicy)).toBe('red');
  });
  it('maps TLP 1.0 white to clear', () => {
    expect(effectiveTlp(['TLP:WHITE'], defaultTlpPolicy)).toBe('clear');
  });
});

describe('mayShow: the whole table', () => {
  const table: Record<Tlp, Record<ConversationKind, boolean>> = {
    red: { requester: true, dm: true, private: false, public: false, shared: false },
    'amber+strict': { requester: true, dm: true, private: true, public: false, shared: false },
    amber: { requester: true, dm: true, private: true, public: false, shared: false },
    green: { requester: true, dm: true, private: true, public: true, shared: false },
    clear: { requester: true, dm: true, private: true, public: true, shared: true },
  };
  for (const [tlp, row] of Object.entries(table) as [Tlp, Record<ConversationKind, boolean>][]) {
    for (const kind of CONVERSATION_KINDS) {
      it(`${tlp} in ${kind}: ${row[kind] ? 'shown' : 'withheld'}`, () => {
        expect(mayShow(tlp, kind, defaultTlpPolicy)).toBe(row[kind]);
      });
    }
  }
});

describe('partitionByTlp', () => {
  it('counts what it withholds per TLP and keeps order of what it shows', () => {
    const items: Tlp[] = ['red', 'clear', 'red', 'amber', 'green'];
    const out = partitionByTlp(items, (t) => t, 'public', defaultTlpPolicy);
    expect(out.shown).toEqual(['clear', 'green']);
    expect(out.withheld).toEqual({ red: 2, amber: 1 });
    expect(out.withheldCount).toBe(3);
  });
});

describe('conversationKind', () => {
  it('classifies Slack Connect channels as shared, whatever else they are', () => {
    expect(conversationKind({ is_ext_shared: true })).toBe('shared');
    expect(conversationKind({ is_private: true, is_pending_ext_shared: true })).toBe('shared');
    expect(conversationKind({ is_shared: true })).toBe('shared');
  });
  it('treats an org-wide share inside one enterprise as internal', () => {
    expect(conversationKind({ is_shared: true, is_org_shared: true })).toBe('public');
  });
  it('tells private from public channels', () => {
    expect(conversationKind({ is_private: true })).toBe('private');
    expect(conversationKind({ is_mpim: true })).toBe('private');
    expect(conversationKind({})).toBe('public');
  });
  it('counts a DM as dm only when it is the bot DM with the requester', () => {
    expect(conversationKind({ is_im: true, user: 'U1' }, 'U1')).toBe('dm');
    expect(conversationKind({ is_im: true, user: 'U2' }, 'U1')).toBe('private');
  });
  it('assumes the most restrictive kind when the channel is unknown', () => {
    expect(conversationKind(undefined)).toBe('shared');
  });
});

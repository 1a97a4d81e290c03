import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, safeLine } from '../escape.js';
import { CONVERSATION_KINDS, type ConversationKind, type TlpPolicy, tlpLabel } from '../tlp.js';
import { context, divider, header, section } from './elements.js';
import { usageBlocks } from './help.js';
import { LIMITS } from './limits.js';

export interface MispHealth {
  ok: boolean;
  /** MISP version from `servers/getVersion`. */
  version?: string | undefined;
  /** The key's user e-mail and organisation from `users/view/me`. */
  user?: string | undefined;
  org?: string | undefined;
  latencyMs?: number | undefined;
  /** What went wrong, safe to show (no secrets). */
  error?: string | undefined;
}

export interface HomeInput {
  misp: MispHealth;
  mispUrl: string;
  canWrite: boolean;
  maxIndicators: number;
  checkedAt: Date;
  /** The bot's TLP policy, the same object every answer and alert is decided with. */
  policy: TlpPolicy;
}

const KIND_NAMES: Record<ConversationKind, string> = {
  requester: 'answers only you see',
  dm: 'your DM with the bot',
  private: 'private channels',
  public: 'public channels',
  shared: 'Slack Connect channels',
};

/** The policy in words: what untagged MISP data counts as, and the most each place may show. */
export function describeTlpPolicy(policy: TlpPolicy): string {
  const ceilings = CONVERSATION_KINDS.map((k) => `${KIND_NAMES[k]} up to ${tlpLabel(policy.ceilings[k])}`);
  return `TLP: untagged results count as ${tlpLabel(policy.defaultTlp)} · ${ceilings.join(' · ')}`;
}

export function homeView(input: HomeInput): { type: 'home'; blocks: KnownBlock[] } {
  const { misp } = input;
  const state = misp.ok
    ? `:large_green_circle: *Connected* to MISP ${safeLine(misp.version ?? '')} at \`${escapeMrkdwn(input.mispUrl)}\`` +
      (misp.latencyMs !== undefined ? ` · ${Math.round(misp.latencyMs)} ms` : '') +
      (misp.user ? `\nAs ${safeLine(misp.user)}${misp.org ? ` (${safeLine(misp.org)})` : ''}` : '')
    : `:red_circle: *MISP unreachable* at \`${escapeMrkdwn(input.mispUrl)}\`\n${escapeMrkdwn(misp.error ?? 'unknown error')}`;
  const blocks: KnownBlock[] = [
    header('MISP Intel'),
    section(state),
    context([
      `Checked ${input.checkedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC · ` +
        (input.canWrite
          ? 'You may add sightings and mark false positives.'
          : 'You may look up indicators (sighting buttons are limited to configured writers).'),
    ]),
    context([describeTlpPolicy(input.policy)]),
    divider(),
    ...usageBlocks(input.maxIndicators),
  ];
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerHomeView) };
}

// Button values are small JSON objects we wrote ourselves ({l: lookup id, i: index, p: page}),
// but they come back from Slack as untrusted input: parse defensively.
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorBlocks } from '../../blocks/errors.js';
import type { Store, StoredLookup } from '../../storage/types.js';

/** What Bolt passes every button listener. */
export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;

export interface ButtonRef {
  lookupId: string;
  index: number;
  page: number;
}

export function parseButton(body: BlockAction): ButtonRef | undefined {
  const action = body.actions[0] as ButtonAction | undefined;
  if (!action?.value) return undefined;
  try {
    const v = JSON.parse(action.value) as { l?: unknown; i?: unknown; p?: unknown };
    if (typeof v.l !== 'string' || v.l.length === 0 || v.l.length > 100) return undefined;
    const index = typeof v.i === 'number' && Number.isInteger(v.i) && v.i >= 0 ? v.i : 0;
    const page = typeof v.p === 'number' && Number.isInteger(v.p) && v.p >= 0 && v.p < 100 ? v.p : 0;
    return { lookupId: v.l, index, page };
  } catch {
    return undefined;
  }
}

/** Whether the clicked message is an ephemeral one (only the clicker sees it). */
export function isEphemeral(body: BlockAction): boolean {
  const container = body.container as { is_ephemeral?: boolean } | undefined;
  return container?.is_ephemeral === true || body.message === undefined;
}

/**
 * The stored lookup a click refers to, if the message clicked may use it; `undefined` otherwise.
 * Slack does not let users forge button values, but the bot does not rely on it: a lookup is bound
 * to the channel it was asked in and to the person who asked. On their own ephemeral answer only
 * they may use it; on an in-channel message, anyone there may use only the cards that were shared
 * there. A value copied from elsewhere (someone else's lookup, an unshared TLP:RED card) is refused.
 */
export async function lookupForClick(
  store: Store,
  body: BlockAction,
  ref: ButtonRef,
  options: { inChannel: boolean },
): Promise<StoredLookup | undefined> {
  const lookup = await store.getLookup(ref.lookupId);
  if (!lookup) return undefined;
  const channel = body.channel?.id;
  if (channel !== undefined && channel !== lookup.channelId) return undefined;
  if (isEphemeral(body)) return body.user.id === lookup.userId ? lookup : undefined;
  if (!options.inChannel) return undefined;
  return lookup.shared?.includes(ref.index) ? lookup : undefined;
}

/** The ephemeral answer to a click whose lookup is gone or not the clicker's (see lookupForClick). */
export function respondExpired(respond: ButtonArgs['respond'], what: 'card' | 'list'): Promise<void> {
  return respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: `This ${what} has expired.`,
    blocks: errorBlocks(`This ${what} has expired. Run the lookup again.`),
  }).then(
    () => undefined,
    () => undefined,
  );
}

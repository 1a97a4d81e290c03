import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../escape.js';
import { context, section } from './elements.js';

/** A short, safe explanation of what went wrong; `detail` must not contain secrets (see lookup/errors.ts). */
export function errorBlocks(summary: string, detail?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [section(`:warning: ${escapeMrkdwn(summary)}`)];
  if (detail) blocks.push(context([escapeMrkdwn(detail)]));
  return blocks;
}

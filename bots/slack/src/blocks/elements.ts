// Small typed constructors; every mrkdwn object is `verbatim: true` so Slack never auto-links feed text.
import type { ActionsBlock, Button, ContextBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import { clampEscaped, clampPlain } from '../escape.js';
import { LIMITS } from './limits.js';

/** `text` must already be escaped (see escape.ts). */
export function mrkdwn(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: clampEscaped(text || ' ', max), verbatim: true };
}

export function section(text: string, blockId?: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...(blockId ? { block_id: blockId.slice(0, LIMITS.blockId) } : {}) };
}

/** A section of short label/value fields (alert cards); each clamped to Slack's field limit. */
export function fields(texts: string[], blockId?: string): SectionBlock {
  return {
    type: 'section',
    fields: texts.slice(0, LIMITS.sectionFields).map((t) => mrkdwn(t, LIMITS.sectionField)),
    ...(blockId ? { block_id: blockId.slice(0, LIMITS.blockId) } : {}),
  };
}

export function context(texts: string[], blockId?: string): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t, LIMITS.contextText)),
    ...(blockId ? { block_id: blockId.slice(0, LIMITS.blockId) } : {}),
  };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: clampPlain(text, LIMITS.headerText), emoji: true } };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export function button(spec: ButtonSpec): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clampPlain(spec.text, LIMITS.buttonText), emoji: true },
    action_id: spec.actionId,
    ...(spec.value !== undefined ? { value: spec.value.slice(0, LIMITS.buttonValue) } : {}),
    ...(spec.url !== undefined ? { url: spec.url.slice(0, LIMITS.buttonUrl) } : {}),
    ...(spec.style ? { style: spec.style } : {}),
  };
}

export function actionsBlock(buttons: Button[], blockId?: string): ActionsBlock {
  return {
    type: 'actions',
    elements: buttons.slice(0, LIMITS.actionsElements),
    ...(blockId ? { block_id: blockId.slice(0, LIMITS.blockId) } : {}),
  };
}

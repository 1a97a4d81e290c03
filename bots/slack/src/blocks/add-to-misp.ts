// The "Add to MISP" modal for an indicator MISP does not know: the attribute type (the types the
// value can be stored as), to_ids, and a comment. Pure: data in, view out.
import type { ModalView } from '@slack/types';
import { defang } from '../defang.js';
import { clampPlain, codeSpan } from '../escape.js';
import { views } from '../ids.js';
import { context, section } from './elements.js';

export const ADD_FIELDS = { type: 'attribute_type', toIds: 'to_ids', comment: 'comment' } as const;
/** Every input block has one element, under this action id. */
export const ADD_ACTION = 'value';

export interface AddToMispMetadata {
  /** Lookup id and indicator index (the card the button was on), and the channel to confirm in. */
  l: string;
  i: number;
  c: string;
}

const option = (type: string) => ({ text: { type: 'plain_text' as const, text: clampPlain(type, 75) }, value: type });

export function addToMispModal(input: {
  value: string;
  types: readonly string[];
  triageEvent: string;
  metadata: AddToMispMetadata;
}): ModalView {
  const types = input.types.length > 0 ? input.types.slice(0, 100) : ['text'];
  return {
    type: 'modal',
    callback_id: views.addToMisp,
    private_metadata: JSON.stringify(input.metadata),
    title: { type: 'plain_text', text: 'Add to MISP' },
    submit: { type: 'plain_text', text: 'Add' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(`Add ${codeSpan(defang(input.value))} to MISP event ${codeSpan(input.triageEvent)} (triage).`),
      {
        type: 'input',
        block_id: ADD_FIELDS.type,
        label: { type: 'plain_text', text: 'Attribute type' },
        element: {
          type: 'static_select',
          action_id: ADD_ACTION,
          options: types.map(option),
          initial_option: option(types[0] as string),
        },
      },
      {
        type: 'input',
        block_id: ADD_FIELDS.toIds,
        optional: true,
        label: { type: 'plain_text', text: 'Detection' },
        element: {
          type: 'checkboxes',
          action_id: ADD_ACTION,
          options: [{ text: { type: 'plain_text', text: 'to_ids: use for detection (IDS export)' }, value: 'yes' }],
        },
      },
      {
        type: 'input',
        block_id: ADD_FIELDS.comment,
        optional: true,
        label: { type: 'plain_text', text: 'Comment' },
        element: { type: 'plain_text_input', action_id: ADD_ACTION, multiline: true, max_length: 1000 },
      },
      context(['The attribute is added as you, the bot’s MISP user; the event keeps its own distribution.']),
    ],
  };
}

/** The submitted values, from `view.state.values`; `type` must be one of the offered types. */
export function readAddToMisp(
  values: Record<string, Record<string, unknown>>,
  allowed: readonly string[],
): { ok: true; type: string; toIds: boolean; comment: string } | { ok: false; errors: Record<string, string> } {
  const field = (block: string) => values[block]?.[ADD_ACTION] as Record<string, unknown> | undefined;
  const type = (field(ADD_FIELDS.type)?.selected_option as { value?: unknown } | undefined)?.value;
  if (typeof type !== 'string' || !(allowed.length === 0 ? ['text'] : allowed).includes(type)) {
    return { ok: false, errors: { [ADD_FIELDS.type]: 'Pick one of the offered attribute types.' } };
  }
  const checked = field(ADD_FIELDS.toIds)?.selected_options;
  const comment = field(ADD_FIELDS.comment)?.value;
  return {
    ok: true,
    type,
    toIds: Array.isArray(checked) && checked.length > 0,
    comment: typeof comment === 'string' ? comment.slice(0, 1000) : '',
  };
}

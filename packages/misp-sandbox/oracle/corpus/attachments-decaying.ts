// The last operations of the contract the other corpus files leave out: downloading an attachment, and the
// decaying models (which the MISP 2.5.1 the oracle runs ships none of; see the allow-list).
import type { Case, Saved } from './case.js';

const attachmentId = (s: Saved) => String(s.attachmentEvent?.Event?.Attribute?.[0]?.id ?? '0');

export const attachmentsAndDecaying: Case[] = [
  {
    name: 'addEvent: with an attachment attribute (for attributes/download)',
    method: 'POST',
    path: '/events/add',
    body: {
      info: 'oracle: attachment',
      distribution: 0,
      Attribute: [
        { type: 'attachment', value: 'note.txt', data: Buffer.from('oracle attachment\n').toString('base64') },
      ],
    },
    save: 'attachmentEvent',
  },
  { name: 'downloadAttachment: the attachment', method: 'GET', path: (s) => `/attributes/download/${attachmentId(s)}` },
  { name: 'downloadAttachment: unknown id', method: 'GET', path: '/attributes/download/999999' },
  { name: 'listDecayingModels: all', method: 'GET', path: '/decaying_model/index' },
  {
    name: 'updateDecayingModels: install the default models',
    method: 'POST',
    path: '/decaying_model/update',
    body: {},
  },
  { name: 'getDecayingModel: the first', method: 'GET', path: '/decaying_model/view/1' },
  { name: 'enableDecayingModel: the first', method: 'POST', path: '/decaying_model/enable/1', body: {} },
  { name: 'disableDecayingModel: the first', method: 'POST', path: '/decaying_model/disable/1', body: {} },
];

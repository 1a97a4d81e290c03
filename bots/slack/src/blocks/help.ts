import type { KnownBlock } from '@slack/types';
import { codeSpan } from '../escape.js';
import { commands } from '../ids.js';
import { context, section } from './elements.js';

export const EXAMPLES = [
  '185.220.101.4',
  'hxxps://bad[.]example/login',
  'evil[.]example',
  '44d88612fea8a8f36de82e1278abb02f',
  'CVE-2024-3400',
];

export function usageBlocks(maxIndicators: number): KnownBlock[] {
  return [
    section(
      `*${commands.intel}* looks indicators up in MISP and answers with a verdict card for each.\n` +
        // Static text is escaped like MISP text: Slack would read `<text>` as a link or control sequence.
        `• ${codeSpan(`${commands.intel} <text>`)} — paste anything: IPs, domains, URLs, e-mail addresses, hashes, CVEs; defanged forms like ${codeSpan('hxxp://evil[.]com')} work too (up to ${maxIndicators} per request)\n` +
        `• ${codeSpan(`${commands.intel} help`)} — this message\n` +
        '• Message shortcut *Look up indicators* — the same for any message\n' +
        `• ${codeSpan(`${commands.intel} subscribe [threat:high|medium|low|any] [tag:NAME] [-tag:NAME] [org:NAME] [tlp:LEVEL]`)} — post new MISP events matching these filters in this channel (default: published, threat level High)\n` +
        `• ${codeSpan(`${commands.intel} subscriptions`)} — this channel’s alert subscription · ${codeSpan(`${commands.intel} unsubscribe`)} — stop alerts here\n` +
        'Answers are visible only to you. *Share in channel* posts a card for everyone, showing only what the channel’s TLP allows.',
    ),
    context([`Examples: ${EXAMPLES.map((e) => codeSpan(e)).join(' ')}`]),
  ];
}

export function noIndicatorBlocks(): KnownBlock[] {
  return [
    section(
      'I found no indicator in that text. I recognise IP addresses, domains, URLs, e-mail addresses, file hashes and CVEs, also defanged.',
    ),
    context([`Try: ${EXAMPLES.map((e) => codeSpan(`${commands.intel} ${e}`)).join(' · ')}`]),
  ];
}

/** The progress message a lookup's answer then replaces. */
export function lookingUpText(count: number, cut: number): string {
  return `Looking up ${count} indicator${count === 1 ? '' : 's'}${cut ? ` (${cut} more cut)` : ''}…`;
}

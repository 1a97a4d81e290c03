// Shared by the tests that run a real Bolt app against the sandbox.
import { App, LogLevel } from '@slack/bolt';
import type { SlackSandbox } from '../src/index.js';

/** A Bolt logger that prints nothing. */
export const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** A Bolt app in Socket Mode against the sandbox, quiet and not started yet. */
export function boltSocketApp(sandbox: SlackSandbox, clientOptions: Record<string, unknown> = {}): App {
  return new App({
    token: sandbox.botToken,
    appToken: sandbox.appToken,
    socketMode: true,
    logger: quietLogger,
    clientOptions: { slackApiUrl: sandbox.apiUrl, ...clientOptions },
  });
}

import type { BotContext } from '../../context.js';
import { actions } from '../../ids.js';
import { writeSightingAction } from './write-sighting.js';

/** Button "Expired" on a verdict card: adds a MISP sighting of type 2 with source slack:<user id>. */
export function expiredAction(ctx: BotContext) {
  return writeSightingAction(ctx, actions.expired);
}

import type { BotContext } from '../../context.js';
import { actions } from '../../ids.js';
import { writeSightingAction } from './write-sighting.js';

/** Button "False positive" on a verdict card: adds a MISP sighting of type 1 with source slack:<user id>. */
export function falsePositiveAction(ctx: BotContext) {
  return writeSightingAction(ctx, actions.falsePositive);
}

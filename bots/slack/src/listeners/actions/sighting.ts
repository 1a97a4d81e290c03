import type { BotContext } from '../../context.js';
import { actions } from '../../ids.js';
import { writeSightingAction } from './write-sighting.js';

/** Button "Add sighting" on a verdict card: adds a MISP sighting of type 0 with source slack:<user id>. */
export function sightingAction(ctx: BotContext) {
  return writeSightingAction(ctx, actions.sighting);
}

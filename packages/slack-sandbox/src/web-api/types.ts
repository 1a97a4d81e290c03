import type { Core } from '../core.js';

export type ApiResponse = { ok: boolean; [key: string]: unknown };

export interface MethodContext {
  core: Core;
  tokenType: 'bot' | 'app';
  views: ViewStore;
}

export type Method = (ctx: MethodContext, params: Record<string, unknown>) => ApiResponse;

export interface View {
  id: string;
  type: 'modal' | 'home';
  user?: string;
  hash: string;
  external_id?: string;
  body: Record<string, unknown>;
}

export class ViewStore {
  readonly byId = new Map<string, View>();
  /** The published App Home per user. */
  readonly homes = new Map<string, View>();
}

export const fail = (error: string, extra: Record<string, unknown> = {}): ApiResponse => ({
  ok: false,
  error,
  ...extra,
});

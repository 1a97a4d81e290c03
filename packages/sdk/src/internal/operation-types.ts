// Type helpers the generated method signatures (generated/methods.ts) use where the spec has no named
// schema to point at: an operation's JSON 200 body or request body, one field of an object type (of
// each union member that has it), one item of an array type.
import type { operations } from '../generated/schema.js';

type Json<C> = C extends { content: { 'application/json': infer B } } ? B : never;

/** JSON body of operation K's 200 response. */
export type Res<K extends keyof operations> = operations[K] extends { responses: { 200: infer R } } ? Json<R> : never;

/** JSON request body of operation K. */
export type Body<K extends keyof operations> = operations[K] extends { requestBody?: infer R }
  ? Json<NonNullable<R>>
  : never;

/** `T[K]` for every member of the union T that has K. */
export type Field<T, K extends PropertyKey> = T extends { [P in K]: infer V } ? V : never;

/** The item type of an array type. */
export type Item<T> = T extends ReadonlyArray<infer I> ? I : never;

// What the pipeline needs from the SDK client and from Slack's WebClient, as narrow interfaces,
// so a `createMispClient(...)` and a `new WebClient(...)` fit as they are.

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface AlertMisp {
  events: {
    search(filters: Record<string, unknown>, options?: CallOptions): Promise<unknown[]>;
  };
  warninglists: {
    check(values: string[], options?: CallOptions): Promise<Record<string, unknown[]>>;
  };
}

// How paginate decides it has seen everything: a short page always ends the walk; X-Result-Count ends
// it early only when it can be a total (events), never on attributes/restSearch's look-ahead count.
import { describe, expect, it } from 'vitest';
import { type Page, paginatePages } from '../src/pagination.js';

async function walk(pages: Array<Page<number>>, limit: number) {
  const asked: number[] = [];
  const items: number[] = [];
  for await (const item of paginatePages(
    async (page) => {
      asked.push(page);
      return pages[page - 1] ?? { items: [] };
    },
    { limit },
  ))
    items.push(item);
  return { items, asked };
}

describe('paginate', () => {
  it('stops after the last full page when X-Result-Count is a total', async () => {
    const result = await walk(
      [
        { items: [1, 2, 3], total: 6 },
        { items: [4, 5, 6], total: 6 },
      ],
      3,
    );
    expect(result).toEqual({ items: [1, 2, 3, 4, 5, 6], asked: [1, 2] });
  });

  it("keeps going on MISP's look-ahead count (rows of the page plus one) until a short page", async () => {
    const lookAhead = [
      { items: [1, 2, 3], total: 4 },
      { items: [4, 5, 6], total: 4 },
      { items: [7], total: 1 },
    ];
    expect(await walk(lookAhead, 3)).toEqual({ items: [1, 2, 3, 4, 5, 6, 7], asked: [1, 2, 3] });
  });

  it('stops at the first short page without any count', async () => {
    expect(await walk([{ items: [1, 2] }], 3)).toEqual({ items: [1, 2], asked: [1] });
  });
});

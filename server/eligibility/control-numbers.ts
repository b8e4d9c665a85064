// ISA13/GS06 control numbers for one run, reserved from the database in blocks of 200 per trading
// partner (eligibility_private.fn_reserve_control_numbers), so concurrent 270s never share one.
import type { Db } from '../db/pooled-client.ts';

const BLOCK = 200;

export class ControlNumbers {
  private readonly blocks = new Map<string, { next: number; end: number; pending?: Promise<void> }>();
  private readonly db: Db;
  private readonly tenantId: string;
  constructor(db: Db, tenantId: string) {
    this.db = db;
    this.tenantId = tenantId;
  }

  async next(partnerId: string): Promise<number> {
    for (;;) {
      const block = this.blocks.get(partnerId);
      if (block && block.next <= block.end) return block.next++;
      if (block?.pending) {
        await block.pending;
        continue;
      }
      const pending = this.db
        .query<{ first: string }>('select eligibility_private.fn_reserve_control_numbers($1, $2, $3) as first', [this.tenantId, partnerId, BLOCK])
        .then(({ rows }) => {
          const first = Number(rows[0].first);
          this.blocks.set(partnerId, { next: first, end: first + BLOCK - 1 });
        });
      this.blocks.set(partnerId, { next: 1, end: 0, pending });
      await pending;
    }
  }
}

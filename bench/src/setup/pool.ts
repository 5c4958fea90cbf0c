/**
 * Things a workload may use one at a time (a member, a pair of members): two transactions in
 * flight on one member would conflict on its balance, which is the harness's doing, not the
 * system's. An empty pool means every item is busy: the offered load cannot be sent.
 */
export class Pool<T> {
  private readonly free: T[];

  constructor(items: readonly T[]) {
    this.free = [...items];
  }

  take(): T | undefined {
    return this.free.shift();
  }

  give(item: T): void {
    this.free.push(item);
  }

  get available(): number {
    return this.free.length;
  }
}

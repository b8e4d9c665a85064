// Posts the 835 transactions of one file, several at once, with the order of the file kept
// wherever it matters. Each transaction posts in its own database transaction
// (billing.fn_post_remittance), and two of them that name no claim in common are independent
// work: posting them at once uses the database's cores. Two that name the same claim (a reversal
// in one, its correction in the next; a claim paid twice) must post in file order: "a reversal
// undoes the claim's latest payment" depends on it. So a transaction starts only after every
// earlier transaction of the file that names one of its claims (CLP01 patient control number or
// CLP07 payer claim control number) has finished. The posting itself locks the claims it moves in
// one order (billing_private.post_claim_payments), so postings that do run at once never deadlock,
// and a duplicate delivered twice at once still posts once (remittance_posted_once).
import { config } from '../config.ts';
import type { TransactionToPost } from './transaction-to-post.ts';

/**
 * Runs post(transaction) for each transaction (transactionToPost), at most `concurrency` at once, each after the earlier
 * transactions that share a claim with it. `transactions` may still be being read (a reader thread hands out a file's
 * 835s as it maps them): each starts as soon as it is read and its turn comes, not once the whole file is read.
 * Answers in file order. On the first failure no further transaction starts and the rest of the file is not taken;
 * those already running finish, then the failure is thrown (what posted stays posted, as when they ran one by one:
 * a file delivered again answers DUPLICATE for those). A read failing midway is such a failure.
 */
export async function postInFileOrder<T>(transactions: Iterable<TransactionToPost> | AsyncIterable<TransactionToPost>,
  post: (transaction: TransactionToPost, index: number) => Promise<T>, concurrency = config.remittancePostConcurrency): Promise<T[]> {
  const results: T[] = [];
  const lastByKey = new Map<string, Promise<unknown>>();
  const waitingForSlot: Array<() => void> = [];
  const tasks: Array<Promise<void>> = [];
  let running = 0;
  let failure: { error: unknown } | undefined;
  const acquire = async () => {
    if (running < concurrency) {
      running++;
      return;
    }
    await new Promise<void>((resolve) => waitingForSlot.push(resolve));
  };
  const release = () => {
    const next = waitingForSlot.shift();
    if (next) next();
    else running--;
  };
  const start = (transaction: TransactionToPost, index: number) => {
    const keys = transaction.claimKeys;
    const before = [...new Set(keys.map((key) => lastByKey.get(key)).filter((p) => p !== undefined))];
    const task = (async () => {
      await Promise.all(before);
      await acquire();
      try {
        if (failure) return;
        results[index] = await post(transaction, index);
      } catch (error) {
        failure ??= { error };
      } finally {
        release();
      }
    })();
    for (const key of keys) lastByKey.set(key, task);
    tasks.push(task);
  };
  try {
    for await (const transaction of transactions) {
      if (failure) break;
      start(transaction, tasks.length);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.all(tasks);
  if (failure) throw failure.error;
  return results;
}

// Waiting on a chain from tests: polling with a deadline, and every event since a block.

import { sleep } from './service.js';

/** Polls `check` every 500 ms until it returns something truthy; rejects after `timeoutMs`. */
export async function until (what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** `amount × parts / 10^9` rounded as the runtime's `Perbill` multiplication rounds: to the
 * nearest, a tie down. */
export function perbillOf (parts, amount) {
  const scaled = amount * parts;
  const quotient = scaled / 1_000_000_000n;
  return scaled % 1_000_000_000n > 500_000_000n ? quotient + 1n : quotient;
}

/**
 * The events of every block from `from` on: a function that reads the blocks added since its
 * last call (through whichever connection it is given) and resolves to all events so far.
 * With `income`, it also adds up, in `log.income`, what each block's fees paid to its author
 * (the author's share of each fee, and the tips) and to the treasury (the rest), by address,
 * as the runtime's fee split pays them; that reads each block's header as well.
 */
export function eventLog (from, { income: withIncome = false } = {}) {
  const events = [];
  const income = {};
  let next = from;
  const log = async (api) => {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const treasury = api.consts.cpcEconomics.treasuryAccount.toString();
    const credit = (who, amount) => { income[who] = (income[who] ?? 0n) + amount; };
    for (; next <= best; next++) {
      const hash = await api.rpc.chain.getBlockHash(next);
      const author = withIncome ? (await api.derive.chain.getHeader(hash)).author?.toString() : undefined;
      const at = await api.at(hash);
      // The split in force in that block: governance may change it.
      const share = withIncome ? (await at.query.cpcParameters.economics()).authorShare.toBigInt() : 0n;
      for (const { event } of await at.query.system.events()) {
        events.push(event);
        if (!withIncome || !api.events.transactionPayment.TransactionFeePaid.is(event)) continue;
        const tip = event.data.tip.toBigInt();
        const fee = event.data.actualFee.toBigInt() - tip;
        const toAuthor = author ? perbillOf(share, fee) + tip : 0n;
        if (author) credit(author, toAuthor);
        credit(treasury, fee + tip - toAuthor);
      }
    }
    return events;
  };
  log.income = income;
  return log;
}

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

/**
 * The events of every block from `from` on: a function that reads the blocks added since its
 * last call (through whichever connection it is given) and resolves to all events so far.
 */
export function eventLog (from) {
  const events = [];
  let next = from;
  return async (api) => {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (; next <= best; next++) {
      const hash = await api.rpc.chain.getBlockHash(next);
      for (const record of await (await api.at(hash)).query.system.events()) events.push(record.event);
    }
    return events;
  };
}

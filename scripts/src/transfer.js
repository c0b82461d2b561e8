// Transfers CPC with @polkadot/api: an example of submitting an extrinsic from a script.
//
//   node src/transfer.js [--url ws://127.0.0.1:9944] [--from //Alice] [--to //Bob] [--amount 1.5]
//
// --from is a secret URI (dev accounts: //Alice, //Bob, ...); --to is a secret URI or an SS58
// address; --amount is in CPC.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { parseArgs } from 'node:util';

/** Converts a decimal CPC amount ("1.5") to the smallest unit, given the chain's decimals. */
export function toPlanck (amount, decimals) {
  const [whole, fraction = ''] = String(amount).split('.');
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > decimals) {
    throw new Error(`not a CPC amount with at most ${decimals} decimals: ${amount}`);
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** A dispatch error by name (`Committee.NoSessionKeys`), or as the chain encodes it. */
export function describeDispatchError (registry, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name } = registry.findMetaError(dispatchError.asModule);
    // The pallet's name as the runtime spells it: `dataRegistry` is `DataRegistry`.
    return `${section.charAt(0).toUpperCase()}${section.slice(1)}.${name}`;
  }
  return dispatchError.toString();
}

/** Signs and submits `tx`, resolving once it is in a block: { blockHash, events }. */
export function submitAndWait (tx, signer, timeoutMs = 60_000, options = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => { unsub(); reject(new Error('timed out waiting for inclusion')); }, timeoutMs);
    tx.signAndSend(signer, options, ({ status, events, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer);
        unsub();
        reject(new Error(`the transaction was ${status.type.toLowerCase()}`));
        return;
      }
      if (!status.isInBlock && !status.isFinalized) return;
      clearTimeout(timer);
      unsub();
      if (dispatchError) {
        reject(new Error(`dispatch failed: ${describeDispatchError(tx.registry, dispatchError)}`));
      } else {
        resolve({ blockHash: (status.isInBlock ? status.asInBlock : status.asFinalized).toHex(), events });
      }
    }).then((u) => { unsub = u; }, (err) => { clearTimeout(timer); reject(err); });
  });
}

async function main () {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'ws://127.0.0.1:9944' },
      from: { type: 'string', default: '//Alice' },
      to: { type: 'string', default: '//Bob' },
      amount: { type: 'string', default: '1' }
    }
  });
  const api = await ApiPromise.create({ provider: new WsProvider(values.url), noInitWarn: true });
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    const from = keyring.addFromUri(values.from);
    const to = values.to.startsWith('//') ? keyring.addFromUri(values.to).address : values.to;
    const value = toPlanck(values.amount, api.registry.chainDecimals[0]);
    const { blockHash, events } = await submitAndWait(api.tx.balances.transferKeepAlive(to, value), from);
    const fee = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    console.log(`transferred ${values.amount} ${api.registry.chainTokens[0]} from ${from.address} to ${to}`);
    console.log(`block ${blockHash}, fee ${fee ? fee.event.data.actualFee.toString() : 'n/a'}`);
  } finally {
    await api.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => { console.error(err.message); process.exit(1); });
}

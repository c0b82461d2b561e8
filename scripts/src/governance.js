// Referenda from a script with @polkadot/api: note a preimage, submit a referendum on a
// track, place its decision deposit, vote with conviction, delegate, and show a referendum.
//
//   node src/governance.js submit   --track root --call system.authorizeUpgrade --args '["0x…"]'
//   node src/governance.js deposit  --index 0
//   node src/governance.js vote     --index 0 --aye --conviction 1 --amount 1000
//   node src/governance.js delegate --track root --to //Bob --conviction 2 --amount 1000
//   node src/governance.js show     --index 0
//
// Common options: --url ws://127.0.0.1:9944, --from //Alice (a secret URI). Amounts are in CPC.
// `submit` notes the call's preimage, submits it on the track and places the decision deposit
// (unless --no-deposit); it prints the referendum's index.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { parseArgs } from 'node:util';

import { submitAndWait, toPlanck } from './transfer.js';

/** The origin each track dispatches with, by the track's name. */
export const TRACK_ORIGINS = {
  root: { system: 'Root' },
  whitelisted_caller: { Origins: 'WhitelistedCaller' },
  parameter_setter: { Origins: 'ParameterSetter' },
  referendum_canceller: { Origins: 'ReferendumCanceller' },
  referendum_killer: { Origins: 'ReferendumKiller' },
  small_spender: { Origins: 'SmallSpender' },
  big_spender: { Origins: 'BigSpender' }
};

/** The conviction names by number, as conviction voting encodes them. */
const CONVICTIONS = ['None', 'Locked1x', 'Locked2x', 'Locked3x', 'Locked4x', 'Locked5x', 'Locked6x'];

/** A track's name: the runtime keeps it in a fixed-size array, padded with zero bytes. */
export function trackName (info) {
  return new TextDecoder().decode(info.name.toU8a(true)).replace(/\0+$/, '');
}

/** The track's id by name, from the runtime's `referenda.tracks` constant. */
export function trackId (api, name) {
  for (const [id, info] of api.consts.referenda.tracks) {
    if (trackName(info) === name) return id.toNumber();
  }
  throw new Error(`no track named ${name}`);
}

/** Conviction `n` (0 to 6) by its name. */
export function conviction (n) {
  const name = CONVICTIONS[Number(n)];
  if (!name) throw new Error(`conviction must be 0 to 6, not ${n}`);
  return name;
}

/**
 * Notes `call`'s preimage (unless its bytes are on chain already): { hash, len }. `options` go
 * to `signAndSend` (e.g. `{ nonce: -1 }`: the runtime's nonce rather than a cached one).
 */
export async function notePreimage (api, call, signer, options = {}) {
  const bytes = call.method.toU8a();
  const hash = call.method.hash.toHex();
  // A hash can be requested (by a referendum, say) before anyone notes its bytes.
  const stored = await api.query.preimage.preimageFor([hash, bytes.length]);
  // As hex: @polkadot/api reads a Uint8Array given for `Bytes` as already length-prefixed.
  if (stored.isNone) await submitAndWait(api.tx.preimage.notePreimage(call.method.toHex()), signer, undefined, options);
  return { hash, len: bytes.length };
}

/**
 * Notes `call`, submits it on `track` to be enacted `after` blocks after approval, and places
 * the decision deposit unless `deposit` is false: the referendum's index. `options` go to each
 * `signAndSend`, as for `notePreimage`.
 */
export async function submitReferendum (api, { track, call, signer, after = 0, deposit = true, options = {} }) {
  const origin = TRACK_ORIGINS[track];
  if (!origin) throw new Error(`unknown track ${track}`);
  const { hash, len } = await notePreimage(api, call, signer, options);
  const { events } = await submitAndWait(
    api.tx.referenda.submit(origin, { Lookup: { hash, len } }, { After: after }),
    signer,
    undefined,
    options
  );
  const submitted = events.find(({ event }) => api.events.referenda.Submitted.is(event));
  const index = submitted.event.data.index.toNumber();
  if (deposit) await submitAndWait(api.tx.referenda.placeDecisionDeposit(index), signer, undefined, options);
  return index;
}

/** Votes aye or nay with `balance` (smallest units) at conviction `n`. */
export function voteTx (api, index, { aye, balance, conviction: n = 1 }) {
  return api.tx.convictionVoting.vote(index, {
    Standard: { vote: { aye, conviction: conviction(n) }, balance }
  });
}

/** A referendum's state: { state, track, tally, ... } as plain JSON. */
export async function referendumState (api, index) {
  const info = await api.query.referenda.referendumInfoFor(index);
  if (info.isNone) return { state: 'none' };
  const value = info.unwrap();
  if (value.isOngoing) {
    const o = value.asOngoing;
    return {
      state: o.deciding.isSome ? (o.deciding.unwrap().confirming.isSome ? 'confirming' : 'deciding') : 'preparing',
      track: o.track.toNumber(),
      ayes: o.tally.ayes.toBigInt(),
      nays: o.tally.nays.toBigInt(),
      support: o.tally.support.toBigInt(),
      decisionDeposit: o.decisionDeposit.isSome
    };
  }
  return { state: value.type.toLowerCase(), since: value.value[0].toNumber() };
}

async function main () {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'ws://127.0.0.1:9944' },
      from: { type: 'string', default: '//Alice' },
      track: { type: 'string', default: 'root' },
      call: { type: 'string' },
      args: { type: 'string', default: '[]' },
      after: { type: 'string', default: '0' },
      'no-deposit': { type: 'boolean', default: false },
      index: { type: 'string' },
      aye: { type: 'boolean', default: false },
      nay: { type: 'boolean', default: false },
      conviction: { type: 'string', default: '1' },
      amount: { type: 'string', default: '1' },
      to: { type: 'string' }
    }
  });
  const api = await ApiPromise.create({ provider: new WsProvider(values.url), noInitWarn: true });
  try {
    const keyring = new Keyring({ type: 'sr25519' });
    const signer = keyring.addFromUri(values.from);
    const decimals = api.registry.chainDecimals[0];
    const index = values.index === undefined ? undefined : Number(values.index);
    switch (positionals[0]) {
      case 'submit': {
        const [section, method] = (values.call ?? '').split('.');
        const make = api.tx[section]?.[method];
        if (!make) throw new Error(`no call ${values.call}: give --call pallet.method`);
        const call = make(...JSON.parse(values.args));
        const submitted = await submitReferendum(api, {
          track: values.track, call, signer, after: Number(values.after), deposit: !values['no-deposit']
        });
        console.log(`referendum ${submitted} on track ${values.track}`);
        break;
      }
      case 'deposit':
        await submitAndWait(api.tx.referenda.placeDecisionDeposit(index), signer);
        console.log(`decision deposit placed on referendum ${index}`);
        break;
      case 'vote': {
        if (values.aye === values.nay) throw new Error('give --aye or --nay');
        const balance = toPlanck(values.amount, decimals);
        await submitAndWait(voteTx(api, index, { aye: values.aye, balance, conviction: values.conviction }), signer);
        console.log(`voted ${values.aye ? 'aye' : 'nay'} on referendum ${index}`);
        break;
      }
      case 'delegate': {
        if (!values.to) throw new Error('give --to');
        const to = values.to.startsWith('//') ? keyring.addFromUri(values.to).address : values.to;
        const balance = toPlanck(values.amount, decimals);
        const tx = api.tx.convictionVoting.delegate(trackId(api, values.track), to, conviction(values.conviction), balance);
        await submitAndWait(tx, signer);
        console.log(`delegated on track ${values.track} to ${to}`);
        break;
      }
      case 'show': {
        const state = await referendumState(api, index);
        console.log(JSON.stringify(state, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2));
        break;
      }
      default:
        throw new Error('usage: governance.js submit|deposit|vote|delegate|show [options]');
    }
  } finally {
    await api.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => { console.error(err.message); process.exit(1); });
}

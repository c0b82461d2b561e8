// The free daily quota end to end on the dev node: a freeze earns free transactions, the fee
// query says what each transaction is really charged, the next one past the quota pays, the
// quota refills the next day, pending transactions do not all go free, and the fee split pays
// author and treasury to the unit. @polkadot/api, polkadot-api and subxt sign, none of them
// configured for this chain.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { sr25519CreateDerive } from '@polkadot-labs/hdkd';
import { DEV_PHRASE, entropyToMiniSecret, mnemonicToEntropy } from '@polkadot-labs/hdkd-helpers';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { createWsClient } from 'polkadot-api/ws';
import { WebSocket } from 'ws';

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { startDevNode, workspaceBinary } from '../src/node.js';
import { submitAndWait } from '../src/transfer.js';
import { perbillOf, until } from '../src/wait.js';

const CPC = 10n ** 18n;
// Four free transactions a day for the minimum freeze of 100 CPC, so a day's worth fits in
// a few blocks.
const PER_FREE = 25n * CPC;
const MAX_TRANSACTIONS = 60;

describe('free daily quota', () => {
  let node, api;
  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const ferdie = keyring.addFromUri('//Ferdie');
  const bob = keyring.addFromUri('//Bob').address;

  before(async () => {
    node = await startDevNode({ extraArgs: ['--sealing', 'interval', '--dev-block-time', '1000'] });
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) await node.stop();
  });

  /** What an included transaction cost its sender: from its events, and from its balance. */
  async function outcome (blockHash, signer, amount) {
    const block = await api.rpc.chain.getBlock(blockHash);
    const at = await api.at(blockHash);
    const parent = await api.at(block.block.header.parentHash);
    const events = await at.query.system.events();
    const index = block.block.extrinsics.findIndex((xt) => xt.isSigned && xt.signer.toString() === signer);
    const mine = events.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
    const paid = mine.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    const free = mine.find(({ event }) => api.events.cpcEconomics.FreeTransaction.is(event));
    assert.ok(Boolean(paid) !== Boolean(free), 'either paid or free');
    const spent = (await parent.query.system.account(signer)).data.free.toBigInt() -
      (await at.query.system.account(signer)).data.free.toBigInt() - amount;
    const fee = paid ? paid.event.data.actualFee.toBigInt() : 0n;
    assert.equal(spent, fee, 'the balance moved by the fee the events report');
    return { number: block.block.header.number.toNumber(), blockHash, fee, free: free?.event.data };
  }

  /** Sends one transfer of 1 CPC from Ferdie, after asking what it will be charged. */
  async function send () {
    const tx = api.tx.balances.transferKeepAlive(bob, CPC);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    const quoted = (await tx.paymentInfo(ferdie)).partialFee.toBigInt();
    const { blockHash } = await submitAndWait(tx, ferdie);
    const result = await outcome(blockHash, ferdie.address, CPC);
    return { ...result, quoted, queriedFor: best + 1 };
  }

  test('inside the quota free, past it paid, refilled the next day, as the fee query says', async () => {
    const params = (await api.query.cpcParameters.economics()).toJSON();
    const day = Number(params.dayLength);
    const quota = Number(100n * CPC / PER_FREE);
    // One parameter at a time, each within its bounds: the minimum first, so that it never
    // falls below the rate.
    for (const change of [{ QuotaMinFreeze: 100n * CPC }, { FreezePerFreeTransaction: PER_FREE }]) {
      await submitAndWait(api.tx.sudo.sudo(api.tx.cpcParameters.setParameter({ Economics: change })), alice);
    }
    await submitAndWait(api.tx.cpcEconomics.freezeForQuota(100n * CPC), ferdie);
    const record = (await api.query.cpcEconomics.quotaAccounts(ferdie.address)).unwrap();
    assert.equal(record.frozen.toBigInt(), 100n * CPC);

    // Transfers one after another, until a day has had a paid one past its quota and the day
    // after has had a free one.
    const sent = [];
    const days = () => {
      const byDay = new Map();
      for (const tx of sent) {
        const d = Math.floor(tx.number / day);
        byDay.set(d, [...(byDay.get(d) ?? []), tx]);
      }
      return byDay;
    };
    const done = () => {
      const byDay = [...days().values()];
      const full = byDay.findIndex((txs) => txs.length > quota);
      return full >= 0 && byDay.slice(full + 1).some((txs) => txs.some((tx) => tx.free));
    };
    while (!done() && sent.length < MAX_TRANSACTIONS) sent.push(await send());
    assert.ok(done(), `within ${MAX_TRANSACTIONS} transactions`);

    for (const [d, txs] of days()) {
      // One transaction a block, so the spacing never stands in the way: the day's first
      // `quota` go free, the rest pay. (The first day may have begun before the freeze.)
      txs.forEach((tx, k) => {
        if (k < quota) assert.equal(tx.fee, 0n, `day ${d}, transaction ${k}: free`);
        else assert.ok(tx.fee > 0n, `day ${d}, transaction ${k}: paid`);
        if (tx.free) assert.deepEqual([tx.free.used.toNumber(), tx.free.quota.toNumber()], [k + 1, quota]);
      });
    }
    // The fee query tells what the transaction is really charged: nothing inside the quota,
    // the fee past it. It speaks for the next block; a transaction that waited one more
    // block may have crossed into the next day.
    const onTime = sent.filter((tx) => tx.number === tx.queriedFor);
    assert.ok(onTime.length >= sent.length / 2, `${onTime.length} of ${sent.length} in the next block`);
    for (const tx of onTime) assert.equal(tx.fee, tx.quoted, `block ${tx.number}`);
    assert.ok(onTime.some((tx) => tx.fee > 0n) && onTime.some((tx) => tx.fee === 0n));

    // Each block's author and the treasury received their shares of every fee, to the unit.
    const share = (await api.query.cpcParameters.economics()).authorShare.toBigInt();
    const treasury = api.consts.cpcEconomics.treasuryAccount.toString();
    const expected = { [treasury]: 0n };
    for (const tx of sent) {
      const author = (await api.derive.chain.getHeader(tx.blockHash)).author.toString();
      const toAuthor = perbillOf(share, tx.fee);
      expected[author] = (expected[author] ?? 0n) + toAuthor;
      expected[treasury] += tx.fee - toAuthor;
    }
    const first = await api.at(await api.rpc.chain.getBlockHash(sent[0].number - 1));
    const last = await api.at(sent.at(-1).blockHash);
    for (const [who, amount] of Object.entries(expected)) {
      const gained = (await last.query.system.account(who)).data.free.toBigInt() -
        (await first.query.system.account(who)).data.free.toBigInt();
      assert.equal(gained, amount, `${who === treasury ? 'treasury' : who}: its share of the fees`);
    }
    assert.ok(expected[treasury] > 0n);
  });

  test('pending transactions do not all claim the last free place, and none is refused', async () => {
    // Start a fresh day, then send three at once: only the first may go free.
    const day = (await api.query.cpcParameters.economics()).dayLength.toNumber();
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    await until('a new quota day', async () =>
      Math.floor((await api.rpc.chain.getHeader()).number.toNumber() / day) > Math.floor((start + 1) / day) &&
      (await api.rpc.chain.getHeader()).number.toNumber() % day < day - 6, 60_000);
    const nonce = (await api.rpc.system.accountNextIndex(ferdie.address)).toNumber();
    const included = await Promise.all([0, 1, 2].map((k) =>
      submitAndWait(api.tx.balances.transferKeepAlive(bob, CPC), ferdie, 60_000, { nonce: nonce + k })));
    const results = [];
    for (const { blockHash } of included) {
      const block = await api.rpc.chain.getBlock(blockHash);
      const events = await (await api.at(blockHash)).query.system.events();
      for (const [index, xt] of block.block.extrinsics.entries()) {
        if (!xt.isSigned || xt.signer.toString() !== ferdie.address) continue;
        const mine = events.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
        const free = mine.some(({ event }) => api.events.cpcEconomics.FreeTransaction.is(event));
        results.push({ nonce: xt.nonce.toNumber(), free });
      }
    }
    const unique = [...new Map(results.map((r) => [r.nonce, r])).values()].sort((a, b) => a.nonce - b.nonce);
    assert.deepEqual(unique.map((r) => r.nonce), [nonce, nonce + 1, nonce + 2], 'all three included');
    assert.equal(unique.filter((r) => r.free).length, 1, 'one of the three free');
    assert.equal(unique[0].free, true, 'the first one');
  });

  test('polkadot-api signs unconfigured and its fee estimate is the charge', async () => {
    // Node 20 has no WebSocket of its own.
    const client = createWsClient(node.url, { websocketClass: WebSocket });
    try {
      const unsafe = client.getUnsafeApi();
      const derive = sr25519CreateDerive(entropyToMiniSecret(mnemonicToEntropy(DEV_PHRASE)));
      const key = derive('//Ferdie');
      const signer = getPolkadotSigner(key.publicKey, 'Sr25519', key.sign);
      let compared = 0;
      for (let k = 0; k < 6; k++) {
        const tx = unsafe.tx.Balances.transfer_keep_alive({ dest: { type: 'Id', value: bob }, value: CPC });
        const estimate = await tx.getEstimatedFees(ferdie.address);
        const best = (await api.rpc.chain.getHeader()).number.toNumber();
        const result = await new Promise((resolve, reject) => {
          const subscription = tx.signSubmitAndWatch(signer).subscribe({
            next: (event) => {
              if (event.type === 'txBestBlocksState' && event.found) {
                subscription.unsubscribe();
                if (event.ok) resolve(event);
                else reject(new Error(`dispatch failed: ${JSON.stringify(event.dispatchError)}`));
              }
            },
            error: reject
          });
        });
        const { number, fee } = await outcome(result.block.hash, ferdie.address, CPC);
        if (number === best + 1) {
          assert.equal(fee, estimate, `block ${number}`);
          compared++;
        }
      }
      assert.ok(compared >= 3, `${compared} of 6 in the next block`);
    } finally {
      client.destroy();
    }
  });

  test('subxt signs unconfigured and its fee estimate is the charge', async () => {
    // `examples/subxt-transfer`: subxt's PolkadotConfig and dev keys, nothing of this chain's.
    const binary = workspaceBinary('subxt-transfer', 'CPCHAIN_SUBXT');
    let compared = 0;
    for (let k = 0; k < 4; k++) {
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      const { stdout } = await promisify(execFile)(binary, [node.url, 'ferdie', 'bob', String(CPC)], { timeout: 60_000 });
      const { block, estimate } = JSON.parse(stdout);
      const { number, fee } = await outcome(block, ferdie.address, CPC);
      if (number === best + 1) {
        assert.equal(fee, BigInt(estimate), `block ${number}`);
        compared++;
      }
    }
    assert.ok(compared >= 2, `${compared} of 4 in the next block`);
  });

  test('unfrozen CPC stops earning at once', async () => {
    await submitAndWait(api.tx.cpcEconomics.unfreezeQuota(100n * CPC), ferdie);
    const { fee, free } = await send();
    assert.ok(fee > 0n && !free, 'paid');
    await assert.rejects(submitAndWait(api.tx.cpcEconomics.withdrawUnfrozen(), ferdie),
      /CpcEconomics\.StillUnfreezing/);
  });
});

// End-to-end: a real `cpchain-node --dev --tmp` and a real @polkadot/api client.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDevNode, waitForBestBlock } from '../src/node.js';
import { sleep } from '../src/service.js';
import { submitAndWait, toPlanck } from '../src/transfer.js';
import { perbillOf } from '../src/wait.js';

const CPC = 10n ** 18n;

describe('cpchain-node --dev', () => {
  let node;
  let api;
  let keyring;

  before(async () => {
    // Timed blocks every second so the idle-block test stays short.
    node = await startDevNode({ extraArgs: ['--dev-block-time', '1000'] });
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) {
      const exit = await node.stop();
      assert.ok(exit.code === 0 || exit.signal === 'SIGINT', `node exit: ${JSON.stringify(exit)}`);
    }
  });

  test('serves the CPChain runtime metadata', async () => {
    assert.equal(api.runtimeVersion.specName.toString(), 'cpchain');
    assert.ok(api.runtimeMetadata.version >= 14);
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    for (const name of ['System', 'ParachainSystem', 'Timestamp', 'ParachainInfo', 'Balances',
      'TransactionPayment', 'Sudo', 'Authorship', 'Committee', 'Session', 'Aura', 'AuraExt',
      'XcmpQueue', 'PolkadotXcm', 'CumulusXcm', 'MessageQueue']) {
      assert.ok(pallets.includes(name), `pallet ${name} missing from ${pallets}`);
    }
    assert.equal((await api.query.parachainInfo.parachainId()).toNumber(), 2000);
    assert.equal((await api.rpc.system.chain()).toString(), 'CPChain Development');
  });

  test('chain properties name the CPC token with 18 decimals', async () => {
    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'CPC');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 18);
    assert.equal(api.registry.chainTokens[0], 'CPC');
    assert.equal(api.registry.chainDecimals[0], 18);
  });

  test('produces blocks while idle', async () => {
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    const now = await waitForBestBlock(api, start + 2);
    assert.ok(now >= start + 2, `best block stayed at ${now} (started at ${start})`);
  });

  test('a burst of transactions does not put the chain clock ahead of the wall clock', async () => {
    const dave = keyring.addFromUri('//Dave');
    const nonce = (await api.rpc.system.accountNextIndex(dave.address)).toNumber();
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    // Four transactions at once: the first gets a block at once, the others the next slot's.
    const included = await Promise.all([0, 1, 2, 3].map((i) =>
      submitAndWait(api.tx.system.remark(`burst ${i}`), dave, 60_000, { nonce: nonce + i })));
    const lead = (await api.query.timestamp.now()).toNumber() - Date.now();
    assert.ok(lead <= 6000, `${lead} ms ahead`);
    const blocks = new Set(included.map(({ blockHash }) => blockHash));
    assert.ok(blocks.size <= 3, `${blocks.size} blocks for four transactions`);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(best - start <= 4, `${best - start} blocks`);
    assert.ok(await waitForBestBlock(api, best + 1) > best, 'idle blocks go on');
  });

  test('transfers CPC from Alice to Bob and charges the fee to Alice', async () => {
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const amount = toPlanck('1.5', 18);
    assert.equal(amount, 3n * CPC / 2n);

    const tx = api.tx.balances.transferKeepAlive(bob.address, amount);
    const { blockHash, events } = await submitAndWait(tx, alice);

    const header = await api.rpc.chain.getHeader(blockHash);
    const parentHash = header.parentHash;
    const atParent = await api.at(parentHash);
    const atBlock = await api.at(blockHash);
    const before = {
      alice: (await atParent.query.system.account(alice.address)).data.free.toBigInt(),
      bob: (await atParent.query.system.account(bob.address)).data.free.toBigInt()
    };
    const afterBlock = {
      alice: (await atBlock.query.system.account(alice.address)).data.free.toBigInt(),
      bob: (await atBlock.query.system.account(bob.address)).data.free.toBigInt()
    };

    const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
    assert.ok(transfer, 'no Balances.Transfer event');
    assert.equal(transfer.event.data.amount.toBigInt(), amount);

    const feePaid = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feePaid, 'no TransactionPayment.TransactionFeePaid event');
    assert.equal(feePaid.event.data.who.toString(), alice.address);
    const fee = feePaid.event.data.actualFee.toBigInt();
    assert.ok(fee > 0n, 'fee must be charged');
    // A transfer costs a fraction of a CPC, not more.
    assert.ok(fee < CPC / 10n, `fee ${fee} is implausibly high`);

    assert.equal(afterBlock.bob - before.bob, amount, 'Bob receives exactly the amount');
    // When Alice, a committee member, authored the block, her share of the fee came back.
    const author = (await api.derive.chain.getHeader(blockHash)).author?.toString();
    const share = (await api.query.cpcParameters.economics()).authorShare.toBigInt();
    const back = author === alice.address ? perbillOf(share, fee) : 0n;
    assert.equal(before.alice - afterBlock.alice, amount + fee - back, 'Alice pays the amount plus the fee');

    // The fee the chain charged is the one it quotes for the same call.
    const info = await api.call.transactionPaymentApi.queryInfo(tx.toU8a(), tx.encodedLength);
    const quoted = info.partialFee.toBigInt();
    assert.ok(quoted > 0n);
    assert.ok(fee <= quoted * 2n && quoted <= fee * 2n, `quoted ${quoted} vs charged ${fee}`);
  });

  test('rejects a transfer from an account that cannot pay the fee', async () => {
    const pauper = keyring.addFromUri('//CPChainPauper');
    const bob = keyring.addFromUri('//Bob');
    await assert.rejects(
      api.tx.balances.transferKeepAlive(bob.address, CPC).signAndSend(pauper),
      /1010|Inability to pay some fees/
    );
  });

  test('rejects a transfer whose signature does not match its call', async () => {
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const signed = await api.tx.balances.transferKeepAlive(bob.address, CPC).signAsync(alice);
    // Swap the signed call for one moving twice as much; the signature no longer covers it.
    const original = signed.method.toHex().slice(2);
    const tampered = api.tx.balances.transferKeepAlive(bob.address, 2n * CPC).method.toHex().slice(2);
    assert.equal(original.length, tampered.length);
    const forged = signed.toHex().replace(original, tampered);
    assert.notEqual(forged, signed.toHex());
    await assert.rejects(api.rpc.author.submitExtrinsic(forged), /1010|bad signature/i);
  });
});

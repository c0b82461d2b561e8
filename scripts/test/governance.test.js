// Governance end to end on the dev node (its tracks run a day in ten blocks): a root
// referendum passes by conviction votes and the scheduler enacts it; a rejected one changes
// nothing and returns its deposits; the council whitelists a call that then passes on
// the whitelisted track sooner than a root referendum started with it; a referendum on the
// parameter track changes a committee parameter `committeeApi.parameters` then reports; the
// executive committee sets a listed parameter and is refused one beyond its bounds and one it
// may not set. Votes delegate too.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';

import { referendumState, submitReferendum, trackId, trackName, voteTx } from '../src/governance.js';
import { startDevNode } from '../src/node.js';
import { submitAndWait } from '../src/transfer.js';

const CPC = 10n ** 18n;
const VOTE = 800_000n * CPC;

describe('governance', () => {
  let node, api;
  const keyring = new Keyring({ type: 'sr25519' });
  const [alice, bob, charlie, dave, eve, ferdie] =
    ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));

  before(async () => {
    node = await startDevNode({ extraArgs: ['--sealing', 'interval', '--dev-block-time', '1000'] });
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) await node.stop();
  });

  const best = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const authorized = async () => {
    const value = await api.query.system.authorizedUpgrade();
    return value.isSome ? value.unwrap().codeHash.toHex() : null;
  };

  /** Waits, a block at a time and at most `blocks`, until `done()` holds: its value. */
  async function waitFor (done, blocks = 120) {
    const start = await best();
    for (;;) {
      const value = await done();
      if (value) return value;
      assert.ok((await best()) - start <= blocks, `not within ${blocks} blocks`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  const upgrade = (byte) => api.tx.system.authorizeUpgrade(`0x${byte.repeat(32)}`);
  const approvedAt = async (index) => {
    const state = await referendumState(api, index);
    return state.state === 'approved' ? state.since : null;
  };

  test('the tracks are the runtime\'s, at the dev chain\'s pace', async () => {
    const names = [...api.consts.referenda.tracks].map(([, info]) => trackName(info));
    assert.deepEqual(names, ['root', 'whitelisted_caller', 'parameter_setter', 'referendum_canceller',
      'referendum_killer', 'small_spender', 'big_spender']);
    const root = [...api.consts.referenda.tracks].find(([id]) => id.toNumber() === trackId(api, 'root'))[1];
    // A day of the live chain in ten blocks: confirm one day, decide seven.
    assert.equal(root.confirmPeriod.toNumber(), 10);
    assert.equal(root.decisionPeriod.toNumber(), 70);
    assert.ok(api.consts.convictionVoting.voteLockingPeriod.toNumber() >= root.minEnactmentPeriod.toNumber());
  });

  test('a root referendum passes by conviction votes, is enacted, and returns its deposits', async () => {
    const reserved = async () => (await api.query.system.account(alice.address)).data.reserved.toBigInt();
    const before = await reserved();
    const index = await submitReferendum(api, { track: 'root', call: upgrade('11'), signer: alice });
    for (const voter of [alice, bob, charlie]) {
      await submitAndWait(voteTx(api, index, { aye: true, balance: VOTE, conviction: 1 }), voter);
    }
    // Dave delegates his vote on the root track to Alice: it counts with hers.
    await submitAndWait(api.tx.convictionVoting.delegate(trackId(api, 'root'), alice.address, 'Locked1x', VOTE), dave);
    const state = await referendumState(api, index);
    assert.equal(state.support, 4n * VOTE, 'three votes and a delegation');
    await waitFor(async () => (await authorized()) === `0x${'11'.repeat(32)}`);
    await submitAndWait(api.tx.referenda.refundDecisionDeposit(index), alice);
    await submitAndWait(api.tx.referenda.refundSubmissionDeposit(index), alice);
    await submitAndWait(api.tx.preimage.unnotePreimage(upgrade('11').method.hash), alice);
    assert.equal(await reserved(), before, 'every deposit returned');
    await submitAndWait(api.tx.convictionVoting.undelegate(trackId(api, 'root')), dave);
  });

  test('a rejected referendum changes nothing and returns both its deposits', async () => {
    const before = await authorized();
    const index = await submitReferendum(api, { track: 'root', call: upgrade('22'), signer: bob });
    await submitAndWait(voteTx(api, index, { aye: true, balance: VOTE }), bob);
    for (const voter of [eve, ferdie]) {
      await submitAndWait(voteTx(api, index, { aye: false, balance: VOTE, conviction: 2 }), voter);
    }
    await waitFor(async () => (await referendumState(api, index)).state === 'rejected', 150);
    assert.equal(await authorized(), before);
    const free = async () => (await api.query.system.account(bob.address)).data.free.toBigInt();
    const freeBefore = await free();
    await submitAndWait(api.tx.referenda.refundDecisionDeposit(index), bob);
    const deposit = [...api.consts.referenda.tracks].find(([id]) => id.toNumber() === 0)[1].decisionDeposit.toBigInt();
    // Back, less the refund's own fee.
    assert.ok((await free()) - freeBefore > deposit - CPC);
    // The submission deposit, which pallet-referenda keeps for a rejected referendum, comes
    // back by anyone's call, once.
    const reservedBefore = (await api.query.system.account(bob.address)).data.reserved.toBigInt();
    await submitAndWait(api.tx.origins.refundRejectedSubmission(index), charlie);
    const reservedAfter = (await api.query.system.account(bob.address)).data.reserved.toBigInt();
    assert.equal(reservedBefore - reservedAfter, api.consts.referenda.submissionDeposit.toBigInt());
    await assert.rejects(submitAndWait(api.tx.origins.refundRejectedSubmission(index), charlie), /AlreadyRefunded/);
  });

  test('the council whitelists a call that passes on the fast track sooner than on root', async () => {
    const inner = upgrade('33');
    const whitelist = api.tx.whitelist.whitelistCall(inner.method.hash);
    const len = whitelist.method.encodedLength;
    const { events } = await submitAndWait(api.tx.council.propose(2, whitelist, len), alice);
    const proposed = events.find(({ event }) => api.events.council.Proposed.is(event)).event.data;
    const [hash, motion] = [proposed.proposalHash, proposed.proposalIndex];
    for (const member of [alice, bob]) await submitAndWait(api.tx.council.vote(hash, motion, true), member);
    const weight = (await whitelist.paymentInfo(alice)).weight;
    await submitAndWait(api.tx.council.close(hash, motion, weight, len), charlie);
    assert.ok((await api.query.whitelist.whitelistedCall(inner.method.hash)).isSome, 'whitelisted');

    const fast = await submitReferendum(api, {
      track: 'whitelisted_caller', call: api.tx.whitelist.dispatchWhitelistedCallWithPreimage(inner), signer: alice
    });
    const slow = await submitReferendum(api, { track: 'root', call: upgrade('44'), signer: bob });
    // The fast track needs less support (5 % at first): two holders' votes carry it, and it
    // may be over before a third could vote. Root needs a quarter: all four.
    for (const voter of [alice, bob]) await submitAndWait(voteTx(api, fast, { aye: true, balance: VOTE }), voter);
    for (const voter of [alice, bob, charlie, dave]) {
      await submitAndWait(voteTx(api, slow, { aye: true, balance: VOTE }), voter);
    }
    // The whitelisted call itself runs, as root, while the root referendum still confirms.
    await waitFor(async () => (await authorized()) === `0x${'33'.repeat(32)}`);
    assert.equal(await approvedAt(slow), null, 'the root referendum is not through yet');
    const fastAt = await approvedAt(fast);
    const slowAt = await waitFor(() => approvedAt(slow));
    assert.ok(fastAt < slowAt, `whitelisted approved at ${fastAt}, root at ${slowAt}`);
    assert.ok((await api.query.whitelist.whitelistedCall(inner.method.hash)).isNone, 'dispatched');
    await waitFor(async () => (await authorized()) === `0x${'44'.repeat(32)}`);
  });

  test('a referendum on the parameter track changes the committee, as committeeApi reports', async () => {
    const before = (await api.call.committeeApi.parameters()).toJSON().minCredit;
    const call = api.tx.cpcParameters.setParameter({ Committee: { MinCredit: before + 50 } });
    const index = await submitReferendum(api, { track: 'parameter_setter', call, signer: alice });
    for (const voter of [alice, bob, charlie]) {
      await submitAndWait(voteTx(api, index, { aye: true, balance: VOTE }), voter);
    }
    await waitFor(async () => (await api.call.committeeApi.parameters()).toJSON().minCredit === before + 50);
    assert.ok(await approvedAt(index));
    assert.equal((await api.query.cpcParameters.committee()).minCredit.toNumber(), before + 50);
  });

  test('the executive committee sets a listed parameter, within its bounds only', async () => {
    /** Dave proposes `call` to the executive committee, Dave and Eve vote aye, Ferdie closes. */
    async function motion (call) {
      const len = call.method.encodedLength;
      const { events } = await submitAndWait(api.tx.executiveCommittee.propose(2, call, len), dave);
      const proposed = events.find(({ event }) => api.events.executiveCommittee.Proposed.is(event)).event.data;
      const [hash, index] = [proposed.proposalHash, proposed.proposalIndex];
      for (const member of [dave, eve]) await submitAndWait(api.tx.executiveCommittee.vote(hash, index, true), member);
      const weight = (await call.paymentInfo(dave)).weight;
      const closed = await submitAndWait(api.tx.executiveCommittee.close(hash, index, weight, len), ferdie);
      const executed = closed.events.find(({ event }) => api.events.executiveCommittee.Executed.is(event));
      assert.ok(executed, 'the motion passed and was executed');
      const result = executed.event.data.result;
      if (result.isOk) return null;
      const error = result.asErr;
      return error.isModule ? api.registry.findMetaError(error.asModule).name : error.type;
    }
    const set = (change) => api.tx.cpcParameters.setParameter({ Economics: change });
    assert.equal(await motion(set({ MaxFreePerDay: 50 })), null);
    assert.equal((await api.query.cpcParameters.economics()).maxFreePerDay.toNumber(), 50);
    // Beyond its bounds, refused with the economics' own error; not listed, refused outright.
    assert.equal(await motion(set({ MaxFreePerDay: 14_401 })), 'BadMaxFreePerDay');
    assert.equal(await motion(set({ AuthorShare: 900_000_000 })), 'BadOrigin');
    assert.equal((await api.query.cpcParameters.economics()).maxFreePerDay.toNumber(), 50);
  });
});

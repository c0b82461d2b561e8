// DApps end to end on the dev node: a DApp registers with stake, admits a user who opts in,
// and pays that user's transactions up to its daily allowance (the fee query says so); the
// user pays past it. A holder leases the DApp CPC and claims the leasing fee of every block
// it leased, to the unit. Author and treasury receive their shares of the DApp's fees.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';

import { startDevNode } from '../src/node.js';
import { submitAndWait } from '../src/transfer.js';
import { perbillOf } from '../src/wait.js';

const CPC = 10n ** 18n;
const ALLOWANCE = 3;
const FEE_PER_BLOCK = CPC;

describe('DApps', () => {
  let node, api;
  const keyring = new Keyring({ type: 'sr25519' });
  const dapp = keyring.addFromUri('//Dave');
  const user = keyring.addFromUri('//Eve');
  const lender = keyring.addFromUri('//Charlie');
  const bob = keyring.addFromUri('//Bob').address;

  before(async () => {
    node = await startDevNode({ extraArgs: ['--sealing', 'interval', '--dev-block-time', '1000'] });
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) await node.stop();
  });

  const free = async (at, who) => (await at.query.system.account(who)).data.free.toBigInt();
  const numberOf = async (blockHash) => (await api.rpc.chain.getHeader(blockHash)).number.toNumber();

  /** The events of `signer`'s extrinsic in `blockHash`. */
  async function eventsOf (blockHash, signer) {
    const block = await api.rpc.chain.getBlock(blockHash);
    const events = await (await api.at(blockHash)).query.system.events();
    const index = block.block.extrinsics.findIndex((xt) => xt.isSigned && xt.signer.toString() === signer);
    assert.ok(index >= 0, 'the extrinsic is in the block');
    return events
      .filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index)
      .map(({ event }) => event);
  }

  test('a DApp pays its admitted user\'s transactions up to its allowance, then the user pays', async () => {
    const params = (await api.query.cpcParameters.economics()).toJSON();
    const stake = BigInt(params.dappMinStake);
    await submitAndWait(api.tx.cpcEconomics.registerDapp(stake, ALLOWANCE, FEE_PER_BLOCK), dapp);
    // Before the admission the user cannot opt in.
    await assert.rejects(
      submitAndWait(api.tx.cpcEconomics.chooseSponsor(dapp.address), user),
      /CpcEconomics\.NotAdmitted/
    );
    await submitAndWait(api.tx.cpcEconomics.admitUser(user.address), dapp);
    await submitAndWait(api.tx.cpcEconomics.chooseSponsor(dapp.address), user);
    const record = (await api.query.cpcEconomics.quotaAccounts(user.address)).unwrap();
    assert.equal(record.sponsor.unwrap().toString(), dapp.address);

    const share = (await api.query.cpcParameters.economics()).authorShare.toBigInt();
    const treasury = api.consts.cpcEconomics.treasuryAccount.toString();
    const day = Number(params.dayLength);
    const sent = [];
    // Transfers one after another, until the allowance of one quota day is used up and a
    // transaction past it has paid (a day change in between starts the count again).
    for (let k = 0; k < 3 * ALLOWANCE + 3; k++) {
      const tx = api.tx.balances.transferKeepAlive(bob, CPC);
      const best = (await api.rpc.chain.getHeader()).number.toNumber();
      const quoted = (await tx.paymentInfo(user)).partialFee.toBigInt();
      const { blockHash } = await submitAndWait(tx, user);
      const at = await api.at(blockHash);
      const parent = await api.at((await api.rpc.chain.getHeader(blockHash)).parentHash);
      const events = await eventsOf(blockHash, user.address);
      const sponsored = events.find((e) => api.events.cpcEconomics.TransactionSponsored.is(e));
      const paid = events.find((e) => api.events.transactionPayment.TransactionFeePaid.is(e));
      assert.ok(Boolean(sponsored) !== Boolean(paid), 'either the DApp or the user paid');
      const number = await numberOf(blockHash);
      const author = (await api.derive.chain.getHeader(blockHash)).author.toString();
      const userSpent = await free(parent, user.address) - await free(at, user.address) - CPC;
      const dappSpent = await free(parent, dapp.address) - await free(at, dapp.address);
      const fee = sponsored ? sponsored.data.fee.toBigInt() : paid.data.actualFee.toBigInt();
      sent.push({ number, blockHash, author, sponsored: Boolean(sponsored), fee, quoted, queriedFor: best + 1 });
      if (sponsored) {
        assert.equal(userSpent, 0n, 'the user paid nothing');
        assert.ok(fee > 0n);
        // Dave may have authored the block and received his share back.
        const back = author === dapp.address ? perbillOf(share, fee) : 0n;
        assert.equal(dappSpent, fee - back, 'the DApp paid the fee');
      } else {
        assert.equal(userSpent, fee, 'the user paid its fee');
      }
      const byDay = sent.filter((s) => Math.floor(s.number / day) === Math.floor(number / day));
      if (byDay.length > ALLOWANCE && !byDay.at(-1).sponsored) break;
    }
    const last = sent.at(-1);
    const today = sent.filter((s) => Math.floor(s.number / day) === Math.floor(last.number / day));
    assert.ok(today.length > ALLOWANCE, `a day with more than ${ALLOWANCE} transactions`);
    today.forEach((s, k) => assert.equal(s.sponsored, k < ALLOWANCE, `transaction ${k} of the day`));
    // The fee query says what the user will be charged: nothing while the DApp pays.
    const onTime = sent.filter((s) => s.number === s.queriedFor);
    assert.ok(onTime.length >= sent.length / 2, `${onTime.length} of ${sent.length} in the next block`);
    for (const s of onTime) assert.equal(s.quoted, s.sponsored ? 0n : s.fee, `block ${s.number}`);

    // Each block's author and the treasury received their shares of the DApp's fees.
    for (const s of sent.filter((s) => s.sponsored)) {
      const at = await api.at(s.blockHash);
      const parent = await api.at((await api.rpc.chain.getHeader(s.blockHash)).parentHash);
      const toAuthor = perbillOf(share, s.fee);
      const treasuryGain = await free(at, treasury) - await free(parent, treasury);
      assert.equal(treasuryGain, s.fee - toAuthor, `block ${s.number}: the treasury's share`);
    }
  });

  test('a lender earns the DApp\'s fee for every block it leased, to the unit', async () => {
    if ((await api.query.cpcEconomics.dapps(dapp.address)).isNone) {
      const stake = (await api.query.cpcParameters.economics()).dappMinStake.toBigInt();
      await submitAndWait(api.tx.cpcEconomics.registerDapp(stake, ALLOWANCE, FEE_PER_BLOCK), dapp);
    }
    await submitAndWait(api.tx.cpcEconomics.fundLeaseFees(1_000n * CPC), dapp);
    const minLease = (await api.query.cpcParameters.economics()).minLease.toBigInt();
    const leased = await submitAndWait(api.tx.cpcEconomics.lease(dapp.address, minLease), lender);
    const from = await numberOf(leased.blockHash);
    const stayed = await api.at(leased.blockHash);
    assert.equal(
      (await stayed.query.cpcEconomics.leases(dapp.address, lender.address)).unwrap().amount.toBigInt(),
      minLease
    );
    // The leased CPC stays in the lender's account, on hold.
    const account = (await stayed.query.system.account(lender.address)).data;
    assert.ok(account.reserved.toBigInt() >= minLease);

    // Wait a few blocks, then claim.
    const target = from + 5;
    while ((await api.rpc.chain.getHeader()).number.toNumber() < target) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const claimed = await submitAndWait(api.tx.cpcEconomics.claimLeaseFees(dapp.address), lender);
    const to = await numberOf(claimed.blockHash);
    const events = await eventsOf(claimed.blockHash, lender.address);
    const claim = events.find((e) => api.events.cpcEconomics.LeaseFeesClaimed.is(e));
    assert.ok(claim, 'the claim paid');
    // The one lender earns the whole fee of each block from its lease's to its claim's.
    assert.equal(claim.data.amount.toBigInt(), BigInt(to - from) * FEE_PER_BLOCK);
    const paid = events.find((e) => api.events.transactionPayment.TransactionFeePaid.is(e));
    const at = await api.at(claimed.blockHash);
    const parent = await api.at((await api.rpc.chain.getHeader(claimed.blockHash)).parentHash);
    const author = (await api.derive.chain.getHeader(claimed.blockHash)).author.toString();
    const share = (await api.query.cpcParameters.economics()).authorShare.toBigInt();
    const fee = paid.data.actualFee.toBigInt();
    const back = author === lender.address ? perbillOf(share, fee) : 0n;
    assert.equal(
      await free(at, lender.address) - await free(parent, lender.address),
      claim.data.amount.toBigInt() - fee + back,
      'the lender received its leasing fee'
    );
  });
});

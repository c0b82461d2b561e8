// The runtime under another executor: chopsticks (smoldot's wasm executor, its own block builder
// and transaction pool) starts from the raw development chain spec that `cpchain-node
// export-chain-spec` writes, in genesis mode, with no relay chain behind it (it makes up the
// relay-chain state each block's validation data proves). Through @polkadot/api: blocks build,
// a transaction of each CPChain pallet lands with its event and reads back from storage,
// refused calls fail with their pallet's typed errors, and sessions change on time.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, randomAsU8a, secp256k1PairFromSeed, xxhashAsU8a } from '@polkadot/util-crypto';

import { startChopsticks } from '../src/chopsticks.js';
import { notePreimage, referendumState, submitReferendum, voteTx } from '../src/governance.js';
import { exportChainSpec } from '../src/node.js';
import { socketsOf } from '../src/service.js';
import { submitAndWait } from '../src/transfer.js';
import { perbillOf } from '../src/wait.js';

const CPC = 10n ** 18n;

// The nonce from the runtime's `AccountNonceApi`, not @polkadot/api's cached one, which may be a
// block old under chopsticks (src/chopsticks.js); `send` below takes it from the state.
const FRESH_NONCE = { nonce: -1 };

/** An Umbral public key (a compressed secp256k1 point) from a fresh secret. */
const umbralKey = () => u8aToHex(secp256k1PairFromSeed(randomAsU8a(32)).publicKey);

/** Whether a socket's address stays on this machine (or is a listener's unset peer). */
const local = (address) => /^(127\.|0\.0\.0\.0$|::1?$)/.test(address);

describe('the runtime under chopsticks', () => {
  let dir, chopsticks, api, keyring, sessionLength;
  let alice, bob, charlie, dave, eve, ferdie;

  before(async () => {
    await cryptoWaitReady();
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-chopsticks-'));
    const chainSpec = await exportChainSpec({ chain: 'dev', raw: true, output: path.join(dir, 'dev-raw.json') });
    // Batch mode: the transactions that arrive together share a block.
    chopsticks = await startChopsticks({ chainSpec, buildBlockMode: 'Batch' });
    api = await ApiPromise.create({ provider: new WsProvider(chopsticks.url), noInitWarn: true });
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    [alice, bob, charlie, dave, eve, ferdie] =
      ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'].map((name) => keyring.addFromUri(`//${name}`));
    sessionLength = (await api.query.cpcParameters.committee()).sessionLength.toNumber();
  });

  after(async () => {
    if (api) await api.disconnect();
    if (chopsticks) await chopsticks.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const best = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const free = async (who, at = api) => (await at.query.system.account(who)).data.free.toBigInt();
  const reserved = async (who) => (await api.query.system.account(who)).data.reserved.toBigInt();

  /**
   * Builds empty blocks until none of the next `blocks` changes the session. A session change's
   * block declares more weight in its initialisation than a whole block holds, so no
   * transaction fits it: the node leaves such a transaction for the next block, chopsticks
   * drops it as invalid (ExhaustsResources).
   */
  async function skipSessionChange (blocks = 1) {
    for (;;) {
      const next = await best() + 1;
      if (!Array.from({ length: blocks }, (_, k) => next + k).some((n) => n % sessionLength === 0)) return;
      await chopsticks.newBlock();
    }
  }

  /** Signs `tx` with the signer's nonce in the head's state and submits it: as `submitAndWait`. */
  async function send (tx, signer) {
    const { nonce } = await api.query.system.account(signer.address);
    return submitAndWait(tx, signer, 30_000, { nonce });
  }

  /**
   * Submits the transactions of distinct signers at once, so that they share a block (none that
   * changes the session): each case is [tx, signer], resolving as `submitAndWait`, or
   * [tx, signer, error], a refusal that must fail with `error`. Resolves to their results.
   */
  async function together (...cases) {
    assert.equal(new Set(cases.map(([, signer]) => signer.address)).size, cases.length, 'distinct signers');
    await skipSessionChange(cases.length);
    return Promise.all(cases.map(([tx, signer, error]) =>
      error ? assert.rejects(send(tx, signer), error) : send(tx, signer)));
  }

  /** Submits `tx` alone: as `submitAndWait`. */
  const submit = async (tx, signer) => (await together([tx, signer]))[0];

  /** The event `is` picks among a submission's events. */
  const eventOf = ({ events }, is) => {
    const found = events.find(({ event }) => is(event));
    assert.ok(found, `no such event among ${events.map(({ event }) => `${event.section}.${event.method}`)}`);
    return found.event;
  };

  test('it runs the exported genesis and builds blocks with the parachain inherents', async () => {
    assert.equal(api.runtimeVersion.specName.toString(), 'cpchain');
    assert.equal(api.registry.chainTokens[0], 'CPC');
    // Block 1 was built at the start; dev_newBlock builds on.
    assert.equal(await best(), 1);
    await chopsticks.newBlock();
    assert.equal(await best(), 2);
    const slotMs = api.consts.aura.slotDuration.toBigInt();
    const times = [];
    for (const n of [1, 2]) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const { block } = await api.rpc.chain.getBlock(hash);
      assert.deepEqual(block.extrinsics.map((xt) => `${xt.method.section}.${xt.method.method}`),
        ['timestamp.set', 'parachainSystem.setValidationData']);
      assert.ok(block.header.digest.logs.some((log) => log.isPreRuntime && log.asPreRuntime[0].toString() === 'aura'));
      const at = await api.at(hash);
      times.push((await at.query.timestamp.now()).toBigInt());
      // Aura's slot follows the time.
      assert.equal((await at.query.aura.currentSlot()).toBigInt(), times.at(-1) / slotMs);
    }
    assert.equal(times[1] - times[0], slotMs, 'a slot a block');
    // The genesis committee is the session's validators and Aura's authorities.
    const committee = (await api.call.committeeApi.committee()).map(String);
    assert.equal(committee.length, 3);
    assert.equal(committee[0], alice.address);
    assert.deepEqual([...(await api.query.session.validators()).map(String)].sort(), [...committee].sort());
    assert.equal((await api.query.aura.authorities()).length, 3);
  });

  test('the runtime keeps the relay-chain randomness its validation data proves', async () => {
    // polkadot-primitives' well_known_keys::ONE_EPOCH_AGO_RANDOMNESS, in the relay chain's state.
    const relayKey = '0x1cb6f36e027abb2091cfb5110ab5087f7ce678799d3eff024253b90e84927cc6';
    const randomness = u8aToHex(randomAsU8a(32));
    await chopsticks.newBlock({ relayChainStateOverrides: [[relayKey, randomness]] });
    // Where the runtime keeps it for elections (`OneEpochAgoRandomness`, prefix `RelayRandomness`).
    const kept = u8aToHex(u8aConcat(xxhashAsU8a('RelayRandomness', 128), xxhashAsU8a('OneEpochAgoRandomness', 128)));
    assert.equal((await api.rpc.state.getStorage(kept)).toHex(), randomness);
  });

  test('balances: a CPC transfer moves the amount and pays its fee; dust to a new account is refused', async () => {
    const amount = 1_500_000_000_000_000_000n;
    const ed = api.consts.balances.existentialDeposit.toBigInt();
    const stranger = keyring.addFromUri('//Chopsticks//stranger').address;
    const [result] = await together(
      [api.tx.balances.transferKeepAlive(bob.address, amount), alice],
      // Refused by the balances pallet with a token error: below the existential deposit.
      [api.tx.balances.transferKeepAlive(stranger, ed - 1n), charlie, /\{"token":"BelowMinimum"\}/]
    );
    assert.equal(await free(stranger), 0n);
    const transfer = eventOf(result, (e) => api.events.balances.Transfer.is(e));
    assert.equal(transfer.data.from.toString(), alice.address);
    assert.equal(transfer.data.to.toString(), bob.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);
    const fee = eventOf(result, (e) => api.events.transactionPayment.TransactionFeePaid.is(e)).data.actualFee.toBigInt();
    assert.ok(fee > 0n);

    const at = await api.at(result.blockHash);
    const parent = await api.at((await api.rpc.chain.getHeader(result.blockHash)).parentHash);
    assert.equal(await free(bob.address, at) - await free(bob.address, parent), amount);
    // Alice, when she authored the block, got the author's share of each fee in it back.
    const author = (await api.derive.chain.getHeader(result.blockHash)).author?.toString();
    const share = (await at.query.cpcParameters.economics()).authorShare.toBigInt();
    const fees = (await at.query.system.events())
      .filter(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event))
      .map(({ event }) => event.data.actualFee.toBigInt());
    const back = author === alice.address ? fees.reduce((total, f) => total + perbillOf(share, f), 0n) : 0n;
    assert.equal(await free(alice.address, parent) - await free(alice.address, at), amount + fee - back);
  });

  /** The device's consent to `owner`, as `record::ownership_statement` encodes it. */
  async function ownershipProof (device, owner) {
    // The genesis hash as the runtime keeps it: chopsticks' genesis block is frame-system's
    // placeholder hash (0x45…45), not the node's genesis hash.
    const genesis = (await api.query.system.blockHash(0)).toU8a();
    const registrations = await api.query.dataRegistry.deviceKeyRegistrations(device.publicKey);
    const statement = u8aConcat(new TextEncoder().encode('cpchain:device-owner'), genesis,
      keyring.decodeAddress(owner), registrations.toU8a());
    return u8aToHex(device.sign(statement));
  }

  let deviceId;

  test('dataRegistry: Umbral keys and a device its key consented to; bad consents are refused', async () => {
    // Alice's for her device; Bob's and Eve's to buy, Ferdie's to stand for the committee.
    const keys = Object.fromEntries([alice, bob, eve, ferdie].map((who) => [who.address, umbralKey()]));
    const set = await together(...[alice, bob, eve, ferdie].map((who) =>
      [api.tx.dataRegistry.setUmbralKey(keys[who.address]), who]));
    for (const [k, who] of [alice, bob, eve, ferdie].entries()) {
      assert.equal(eventOf(set[k], (e) => api.events.dataRegistry.UmbralKeySet.is(e)).data.key.toHex(), keys[who.address]);
      assert.equal((await api.query.dataRegistry.umbralKeys(who.address)).unwrap().key.toHex(), keys[who.address]);
    }
    assert.ok((await api.query.dataRegistry.umbralKeys(dave.address)).isNone, 'Dave has no Umbral key');

    const device = keyring.addFromUri('//Chopsticks//thermometer');
    const register = (proof, interval = 60_000) => api.tx.dataRegistry.registerDevice(
      device.publicKey, proof, interval, 'thermometer', '0x', null);
    await together(
      // Signed for Alice, submitted by Bob.
      [register(await ownershipProof(device, alice.address)), bob, /DataRegistry\.BadOwnershipProof/],
      [register(await ownershipProof(device, dave.address)), dave, /DataRegistry\.UmbralKeyMissing/],
      // Shorter than the least interval (six seconds).
      [register(await ownershipProof(device, alice.address), 1000), alice, /DataRegistry\.BadIntervalLength/]
    );

    const deposit = (await api.query.cpcParameters.registry()).deviceDeposit.toBigInt();
    const held = await reserved(alice.address);
    const result = await submit(register(await ownershipProof(device, alice.address)), alice);
    const registered = eventOf(result, (e) => api.events.dataRegistry.DeviceRegistered.is(e)).data;
    assert.equal(registered.owner.toString(), alice.address);
    assert.equal(registered.key.toHex(), u8aToHex(device.publicKey));
    deviceId = registered.device.toNumber();
    const stored = (await api.query.dataRegistry.devices(deviceId)).unwrap();
    assert.equal(stored.owner.toString(), alice.address);
    assert.equal(stored.intervalLengthMs.toNumber(), 60_000);
    assert.equal(stored.deposit.toBigInt(), deposit);
    assert.equal((await api.query.dataRegistry.deviceByKey(device.publicKey)).unwrap().toNumber(), deviceId);
    assert.equal(await reserved(alice.address), held + deposit);
  });

  test('accessGrants: the device\'s stream listed and a request with its escrow held; refusals', async () => {
    assert.ok(deviceId !== undefined, 'the device test ran');
    const price = CPC / 100n;
    const stream = { Stream: { device: deviceId, pricePerInterval: price } };
    const terms = { expiresAt: null, maxBuyers: null };
    const listed = await submit(api.tx.accessGrants.createListing(stream, terms, null), alice);
    const listing = eventOf(listed, (e) => api.events.accessGrants.Listed.is(e)).data.listing.toNumber();
    const entry = (await api.query.accessGrants.listings(listing)).unwrap();
    assert.equal(entry.owner.toString(), alice.address);
    assert.equal(entry.offer.asStream.device.toNumber(), deviceId);
    assert.equal(entry.offer.asStream.pricePerInterval.toBigInt(), price);

    // A seller needs the device; a buyer needs an Umbral key, another's listing and the exact
    // escrow of what it asks for.
    const [first, last] = [1000, 1009];
    const escrow = price * BigInt(last - first + 1);
    const request = (amount) => api.tx.accessGrants.requestAccess(listing, [first, last], amount);
    const held = await reserved(bob.address);
    const [result] = await together(
      [request(escrow), bob],
      [api.tx.accessGrants.createListing(stream, terms, null), charlie, /AccessGrants\.NotDeviceOwner/],
      [request(escrow), dave, /AccessGrants\.UmbralKeyMissing/],
      [request(escrow), alice, /AccessGrants\.OwnListing/],
      [request(escrow - 1n), eve, /AccessGrants\.WrongEscrow/]
    );
    const requested = eventOf(result, (e) => api.events.accessGrants.AccessRequested.is(e)).data;
    assert.equal(requested.listing.toNumber(), listing);
    assert.equal(requested.buyer.toString(), bob.address);
    assert.equal(requested.escrow.toBigInt(), escrow);
    const stored = (await api.query.accessGrants.requests(requested.request)).unwrap();
    assert.equal(stored.owner.toString(), alice.address);
    assert.equal(stored.escrow.toBigInt(), escrow);
    assert.equal(stored.coverage.asIntervals.first.toNumber(), first);
    assert.equal(stored.coverage.asIntervals.last.unwrap().toNumber(), last);
    assert.equal(await reserved(bob.address), held + escrow + stored.deposit.toBigInt());
    assert.equal((await api.query.accessGrants.listings(listing)).unwrap().buyers.toNumber(), 1);
  });

  test('committee: a candidate with session keys it proves, an Umbral key and the least bond; refusals', async () => {
    const bond = (await api.query.cpcParameters.committee()).minBond.toBigInt();
    const stand = (amount) => api.tx.committee.registerCandidate(amount);
    // The session keys are an Aura key; their proof is its signature of "POP_" and the owner.
    const aura = keyring.addFromUri('//Chopsticks//Ferdie//aura');
    const setKeys = (owner) => api.tx.session.setKeys({ aura: aura.publicKey },
      u8aToHex(aura.sign(u8aConcat(new TextEncoder().encode('POP_'), keyring.decodeAddress(owner)))));
    await together(
      [stand(bond), ferdie, /Committee\.NoSessionKeys/],
      [stand(bond), alice, /Committee\.Invulnerable/],
      [stand(bond - 1n), charlie, /Committee\.BondTooLow/],
      // Every candidate serves the market as a proxy: Dave has session keys, no Umbral key.
      [stand(bond), dave, /Committee\.NoProxyKey/],
      [api.tx.committee.bondExtra(CPC), bob, /Committee\.NotCandidate/],
      [setKeys(bob.address), eve, /Session\.InvalidProof/]
    );
    // Ferdie sets its keys as a genesis candidate adds to its bond.
    const before = (await api.query.committee.candidates(charlie.address)).unwrap().bond.toBigInt();
    const [, extra] = await together([setKeys(ferdie.address), ferdie], [api.tx.committee.bondExtra(1000n * CPC), charlie]);
    assert.equal((await api.query.session.nextKeys(ferdie.address)).unwrap().aura.toHex(), u8aToHex(aura.publicKey));
    assert.equal(eventOf(extra, (e) => api.events.committee.BondIncreased.is(e)).data.bond.toBigInt(), before + 1000n * CPC);
    assert.equal((await api.query.committee.candidates(charlie.address)).unwrap().bond.toBigInt(), before + 1000n * CPC);

    const result = await submit(stand(bond), ferdie);
    const registered = eventOf(result, (e) => api.events.committee.CandidateRegistered.is(e)).data;
    assert.equal(registered.who.toString(), ferdie.address);
    assert.equal(registered.bond.toBigInt(), bond);
    const candidate = (await api.query.committee.candidates(ferdie.address)).unwrap();
    assert.equal(candidate.bond.toBigInt(), bond);
    assert.ok(candidate.status.isActive);
    assert.ok((await api.call.committeeApi.candidates()).map(String).includes(ferdie.address));
  });

  test('cpcEconomics: a DApp staked and a lease to it held in the lender\'s account; refusals', async () => {
    const economics = await api.query.cpcParameters.economics();
    const stake = economics.dappMinStake.toBigInt();
    const minLease = economics.minLease.toBigInt();
    const [registered] = await together(
      [api.tx.cpcEconomics.registerDapp(stake, 3, CPC), dave],
      [api.tx.cpcEconomics.registerDapp(stake - 1n, 3, CPC), charlie, /CpcEconomics\.BelowDappMinimum/],
      [api.tx.cpcEconomics.lease(bob.address, minLease), eve, /CpcEconomics\.NotRegistered/]
    );
    const event = eventOf(registered, (e) => api.events.cpcEconomics.DappRegistered.is(e)).data;
    assert.equal(event.dapp.toString(), dave.address);
    assert.equal(event.stake.toBigInt(), stake);
    const dapp = (await api.query.cpcEconomics.dapps(dave.address)).unwrap();
    assert.equal(dapp.leaseFeePerBlock.toBigInt(), CPC);

    const held = await reserved(eve.address);
    const [leased] = await together(
      [api.tx.cpcEconomics.lease(dave.address, minLease), eve],
      [api.tx.cpcEconomics.lease(dave.address, minLease - 1n), ferdie, /CpcEconomics\.BelowMinLease/],
      [api.tx.cpcEconomics.chooseSponsor(dave.address), charlie, /CpcEconomics\.NotAdmitted/]
    );
    const lease = eventOf(leased, (e) => api.events.cpcEconomics.Leased.is(e)).data;
    assert.equal(lease.lender.toString(), eve.address);
    assert.equal(lease.dapp.toString(), dave.address);
    assert.equal(lease.amount.toBigInt(), minLease);
    assert.equal((await api.query.cpcEconomics.leases(dave.address, eve.address)).unwrap().amount.toBigInt(), minLease);
    assert.equal(await reserved(eve.address), held + minLease);
  });

  test('governance: a root referendum on a noted preimage, its decision deposit and a conviction vote; refusals', async () => {
    const call = api.tx.system.remark('under chopsticks');
    // Notes the preimage, submits, places the decision deposit: three blocks.
    await skipSessionChange(3);
    const index = await submitReferendum(api, { track: 'root', call, signer: alice, options: FRESH_NONCE });
    const { hash, len } = await notePreimage(api, call, alice, FRESH_NONCE);
    assert.equal((await api.query.preimage.preimageFor([hash, len])).unwrap().toHex(), call.method.toHex());
    const state = await referendumState(api, index);
    assert.equal(state.track, 0);
    assert.ok(['preparing', 'deciding'].includes(state.state), state.state);
    assert.ok(state.decisionDeposit, 'the decision deposit is placed');

    // A vote may count held CPC too, not more than the account has.
    const { data } = await api.query.system.account(charlie.address);
    const beyond = data.free.toBigInt() + data.reserved.toBigInt() + 1n;
    const balance = 1000n * CPC;
    const [voted] = await together(
      [voteTx(api, index, { aye: true, balance, conviction: 2 }), bob],
      [api.tx.referenda.placeDecisionDeposit(index), dave, /Referenda\.HasDeposit/],
      [voteTx(api, index, { aye: false, balance: beyond, conviction: 1 }), charlie, /ConvictionVoting\.InsufficientFunds/],
      [voteTx(api, index + 1, { aye: true, balance, conviction: 1 }), eve, /ConvictionVoting\.NotOngoing/]
    );
    assert.equal(eventOf(voted, (e) => api.events.convictionVoting.Voted.is(e)).data.who.toString(), bob.address);
    // Twice the balance at conviction 2, and the balance itself as support.
    const tally = await referendumState(api, index);
    assert.equal(tally.ayes, 2n * balance);
    assert.equal(tally.support, balance);
    const voting = (await api.query.convictionVoting.votingFor(bob.address, 0)).asCasting;
    assert.deepEqual(voting.votes.map(([poll]) => poll.toNumber()), [index]);
  });

  test('the sessions changed every session length', async () => {
    const head = await best();
    assert.ok(head >= sessionLength, `block ${head}`);
    for (let n = sessionLength; n <= head; n += sessionLength) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const at = await api.at(hash);
      const before = await api.at((await api.rpc.chain.getHeader(hash)).parentHash);
      assert.equal((await before.query.session.currentIndex()).toNumber(), n / sessionLength - 1);
      assert.equal((await at.query.session.currentIndex()).toNumber(), n / sessionLength);
      const events = (await at.query.system.events()).map(({ event }) => event);
      assert.ok(events.some((e) => api.events.session.NewSession.is(e)), `a new session at block ${n}`);
    }
  });

  test('chopsticks holds no socket beyond 127.0.0.1', () => {
    const sockets = socketsOf(chopsticks.pid);
    assert.ok(sockets.some((s) => s.local === '127.0.0.1'), `it listens: ${JSON.stringify(sockets)}`);
    for (const socket of sockets) assert.ok(local(socket.local) && local(socket.remote), JSON.stringify(socket));
  });
});

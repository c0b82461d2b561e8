// End-to-end: the credit-scored committee on a real `cpchain-node --dev` (ten-block sessions,
// elections every two sessions), driven through @polkadot/api: candidates
// register with session keys from the node's keystore and an Umbral key from `cpchain`, and at
// a term boundary the committee changes — in the runtime API, the session pallet and Aura.

import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { cpchain } from '../src/cli.js';
import { rpc, startDevNode } from '../src/node.js';
import { submitAndWait } from '../src/transfer.js';

describe('committee on the dev node', () => {
  let node;
  let api;
  let keyring;
  let dir;
  const pair = (name) => keyring.addFromUri(`//${name}`);
  const address = (name) => pair(name).address;
  const sorted = (list) => [...list].map(String).sort();

  // Committee events of every block since the test began, read block by block: name, fields
  // (by name) and the block.
  const seen = [];
  let scanned = 0;
  async function scanEvents () {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = scanned + 1; n <= best; n++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(n));
      for (const { event } of await at.query.system.events()) {
        if (event.section === 'committee') {
          const fields = Object.fromEntries(event.meta.fields.map((f, i) => [f.name.unwrap().toString(), event.data[i].toJSON()]));
          seen.push({ block: n, method: event.method, data: fields });
        }
      }
    }
    scanned = best;
  }

  /**
   * Runs the chain on until `check()` returns a truthy value, a remark a round so that no
   * round waits longer than a block (one a six-second slot). Fails after `timeoutMs`.
   */
  async function waitFor (what, check, timeoutMs = 420_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check();
      if (result) return result;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; committee events: ${JSON.stringify(seen)}`);
      }
      await submitAndWait(api.tx.system.remark('next block'), pair('Alice'));
    }
  }

  before(async () => {
    node = await startDevNode();
    api = await ApiPromise.create({ provider: new WsProvider(node.url), noInitWarn: true });
    keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-committee-'));
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) await node.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the development committee is Alice and two of the candidates Charlie, Dave and Eve', async () => {
    const parameters = (await api.call.committeeApi.parameters()).toJSON();
    assert.equal(parameters.sessionLength, 10);
    assert.equal(parameters.term, 2);
    assert.equal(parameters.seats, 3);
    const committee = (await api.call.committeeApi.committee()).map(String);
    assert.equal(committee.length, 3);
    assert.equal(committee[0], address('Alice'));
    assert.deepEqual(sorted(await api.call.committeeApi.candidates()),
      sorted(['Charlie', 'Dave', 'Eve'].map(address)));
    assert.deepEqual(sorted(await api.query.session.validators()), sorted(committee));
    assert.equal((await api.query.aura.authorities()).length, 3);
    const next = (await api.call.committeeApi.nextElection()).toJSON();
    assert.ok(next.servesFrom >= 2 && next.drawnAt === next.servesFrom - 1, JSON.stringify(next));
  });

  test('a candidate needs session keys and the least bond', async () => {
    const { minBond } = (await api.call.committeeApi.parameters()).toJSON();
    await assert.rejects(
      submitAndWait(api.tx.committee.registerCandidate(BigInt(minBond)), pair('Ferdie')),
      /Committee\.NoSessionKeys/);
    await registerKeys('Ferdie');
    await assert.rejects(
      submitAndWait(api.tx.committee.registerCandidate(BigInt(minBond) - 1n), pair('Ferdie')),
      /Committee\.BondTooLow/);
  });

  /** Session keys from the node's keystore, with the proof that `name` owns them. */
  async function registerKeys (name) {
    const generated = await rpc(node.rpcPort, 'author_rotateKeysWithOwner', [u8aToHex(pair(name).publicKey)]);
    assert.ok(generated.proof, 'the runtime proves key ownership');
    await submitAndWait(api.tx.session.setKeys(generated.keys, generated.proof), pair(name));
    return generated.keys;
  }

  test('new candidates register, the old ones leave, and the next term seats the new ones', async () => {
    const { minBond } = (await api.call.committeeApi.parameters()).toJSON();
    const keys = {};
    for (const name of ['Bob', 'Ferdie']) {
      if (name === 'Bob') keys.Bob = await registerKeys('Bob');
      const client = cpchain({ nodeUrl: node.url, ipfsUrl: 'http://127.0.0.1:9', keys: path.join(dir, `${name}.json`), suri: `//${name}` });
      await client.ok(['keys', 'generate']);
      await client.ok(['keys', 'publish']);
      const { events } = await submitAndWait(api.tx.committee.registerCandidate(BigInt(minBond) * 2n), pair(name));
      assert.ok(events.some(({ event }) => api.events.committee.CandidateRegistered.is(event)));
    }
    for (const name of ['Charlie', 'Dave', 'Eve']) {
      await submitAndWait(api.tx.committee.leave(), pair(name));
    }
    assert.deepEqual(sorted(await api.call.committeeApi.candidates()), sorted(['Bob', 'Ferdie'].map(address)));
    const after = (await api.query.session.currentIndex()).toNumber();

    // The leavers lose their seats at the next session change: the committee queued then holds
    // none of them, whether an election or a removal (`MemberRemoved`) emptied their seats.
    const leavers = ['Charlie', 'Dave', 'Eve'].map(address);
    await waitFor(`session ${after + 1}`,
      async () => (await api.query.session.currentIndex()).toNumber() > after);
    const queued = (await api.call.committeeApi.queued()).map(String);
    assert.ok(queued.every((m) => !leavers.includes(m)), `queued after the leaves: ${queued}`);

    // The first election whose snapshot was taken after the changes draws the only two
    // eligible candidates.
    const elected = await waitFor('an election of the new candidates', async () => {
      await scanEvents();
      return seen.find((e) => e.method === 'CommitteeElected' && e.data.serves_from > after + 2);
    });
    const members = elected.data.members.map((m) => keyring.encodeAddress(m, api.registry.chainSS58));
    assert.deepEqual(sorted(members), sorted(['Alice', 'Bob', 'Ferdie'].map(address)));

    // At the term boundary the committee serves: runtime API, session validators, Aura keys.
    await waitFor(`session ${elected.data.serves_from}`,
      async () => (await api.query.session.currentIndex()).toNumber() >= elected.data.serves_from);
    assert.deepEqual(sorted(await api.call.committeeApi.committee()), sorted(members));
    assert.deepEqual(sorted(await api.query.session.validators()), sorted(members));
    const authorities = (await api.query.aura.authorities()).map((key) => key.toHex());
    assert.equal(authorities.length, 3);
    // Session keys are the Aura key alone: its 32 bytes are the whole encoding.
    const bobAura = keys.Bob.toLowerCase();
    assert.equal(bobAura.length, 2 + 64);
    assert.ok(authorities.includes(bobAura), `${bobAura} not in ${authorities}`);
    const next = (await api.call.committeeApi.nextElection()).toJSON();
    assert.ok(next.servesFrom >= elected.data.serves_from + 2, JSON.stringify(next));

    // Bob's credit, with its components, through the runtime API.
    const credit = (await api.call.committeeApi.credit(address('Bob'))).unwrap().toJSON();
    for (const part of ['stake', 'activity', 'data', 'proxy', 'availability', 'base', 'total']) {
      assert.ok(credit[part] >= 0 && credit[part] <= 1000, `${part}: ${JSON.stringify(credit)}`);
    }
    assert.ok(credit.total >= (await api.call.committeeApi.parameters()).toJSON().minCredit);
  });

  test('a former candidate gets its bond back after the unbonding delay, not before', async () => {
    await assert.rejects(submitAndWait(api.tx.committee.withdraw(), pair('Eve')), /Committee\.StillUnbonding/);
    const record = (await api.call.committeeApi.candidate(address('Eve'))).unwrap().toJSON();
    assert.ok(record.status.leaving.unbondsAt > (await api.rpc.chain.getHeader()).number.toNumber());
  });
});

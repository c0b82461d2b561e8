// The local IPFS daemon: a real js-ipfs node speaking the Kubo RPC API, isolated on loopback.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { ipfsAdd, ipfsCat, startIpfs } from '../src/ipfs.js';

describe('IPFS daemon', () => {
  let ipfs;

  before(async () => { ipfs = await startIpfs(); });
  after(async () => { if (ipfs) await ipfs.stop(); });

  test('never dials out: no bootstrap peers, no discovery, loopback listeners only', async () => {
    assert.deepEqual(ipfs.config.Bootstrap, []);
    assert.equal(ipfs.config.Discovery.MDNS.Enabled, false);
    const res = await fetch(`${ipfs.apiUrl}/api/v0/id`, { method: 'POST' });
    const id = await res.json();
    assert.ok(id.Addresses.length > 0);
    for (const addr of id.Addresses) assert.match(addr, /^\/ip4\/127\.0\.0\.1\//);
    const peers = await (await fetch(`${ipfs.apiUrl}/api/v0/swarm/peers`, { method: 'POST' })).json();
    assert.equal((peers.Peers || []).length, 0);
  });

  test('adds a blob and reads back the same bytes by CID', async () => {
    const blob = randomBytes(256 * 1024);
    const cid = await ipfsAdd(ipfs.apiUrl, blob);
    assert.match(cid, /^(b|z)[a-z0-9]+$/i, `not a CIDv1: ${cid}`);
    assert.deepEqual(Buffer.from(await ipfsCat(ipfs.apiUrl, cid)), blob);
    // The same content gets the same CID.
    assert.equal(await ipfsAdd(ipfs.apiUrl, blob), cid);
  });

  test('reports an unknown CID as an error', async () => {
    await assert.rejects(ipfsCat(ipfs.apiUrl, 'not-a-cid'), /cat: HTTP/);
  });
});

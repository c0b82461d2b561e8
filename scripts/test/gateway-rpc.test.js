// The gateway's RPC methods on an endpoint that serves safe methods only: the ones that change
// what the gateway stores are refused, the listing answers.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { rpc, startDevNode } from '../src/node.js';

describe('gateway RPC with --rpc-methods safe', () => {
  let node;

  before(async () => {
    node = await startDevNode({ extraArgs: ['--rpc-methods', 'safe'] });
  });

  after(async () => {
    if (node) await node.stop();
  });

  test('refuses the methods that change the gateway\'s storage', async () => {
    const reading = { timestampMs: Date.now(), payload: '0x01', signature: `0x${'11'.repeat(64)}` };
    await assert.rejects(rpc(node.rpcPort, 'gateway_submitReadings', [0, [reading]]), /unsafe/);
    await assert.rejects(rpc(node.rpcPort, 'gateway_retryBatch', [0, 1]), /unsafe/);
    await assert.rejects(rpc(node.rpcPort, 'gateway_dropBatch', [0, 1]), /unsafe/);
    // As Substrate's own unsafe methods are.
    await assert.rejects(rpc(node.rpcPort, 'author_insertKey', ['cpdv', '//Alice', `0x${'00'.repeat(32)}`]), /unsafe/);
  });

  test('still lists the batches', async () => {
    assert.deepEqual(await rpc(node.rpcPort, 'gateway_batches'), []);
  });
});

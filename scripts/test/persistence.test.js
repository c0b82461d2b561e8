// A dev chain kept in a base path survives a restart and keeps producing blocks.

import { ApiPromise, WsProvider } from '@polkadot/api';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { startDevNode, waitForBestBlock } from '../src/node.js';

const basePath = mkdtempSync(path.join(tmpdir(), 'cpchain-base-'));
after(() => rmSync(basePath, { recursive: true, force: true }));

async function bestBlockAfterGrowth (url, atLeast) {
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  try {
    const best = await waitForBestBlock(api, atLeast);
    const methods = (await api.rpc.rpc.methods()).methods.map((m) => m.toString());
    return { best, methods };
  } finally {
    await api.disconnect();
  }
}

test('the chain continues from its base path after a restart', async () => {
  const args = { basePath, extraArgs: ['--dev-block-time', '1000'] };

  const first = await startDevNode(args);
  let before;
  try {
    before = await bestBlockAfterGrowth(first.url, 3);
    assert.ok(before.best >= 3, `only ${before.best} blocks before restart`);
    // The standard RPC families are all served.
    for (const method of ['system_health', 'chain_getBlock', 'state_getStorage', 'author_submitExtrinsic',
      'payment_queryInfo', 'offchain_localStorageGet', 'system_accountNextIndex', 'engine_createBlock']) {
      assert.ok(before.methods.includes(method), `RPC method ${method} missing`);
    }
  } finally {
    await first.stop();
  }

  const second = await startDevNode(args);
  try {
    const afterRestart = await bestBlockAfterGrowth(second.url, before.best + 2);
    assert.ok(afterRestart.best >= before.best + 2,
      `chain did not grow past ${before.best} after restart: ${afterRestart.best}`);
  } finally {
    await second.stop();
  }
});

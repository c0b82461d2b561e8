// Runs CPChain's runtime under chopsticks, an executor of the runtime's wasm that shares no code
// with the node: a child process started from a raw chain spec's genesis (no endpoint, so no
// live chain and no relay chain to reach), listening on 127.0.0.1 only, with bounded waits.

import { createRequire } from 'node:module';

import { rpc } from './node.js';
import { freePort, startService } from './service.js';

/** The chopsticks command line's script, from scripts/'s npm packages. */
export function chopsticksCli () {
  return createRequire(import.meta.url).resolve('@acala-network/chopsticks/cli');
}

/**
 * Starts chopsticks on the genesis of the raw chain spec at `chainSpec` and waits until it
 * answers and has built block 1. With `buildBlockMode` `Batch` (the default) the transactions
 * that arrive together share a block, built as they arrive; `Instant` gives each its own;
 * `Manual` builds only on `newBlock()`, which builds a block in any mode. The runtime's own log
 * goes to the output up to `runtimeLogLevel` (0 off … 5 trace).
 *
 * `submitAndWait` works against it, given a nonce: chopsticks tells that a block holds a
 * transaction before it sends the block's storage changes, so the nonce @polkadot/api keeps
 * from its subscription may be a block old (pass `{ nonce: -1 }`, or the state's nonce).
 * Returns { rpcPort, url, pid, logs(), stop(), newBlock(params) }.
 */
export async function startChopsticks ({
  chainSpec, rpcPort: port, buildBlockMode = 'Batch', runtimeLogLevel = 2, readyTimeoutMs = 120_000
}) {
  const rpcPort = port ?? await freePort();
  const args = [
    chopsticksCli(),
    '--chain-spec', chainSpec,
    '--host', '127.0.0.1',
    '--port', String(rpcPort),
    '--build-block-mode', buildBlockMode,
    '--runtime-log-level', String(runtimeLogLevel)
  ];
  const service = await startService({
    name: 'chopsticks',
    command: process.execPath,
    args,
    // PORT would override --port; plugins only slow the start; no proxy, as nothing is fetched.
    env: { PORT: String(rpcPort), DISABLE_PLUGINS: 'true', LOG_COMPACT: 'true', HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' },
    ready: () => rpc(rpcPort, 'system_health'),
    readyTimeoutMs
  });
  const head = async () => parseInt((await rpc(rpcPort, 'chain_getHeader')).number, 16);
  // For the first block chopsticks reads the wall clock more than once (for its Aura digest's
  // slot and for the timestamp inherent), so a slot boundary between the reads makes Aura
  // refuse the block and chopsticks goes on at genesis: build it again, a few times at most.
  try {
    for (let attempt = 1; await head() < 1; attempt++) {
      if (attempt > 5) throw new Error('no first block');
      await rpc(rpcPort, 'dev_newBlock', [{}]);
    }
  } catch (error) {
    await service.stop();
    throw new Error(`chopsticks: ${error.message}:\n${service.logs().slice(-5000)}`);
  }
  /**
   * Builds a block on the head (`params`: `count` blocks, `relayChainStateOverrides` as
   * [key, value] pairs of the relay chain state the block's validation data proves): the new
   * head's hash.
   */
  const newBlock = (params = {}) => rpc(rpcPort, 'dev_newBlock', [params]);
  return { rpcPort, url: `ws://127.0.0.1:${rpcPort}`, newBlock, ...service };
}

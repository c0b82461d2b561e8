// zombienet/cpchain-local.toml and cpchain-local.zndsl, read and resolved by zombienet's own code
// (@zombienet/orchestrator, its config reader, and the DSL parser its CLI uses), against the raw
// chain spec of the real cpchain-node. No relay chain can run here, so what needs none runs: the
// collators' keys as zombienet derives them are checked against the genesis the node exports,
// and the .zndsl's steps on the collators run, through zombienet's own assertion code, against
// cpchain-node on the same chain spec.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import { nodeBinary, rpc } from '../src/node.js';
import { freePort, startService } from '../src/service.js';

const require = createRequire(import.meta.url);
const orchestrator = (module) => require(`@zombienet/orchestrator/dist/${module}`);
// What the orchestrator itself loads: its own @polkadot copies, @zombienet/utils, and the
// template engine of that package.
const zombieRequire = createRequire(require.resolve('@zombienet/orchestrator'));
const utils = zombieRequire('@zombienet/utils');
const nunjucks = createRequire(zombieRequire.resolve('@zombienet/utils'))('nunjucks');
const { decodeAddress, xxhashAsHex } = zombieRequire('@polkadot/util-crypto');
const { compactFromU8a, hexToU8a, u8aToHex } = zombieRequire('@polkadot/util');
const dslParser = require('@zombienet/dsl-parser-wrapper');

const { generateNetworkSpec } = orchestrator('configGenerator');
const { genCumulusCollatorCmd } = orchestrator('cmdGenerator');
const { isRawSpec } = orchestrator('chainSpec');
const { CHAIN, whichChain } = orchestrator('chain-decorators');
const { generateKeystoreFiles } = orchestrator('keys');
const { NetworkNode } = orchestrator('networkNode');
const { ZombieRole } = orchestrator('sharedTypes');
// The test runner's table of steps, as `zombienet test` builds it.
const steps = { ...orchestrator('test-runner/assertions').default, ...orchestrator('test-runner/commands').default };

const zombienetDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'zombienet');
const networkFile = path.join(zombienetDir, 'cpchain-local.toml');
const testFile = path.join(zombienetDir, 'cpchain-local.zndsl');
const PARA_ID = 2000;
const AURA_KEY_TYPE = Buffer.from('aura').toString('hex');

const run = promisify(execFile);

/** The raw genesis value of a `Pallet::Item` storage value, or undefined. */
function genesisValue (spec, pallet, item) {
  const key = xxhashAsHex(pallet, 128) + xxhashAsHex(item, 128).slice(2);
  return spec.genesis.raw.top[key];
}

/** A SCALE `Vec<[u8; 32]>` (accounts, sr25519 keys) as hex strings. */
function decodeKeys (hex) {
  const bytes = hexToU8a(hex);
  const [offset, length] = compactFromU8a(bytes);
  const keys = [];
  for (let i = 0; i < length.toNumber(); i++) {
    keys.push(u8aToHex(bytes.subarray(offset + 32 * i, offset + 32 * (i + 1))));
  }
  assert.equal(offset + 32 * keys.length, bytes.length, `${hex} is not a list of 32-byte keys`);
  return keys;
}

const sorted = (list) => [...list].sort();

describe('zombienet network definition', () => {
  let dir;
  let specPath;
  let spec;
  let network;
  let testDef;
  const relayNames = () => network.relaychain.nodes.map((n) => n.name);
  const collators = () => network.parachains[0].collators;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cpchain-zombienet-'));
    specPath = path.join(dir, 'cpchain-local-raw.json');
    const binary = nodeBinary();
    assert.ok(existsSync(binary), `cpchain-node not found at ${binary}: build it or set CPCHAIN_NODE`);
    await run(binary, ['export-chain-spec', '--chain', 'local', '--raw', '--output', specPath]);
    spec = JSON.parse(readFileSync(specPath, 'utf8'));

    // As `zombienet spawn` reads it with CPCHAIN_SPEC set and the default collator binary.
    process.env.CPCHAIN_SPEC = specPath;
    delete process.env.CPCHAIN_COLLATOR;
    const config = utils.readNetworkConfig(networkFile);
    config.settings.provider = 'native'; // `--provider native`
    network = await generateNetworkSpec(config);

    // As `zombienet test` reads a test: a template over the environment, then the DSL parser.
    const env = new nunjucks.Environment(new utils.RelativeLoader([zombienetDir]));
    testDef = JSON.parse(dslParser.parse_to_json(env.renderString(readFileSync(testFile, 'utf8'), process.env)));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the test runs on this network definition', () => {
    // The runner takes `Network:` relative to the test's own directory.
    assert.equal(path.resolve(zombienetDir, testDef.network), networkFile);
  });

  test('by default the spec is the one zombienet/README.md exports; CPCHAIN_COLLATOR swaps the binary', () => {
    const saved = process.env.CPCHAIN_SPEC;
    delete process.env.CPCHAIN_SPEC;
    process.env.CPCHAIN_COLLATOR = '/opt/cpchain/cpchain-node';
    try {
      const [para] = utils.readNetworkConfig(networkFile).parachains;
      // Taken from the directory zombienet runs in: the repository's root.
      assert.equal(path.resolve(zombienetDir, '..', para.chain_spec_path), path.join(zombienetDir, 'cpchain-local-raw.json'));
      assert.deepEqual(para.collators.map((c) => c.command), ['/opt/cpchain/cpchain-node', '/opt/cpchain/cpchain-node']);
    } finally {
      process.env.CPCHAIN_SPEC = saved;
      delete process.env.CPCHAIN_COLLATOR;
    }
  });

  test('relay chain: rococo-local with two validators running polkadot', () => {
    assert.equal(network.relaychain.chain, 'rococo-local');
    assert.equal(spec.relay_chain, network.relaychain.chain, 'the chain spec names the same relay chain');
    assert.deepEqual(relayNames(), ['validator-1', 'validator-2']);
    for (const node of network.relaychain.nodes) {
      assert.equal(node.command, 'polkadot', node.name);
      assert.equal(node.validator, true, node.name);
    }
  });

  test('parachain 2000 from the raw chain spec cpchain-node exports, which zombienet leaves as it is', async () => {
    assert.equal(network.parachains.length, 1);
    const [para] = network.parachains;
    assert.equal(para.id, PARA_ID);
    assert.equal(spec.para_id, PARA_ID);
    const id = Buffer.alloc(4);
    id.writeUInt32LE(PARA_ID);
    assert.equal(genesisValue(spec, 'ParachainInfo', 'ParachainId'), '0x' + id.toString('hex'),
      'the runtime genesis has the same para id');
    assert.equal(para.cumulusBased, true);
    assert.equal(para.chainSpecPath, specPath);
    // Raw: no genesis rewrite (session keys, collator-selection) before the collators start.
    assert.equal(await isRawSpec(para.chainSpecPath), true);
    // No chain-specific key scheme or genesis handling.
    assert.equal(para.para, CHAIN.Generic);
    assert.equal(whichChain(para.chainSpecPath), CHAIN.Generic);
    assert.equal(para.addToGenesis, true, 'onboarded in the relay genesis');
  });

  test('two polkadot-omni-node collators, started with --collator on both chain specs', async () => {
    assert.deepEqual(collators().map((n) => n.name), ['alice', 'bob']);
    for (const node of collators()) {
      assert.equal(node.command, 'polkadot-omni-node', node.name);
      assert.equal(node.zombieRole, ZombieRole.CumulusCollator, node.name);
      assert.equal(node.validator, true, node.name);
      // The command line the native provider runs.
      const [cmd] = await genCumulusCollatorCmd(node, '/cfg', '/data', '/relay-data', false);
      const [para, relay] = cmd.split(' -- ');
      assert.match(para, /^polkadot-omni-node /);
      assert.match(para, / --collator( |$)/);
      assert.match(para, new RegExp(` --chain /cfg/rococo-local-${PARA_ID}\\.json `));
      assert.match(relay, / ?--chain \/cfg\/rococo-local\.json /);
    }
  });

  test('each collator holds the Aura key of one of the local preset\'s invulnerables', async () => {
    const authorities = decodeKeys(genesisValue(spec, 'Aura', 'Authorities'));
    const invulnerables = decodeKeys(genesisValue(spec, 'Committee', 'Invulnerables'));
    assert.equal(invulnerables.length, 2);
    // The preset's session keys are the accounts' own keys.
    assert.deepEqual(sorted(authorities), sorted(invulnerables));

    const keys = collators().map((node) => node.accounts.sr_account.publicKey);
    assert.deepEqual(sorted(keys), sorted(authorities), 'the collators\' keys are the Aura authorities');

    // The same keys as the node's own key derivation gives for the dev seeds.
    const inspected = [];
    for (const node of collators()) {
      const { stdout } = await run(nodeBinary(), ['key', 'inspect', '--output-type', 'json', node.accounts.seed]);
      const key = JSON.parse(stdout);
      assert.equal(key.publicKey, node.accounts.sr_account.publicKey, node.accounts.seed);
      inspected.push(key.publicKey);
    }
    assert.deepEqual(sorted(inspected), sorted(invulnerables));

    // What zombienet writes into each collator's keystore: the Aura key under its seed.
    for (const node of collators()) {
      const keystoreDir = path.join(dir, 'keystores', node.name);
      mkdirSync(keystoreDir, { recursive: true });
      await generateKeystoreFiles(node, keystoreDir);
      const file = AURA_KEY_TYPE + node.accounts.sr_account.publicKey.slice(2);
      assert.ok(readdirSync(path.join(keystoreDir, 'keystore')).includes(file), `${node.name}: no Aura key`);
      assert.equal(readFileSync(path.join(keystoreDir, 'keystore', file), 'utf8'), `"${node.accounts.seed}"`);
    }
  });

  test('every step of the .zndsl can run on this network', () => {
    const names = [...relayNames(), ...collators().map((n) => n.name)];
    assert.ok(testDef.assertions.length > 0);
    for (const { original_line: line, parsed: { fn, args } } of testDef.assertions) {
      assert.ok(steps[fn], `${line}: no such step`);
      if (args.node_name !== undefined) assert.ok(names.includes(args.node_name), `${line}: no node ${args.node_name}`);
      // These read the relay chain's `paras` pallet on the node they run on.
      if (['ParaIsRegistered', 'ParaBlockHeight'].includes(fn)) {
        assert.ok(relayNames().includes(args.node_name), `${line}: runs on a collator`);
        assert.equal(args.para_id, PARA_ID, line);
      }
      if (args.file_path) assert.ok(existsSync(path.resolve(zombienetDir, args.file_path)), `${line}: no script`);
    }
  });

  test('the .zndsl checks each collator\'s heights and committee, and the relay chain\'s inclusion', () => {
    const has = (node, fn, pred = () => true) =>
      testDef.assertions.some(({ parsed: p }) => p.args.node_name === node && p.fn === fn && pred(p.args));
    const invulnerables = decodeKeys(genesisValue(spec, 'Committee', 'Invulnerables'));
    for (const { name } of collators()) {
      assert.ok(has(name, 'Report', (a) => a.metric_name === 'block height' && a.target_value > 1), `${name}: best`);
      assert.ok(has(name, 'Report', (a) => a.metric_name === 'finalised height' && a.target_value > 1),
        `${name}: finalised`);
      assert.ok(has(name, 'CustomJs', (a) => {
        const given = a.custom_args.split(',').map((address) => u8aToHex(decodeAddress(address.trim())));
        return a.file_path === './committee.cjs' && a.target_value === invulnerables.length &&
          JSON.stringify(sorted(given)) === JSON.stringify(sorted(invulnerables));
      }), `${name}: committee`);
    }
    assert.ok(relayNames().some((name) => has(name, 'ParaIsRegistered')));
    for (const name of relayNames()) {
      assert.ok(has(name, 'ParaBlockHeight', (a) => a.op === 'IsAtLeast' && a.target_value > 1), `${name}: para height`);
    }
  });

  describe('the collators\' steps against cpchain-node on the same chain spec', () => {
    let node;
    let zombieNetwork;

    before(async () => {
      const rpcPort = await freePort();
      const prometheusPort = await freePort();
      const p2pPort = await freePort();
      node = await startService({
        name: 'cpchain-node',
        command: nodeBinary(),
        // The dev node seals every slot itself, so Alice's and Bob's slots alternate.
        args: ['--dev', '--chain', specPath, '--tmp', '--sealing', 'interval', '--dev-block-time', '500',
          '--rpc-port', String(rpcPort), '--prometheus-port', String(prometheusPort),
          '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`, '--no-telemetry', '--no-mdns'],
        ready: () => rpc(rpcPort, 'system_health'),
        readyTimeoutMs: 180_000
      });
      // Both collators' names on the one node: the steps read the chain, not the collator.
      const nodes = Object.fromEntries(collators().map(({ name }) => [name, new NetworkNode(
        name, `ws://127.0.0.1:${rpcPort}`, `http://127.0.0.1:${prometheusPort}/metrics`, '')]));
      zombieNetwork = {
        tmpDir: dir,
        chainSpecFullPath: specPath,
        relay: [],
        paras: {},
        nodesByName: nodes,
        node: (name) => nodes[name],
        getNodes: (name) => {
          assert.ok(nodes[name], `no node ${name}`);
          return [nodes[name]];
        }
      };
    });

    after(async () => {
      if (node) await node.stop();
    });

    test('heights, finalisation and the committee script pass as zombienet runs them', async () => {
      const names = collators().map((n) => n.name);
      const runnable = testDef.assertions.filter(({ parsed: p }) => names.includes(p.args.node_name));
      for (const name of names) {
        const fns = runnable.filter(({ parsed: p }) => p.args.node_name === name).map(({ parsed: p }) => p.fn);
        assert.deepEqual([...new Set(fns)].sort(), ['CustomJs', 'IsUp', 'Report'], name);
      }
      // Each step races its work against a timer it never clears (the runner ends the process when
      // all are done): unreferenced, those timers do not keep this test's process alive after it.
      const setTimeoutReferenced = globalThis.setTimeout;
      globalThis.setTimeout = (...timer) => setTimeoutReferenced(...timer).unref();
      try {
        for (const { original_line: line, parsed: { fn, args } } of runnable) {
          // The network's timeouts are for a relay chain's pace; this node seals every 500 ms.
          const step = steps[fn]({ ...args, timeout: Math.min(args.timeout ?? 60, 60) });
          await step(zombieNetwork, {}, zombienetDir).catch((err) => {
            throw new Error(`${line}: ${err.message}\n${node.logs().slice(-3000)}`);
          });
        }
      } finally {
        globalThis.setTimeout = setTimeoutReferenced;
      }
    });
  });
});

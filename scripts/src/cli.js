// Runs the `cpchain` command-line client against a node and an IPFS daemon.

import { execFile } from 'node:child_process';

import { workspaceBinary } from './node.js';
import { startService } from './service.js';

/** The `cpchain` binary: $CPCHAIN_CLI, else the cargo target directory's debug build. */
export function cliBinary () {
  return workspaceBinary('cpchain', 'CPCHAIN_CLI');
}

/**
 * A `cpchain` bound to one node, one IPFS API and one keys file. `run(args)` resolves to
 * { code, stdout, stderr } (stdout as a Buffer with `{ encoding: 'buffer' }`); it never rejects
 * on a failing exit code, so tests can check refusals.
 */
export function cpchain ({ nodeUrl, ipfsUrl, keys, suri }) {
  const common = ['--node', nodeUrl, '--ipfs', ipfsUrl, '--keys', keys, '--quiet'];
  if (suri) common.push('--suri', suri);
  const run = (args, { encoding = 'utf8', timeoutMs = 120_000 } = {}) =>
    new Promise((resolve) => {
      execFile(cliBinary(), [...args, ...common], { encoding, timeout: timeoutMs, maxBuffer: 64 << 20 },
        (error, stdout, stderr) => {
          resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr: stderr.toString() });
        });
    });
  /** Runs and insists on success; resolves to trimmed stdout. */
  const ok = async (args) => {
    const result = await run(args);
    if (result.code !== 0) throw new Error(`cpchain ${args.slice(0, 4).join(' ')}… failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  /** Starts a long-running command (`proxy run`, `grant auto`); resolves to { logs(), stop() }. */
  const start = (args, name = `cpchain ${args.slice(0, 2).join(' ')}`) =>
    startService({ name, command: cliBinary(), args: [...args, ...common], ready: async () => {}, readyTimeoutMs: 1000 });
  return { run, ok, start };
}

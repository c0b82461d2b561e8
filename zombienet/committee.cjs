// A `js-script` step of cpchain-local.zndsl, run by zombienet on a collator (CommonJS: zombienet
// loads it with require). `args` are the SS58 addresses of the committee's invulnerables.
//
// Checks that the committee pallet's invulnerables are exactly those accounts, that they sit on
// the committee serving this session and are the Aura authorities, then follows finalised
// blocks until each of them has sealed one. Aura gives slot `s` to authority `s % n`, and a
// block whose seal is not that authority's is not imported, so a block of a slot is proof that
// its authority's collator holds the key. Returns how many invulnerables were seen sealing
// finalised blocks; the step expects all of them, and zombienet's timeout bounds the wait.

const POLL_MS = 2000;

function same (a, b) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

async function run (nodeName, networkInfo, args) {
  const node = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(node.wsUri, node.userDefinedTypes);
  try {
    // Compared as public keys, whatever SS58 prefix the addresses carry.
    const hex = (address) => api.createType('AccountId32', address).toHex();
    const expected = args.map((a) => hex(a.trim()));
    if (expected.length === 0) throw new Error('no invulnerables given');

    const invulnerables = (await api.query.committee.invulnerables()).map((a) => a.toHex());
    if (!same(invulnerables, expected)) {
      throw new Error(`committee.invulnerables is ${invulnerables}, expected ${expected}`);
    }
    const members = (await api.query.committee.members()).map((a) => a.toHex());
    const missing = expected.filter((k) => !members.includes(k));
    if (missing.length) throw new Error(`committee.members ${members} lacks ${missing}`);
    const authorities = (await api.query.aura.authorities()).map((a) => a.toHex());
    if (!same(authorities, expected)) {
      throw new Error(`aura.authorities is ${authorities}, expected ${expected}`);
    }

    const sealed = new Set();
    let next = null;
    while (sealed.size < expected.length) {
      const finalised = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
      const head = finalised.number.toNumber();
      // Genesis has no seal; start a few blocks back so a long-running chain answers at once.
      if (next === null) next = Math.max(1, head - 2 * expected.length);
      for (; next <= head && sealed.size < expected.length; next++) {
        const header = await api.rpc.chain.getHeader(await api.rpc.chain.getBlockHash(next));
        const slot = auraSlot(header);
        if (slot === null) throw new Error(`block #${next} has no Aura pre-digest`);
        sealed.add(authorities[Number(slot % BigInt(authorities.length))]);
      }
      if (sealed.size < expected.length) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    console.log(`${nodeName}: finalised blocks up to #${next - 1} sealed by ${[...sealed]}`);
    return expected.filter((k) => sealed.has(k)).length;
  } finally {
    await api.disconnect();
  }
}

// The slot of a header's Aura pre-runtime digest (engine id `aura`, a little-endian u64).
function auraSlot (header) {
  for (const item of header.digest.logs) {
    if (!item.isPreRuntime) continue;
    const [engine, data] = item.asPreRuntime;
    if (engine.toString() === 'aura') return data.toU8a(true).reduceRight((s, b) => s * 256n + BigInt(b), 0n);
  }
  return null;
}

module.exports = { run };

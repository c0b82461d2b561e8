// js-ipfs 0.66 calls Promise.withResolvers, which Node 20 lacks (Node 22 has it). Loaded with
// `node --require` before the daemon starts.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

// seedrandom's xor4096 generator alone (the package's main module also loads its other generators
// and Node.js crypto, ~5 ms of every start): the same function as `seedrandom.xor4096`.
declare module 'seedrandom/lib/xor4096.js' {
  import type seedrandom from 'seedrandom';

  const xor4096: (typeof seedrandom)['xor4096'];
  export default xor4096;
}

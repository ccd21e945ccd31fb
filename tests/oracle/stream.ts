import { fillUniforms32, fillUniforms53, seedState, uniform53 } from './xor4096.js';
import { type NormalState, fillNormals, nextNormal, normalState } from './ziggurat.js';

/**
 * The oracle's keyed stream (seed, block, key), in JavaScript: the same numbers as the engine's
 * kernel draws for that key (its slow normals keyed (seed, block, key, "ziggurat")).
 */
export class Stream {
  private readonly state: Int32Array;
  private normalSource: NormalState | undefined;

  constructor(
    private readonly seed: string,
    private readonly block: number,
    private readonly key: string,
  ) {
    this.state = seedState(JSON.stringify([seed, block, key]));
  }

  private get normals(): NormalState {
    this.normalSource ??= normalState(this.state, JSON.stringify([this.seed, this.block, this.key, 'ziggurat']));
    return this.normalSource;
  }

  uniform(): number {
    return uniform53(this.state);
  }

  normal(): number {
    return nextNormal(this.normals);
  }

  fillNormals(out: Float64Array, n: number): void {
    fillNormals(this.normals, out, n);
  }

  fillUniforms53(out: Float64Array, n: number): void {
    fillUniforms53(this.state, out, n);
  }

  fillUniforms(out: Float64Array, n: number): void {
    fillUniforms32(this.state, out, n);
  }
}

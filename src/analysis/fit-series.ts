import { gaussianLogLikelihood, ols, type Regression } from './regression.js';

/**
 * One observed series (a line's money per period) fitted three ways, and the best of them by AICc
 * on the scale of the data:
 * - `multiplicative`: log x = level + growth·t (+ a seasonal term) + e, e ~ N(0, s²): noise
 *   proportional to the line (needs x > 0);
 * - `additive`: x = level·e^(growth·t) + e, e ~ N(0, s²): noise of a fixed size around the same
 *   compound trend (costs that wobble around a budget, a line near or below zero), by nonlinear
 *   least squares (Gauss–Newton); a series that reaches zero or below has no growth rate and is
 *   a constant level with noise;
 * - `walk`: log x_t − log x_{t−1} ~ N(μ, σ²): a geometric random walk (revenue that follows its
 *   own path: this month's level is where next month starts).
 * The estimates keep their standard errors: they are the spread of the inputs drawn per path.
 */

export type SeriesModel = 'multiplicative' | 'additive' | 'walk';

export interface SeriesPoint {
  /** Period index (0 = the first row; gaps skip indices). */
  readonly t: number;
  readonly x: number;
  /** Season of the period: month of the year (0..11) or quarter (0..3). */
  readonly season: number;
  /** Line of the file, for reports. */
  readonly line: number;
}

export interface Estimate {
  readonly value: number;
  /** Standard error, widened to a Student t's spread for the degrees of freedom (see `tWidening`). */
  readonly se: number;
}

export interface SeriesFit {
  readonly model: SeriesModel;
  /** Observations used. */
  readonly n: number;
  /**
   * multiplicative: log of the median line per period half a period before the origin, deseasonalised;
   * additive: the line per period there (its mean); walk: log of the last observation.
   */
  readonly level: Estimate;
  /** Log growth per period (for a walk, the median log step). */
  readonly growth: Estimate;
  /** Correlation of the level and growth estimates (0 for a walk). */
  readonly correlation: number;
  /** Residual sd: of log x (multiplicative), of x (additive), of the log differences (walk). */
  readonly sd: number;
  /**
   * The sd the forecast uses: the residual variance at its posterior mean s²·df/(df − 2) (flat
   * prior), so that a noise level estimated from few periods is not taken as known.
   */
  readonly forecastSd: number;
  /** Seasonal factors by season (multiplicative only; product of the factors is 1). */
  readonly seasonal?: readonly number[];
  /** Observations far from the fit (more than 4 robust standard deviations). */
  readonly outliers: readonly { line: number; x: number; z: number }[];
  /** AICc of every model tried, on the data's scale (lower is better). */
  readonly aic: Partial<Record<SeriesModel | 'multiplicative+seasonal', number>>;
  /** Lag-1 autocorrelation of the chosen model's residuals. */
  readonly autocorrelation: number;
}

export interface SeriesOptions {
  /** Seasons in a year (12 for months, 4 for quarters); 0: no seasonality. */
  readonly seasons: number;
  /** Period index of the first forecast period. */
  readonly origin: number;
  /** Models allowed (default all). */
  readonly models?: readonly SeriesModel[];
}

/** Fewest observations a series needs. */
export const MIN_SERIES_POINTS = 6;

/** Fits the series; a string says why it cannot be. */
export function fitSeries(points: readonly SeriesPoint[], options: SeriesOptions): SeriesFit | string {
  if (points.length < MIN_SERIES_POINTS) return `${points.length} values: at least ${MIN_SERIES_POINTS} are needed to fit a line`;
  const allowed = new Set(options.models ?? ['multiplicative', 'additive', 'walk']);
  const positive = points.every((p) => p.x > 0);
  // every model is scored on the observations that have a predecessor, so that the walk (which
  // conditions on the first value) compares with the others on the same data
  const scored = points.map((p, k) => k > 0 && points[k - 1]!.t === p.t - 1);
  const candidates: SeriesFit[] = [];
  const aic: SeriesFit['aic'] = {};
  const jacobian = positive ? points.reduce((sum, p, k) => sum + (scored[k] ? Math.log(p.x) : 0), 0) : 0;
  if (positive && allowed.has('multiplicative')) {
    const plain = trendFit(points, options, 0);
    if (plain !== undefined) {
      aic.multiplicative = aicc(plain.k + 1, scoredLogLikelihood(plain.regression.residuals, scored) - jacobian, points.length);
      candidates.push(plain.fit);
      const seasonsSeen = new Set(points.map((p) => p.season)).size;
      if (options.seasons > 1 && points.length >= 2 * options.seasons && seasonsSeen === options.seasons) {
        const seasonal = trendFit(points, options, options.seasons);
        if (seasonal !== undefined) {
          aic['multiplicative+seasonal'] = aicc(seasonal.k + 1, scoredLogLikelihood(seasonal.regression.residuals, scored) - jacobian, points.length);
          if (aic['multiplicative+seasonal'] < aic.multiplicative) {
            candidates.pop();
            candidates.push(seasonal.fit);
          }
        }
      }
    }
  }
  if (allowed.has('additive')) {
    const additive = additiveFit(points, options);
    if (additive !== undefined) {
      aic.additive = aicc(additive.k, scoredLogLikelihood(additive.residuals, scored), points.length);
      candidates.push(additive.fit);
    }
  }
  if (positive && allowed.has('walk')) {
    const walk = walkFit(points);
    if (walk !== undefined) {
      aic.walk = aicc(2, walk.logLikelihood - jacobian, points.length);
      candidates.push(walk.fit);
    }
  }
  if (candidates.length === 0) return allowed.size === 1 && allowed.has('walk') ? 'a random walk needs positive values in at least 5 consecutive periods' : 'the values do not determine a trend (too few distinct periods)';
  const score = (f: SeriesFit) => (f.model === 'multiplicative' ? Math.min(aic.multiplicative ?? Infinity, f.seasonal ? (aic['multiplicative+seasonal'] ?? Infinity) : Infinity) : aic[f.model]!);
  // in the order multiplicative, additive, walk, a later model must beat an earlier one by 2
  // (an AICc difference below 2 is no real evidence): noise in proportion to a positive line is the
  // default, and the walk, which spreads widest far ahead, must earn its place
  const best = candidates.reduce((a, b) => (score(b) < score(a) - 2 ? b : a));
  return { ...best, aic };
}

/**
 * Akaike's criterion with the small-sample correction (AICc): 2k − 2·log L + 2k(k + 1)/(n − k − 1),
 * so that eleven seasonal terms must earn their keep in three years of months.
 */
export function aicc(k: number, logLikelihood: number, n: number): number {
  return 2 * k - 2 * logLikelihood + (n - k - 1 > 0 ? (2 * k * (k + 1)) / (n - k - 1) : Infinity);
}

/** The Student t with `df` degrees of freedom has variance df/(df − 2) of the normal's: standard errors are widened by its square root. */
export function tWidening(df: number): number {
  return df > 2 ? Math.sqrt(df / (df - 2)) : Math.sqrt(3);
}

/**
 * x = a·e^(b·(t − t̄)) + e by Gauss–Newton with step halving, from the log-linear fit (or a flat
 * line when some x ≤ 0); undefined when it does not settle on a finite growth below 100% a period.
 */
function additiveFit(points: readonly SeriesPoint[], options: SeriesOptions): { fit: SeriesFit; residuals: Float64Array; k: number } | undefined {
  const n = points.length;
  const mean = points.reduce((s, p) => s + p.t, 0) / n;
  const tau = points.map((p) => p.t - mean);
  const x = points.map((p) => p.x);
  let a = x.reduce((s, v) => s + v, 0) / n;
  let b = 0;
  if (!points.every((p) => p.x > 0)) return flatFit(points, a);
  const start = ols(points.map((_, k) => [1, tau[k]!]), x.map((v) => Math.log(v)));
  if (start !== undefined) [a, b] = [Math.exp(start.beta[0]!), start.beta[1]!];
  const ssrOf = (a0: number, b0: number) => x.reduce((s, v, k) => s + (v - a0 * Math.exp(b0 * tau[k]!)) ** 2, 0);
  const normal = (a0: number, b0: number) => {
    let [jaa, jab, jbb, ra, rb] = [0, 0, 0, 0, 0];
    x.forEach((v, k) => {
      const e = Math.exp(b0 * tau[k]!);
      const [da, db] = [e, a0 * tau[k]! * e];
      const r = v - a0 * e;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ra += da * r;
      rb += db * r;
    });
    return { jaa, jab, jbb, ra, rb };
  };
  let ssr = ssrOf(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    const { jaa, jab, jbb, ra, rb } = normal(a, b);
    const det = jaa * jbb - jab * jab;
    if (!(det > 0)) break;
    const da = (jbb * ra - jab * rb) / det;
    const db = (jaa * rb - jab * ra) / det;
    let step = 1;
    let improved = false;
    for (; step > 1e-8; step /= 2) {
      const next = ssrOf(a + step * da, b + step * db);
      if (next < ssr) {
        const gain = ssr - next;
        [a, b, ssr] = [a + step * da, b + step * db, next];
        improved = gain > 1e-12 * ssr;
        break;
      }
    }
    if (!improved) break;
  }
  const df = n - 2;
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(b) >= Math.log(2) || df < 3) return undefined;
  const { jaa, jab, jbb } = normal(a, b);
  const det = jaa * jbb - jab * jab;
  if (!(det > 0)) return undefined;
  const variance = ssr / df;
  // covariance of (a, b): s²·(JᵀJ)⁻¹
  const [caa, cab, cbb] = [(variance * jbb) / det, (-variance * jab) / det, (variance * jaa) / det];
  const t0 = options.origin - 0.5 - mean;
  const e0 = Math.exp(b * t0);
  const [ga, gb] = [e0, a * t0 * e0];
  const levelVariance = ga * ga * caa + 2 * ga * gb * cab + gb * gb * cbb;
  const levelGrowthCovariance = ga * cab + gb * cbb;
  const widen = tWidening(df);
  const residuals = Float64Array.from(x, (v, k) => v - a * Math.exp(b * tau[k]!));
  const fit: SeriesFit = {
    model: 'additive',
    n,
    level: { value: a * e0, se: Math.sqrt(Math.max(levelVariance, 0)) * widen },
    growth: { value: b, se: Math.sqrt(cbb) * widen },
    correlation: levelVariance > 0 && cbb > 0 ? levelGrowthCovariance / Math.sqrt(levelVariance * cbb) : 0,
    sd: Math.sqrt(variance),
    forecastSd: Math.sqrt(variance) * widen,
    outliers: outliersOf(points, residuals),
    aic: {},
    autocorrelation: lagOneCorrelation(points, residuals),
  };
  return { fit, residuals, k: 3 };
}

/** A level that reaches zero or below has no growth rate: x = level + e, a constant with noise. */
function flatFit(points: readonly SeriesPoint[], mean: number): { fit: SeriesFit; residuals: Float64Array; k: number } | undefined {
  const n = points.length;
  const residuals = Float64Array.from(points, (p) => p.x - mean);
  const variance = residuals.reduce((s, r) => s + r * r, 0) / (n - 1);
  const fit: SeriesFit = {
    model: 'additive',
    n,
    level: { value: mean, se: Math.sqrt(variance / n) * tWidening(n - 1) },
    growth: { value: 0, se: 0 },
    correlation: 0,
    sd: Math.sqrt(variance),
    forecastSd: Math.sqrt(variance) * tWidening(n - 1),
    outliers: outliersOf(points, residuals),
    aic: {},
    autocorrelation: lagOneCorrelation(points, residuals),
  };
  return { fit, residuals, k: 2 };
}

/** log x = level + growth·(t − t̄) (+ seasonal terms) + e, by least squares. */
function trendFit(points: readonly SeriesPoint[], options: SeriesOptions, seasons: number): { fit: SeriesFit; regression: Regression; k: number } | undefined {
  const mean = points.reduce((s, p) => s + p.t, 0) / points.length;
  // seasonal terms coded to sum to zero, so the level is the average season's
  const design = points.map((p) => {
    const row = [1, p.t - mean];
    for (let s = 0; s < seasons - 1; s++) row.push(p.season === s ? 1 : p.season === seasons - 1 ? -1 : 0);
    return row;
  });
  const y = points.map((p) => Math.log(p.x));
  const regression = ols(design, y);
  if (regression === undefined || regression.df < 3) return undefined;
  const k = design[0]!.length;
  const c = regression.covariance;
  const tau = options.origin - 0.5 - mean;
  const widen = tWidening(regression.df);
  const level = regression.beta[0]! + regression.beta[1]! * tau;
  const levelVariance = c[0]! + tau * tau * c[k + 1]! + 2 * tau * c[1]!;
  const levelGrowthCovariance = c[1]! + tau * c[k + 1]!;
  const sd = Math.sqrt(regression.variance);
  let seasonal: number[] | undefined;
  if (seasons > 0) {
    const terms = Array.from({ length: seasons - 1 }, (_, s) => regression.beta[2 + s]!);
    terms.push(-terms.reduce((a, b) => a + b, 0));
    seasonal = terms.map((g) => Math.exp(g));
  }
  const fit: SeriesFit = {
    model: 'multiplicative',
    n: points.length,
    level: { value: level, se: Math.sqrt(Math.max(levelVariance, 0)) * widen },
    growth: { value: regression.beta[1]!, se: Math.sqrt(c[k + 1]!) * widen },
    correlation: levelVariance > 0 && c[k + 1]! > 0 ? levelGrowthCovariance / Math.sqrt(levelVariance * c[k + 1]!) : 0,
    sd,
    forecastSd: sd * widen,
    ...(seasonal === undefined ? {} : { seasonal }),
    outliers: outliersOf(points, regression.residuals),
    aic: {},
    autocorrelation: lagOneCorrelation(points, regression.residuals),
  };
  return { fit, regression, k };
}

function walkFit(points: readonly SeriesPoint[]): { fit: SeriesFit; logLikelihood: number } | undefined {
  const steps: number[] = [];
  const stepPoints: SeriesPoint[] = [];
  for (let k = 1; k < points.length; k++) {
    if (points[k]!.t !== points[k - 1]!.t + 1) continue;
    steps.push(Math.log(points[k]!.x) - Math.log(points[k - 1]!.x));
    stepPoints.push(points[k]!);
  }
  const m = steps.length;
  if (m < 5) return undefined;
  const mu = steps.reduce((a, b) => a + b, 0) / m;
  const ssr = steps.reduce((s, d) => s + (d - mu) ** 2, 0);
  const variance = ssr / (m - 1);
  const residuals = Float64Array.from(steps, (d) => d - mu);
  const last = points.at(-1)!;
  const fit: SeriesFit = {
    model: 'walk',
    n: points.length,
    level: { value: Math.log(last.x), se: 0 },
    growth: { value: mu, se: Math.sqrt(variance / m) * tWidening(m - 1) },
    correlation: 0,
    sd: Math.sqrt(variance),
    forecastSd: Math.sqrt(variance) * tWidening(m - 1),
    outliers: outliersOf(stepPoints, residuals),
    aic: {},
    autocorrelation: lagOneCorrelation(stepPoints, residuals),
  };
  return { fit, logLikelihood: gaussianLogLikelihood(ssr, m) };
}

/** The log-likelihood of the scored observations, at the fit's ML variance. */
function scoredLogLikelihood(residuals: Float64Array, scored: readonly boolean[]): number {
  let ssr = 0;
  let n = 0;
  residuals.forEach((r, k) => {
    if (!scored[k]) return;
    ssr += r * r;
    n++;
  });
  // the variance is the fit's own (all observations), evaluated on the scored ones
  const v = residuals.reduce((s, r) => s + r * r, 0) / residuals.length || 1e-300;
  return -0.5 * n * Math.log(2 * Math.PI * v) - ssr / (2 * v);
}

/** Points whose residual is more than 4 robust standard deviations (1.4826 × the median absolute deviation) from the median. */
function outliersOf(points: readonly SeriesPoint[], residuals: Float64Array): { line: number; x: number; z: number }[] {
  const sorted = Float64Array.from(residuals).sort();
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const deviations = Float64Array.from(residuals, (r) => Math.abs(r - median)).sort();
  const mad = 1.4826 * deviations[Math.floor(deviations.length / 2)]!;
  if (!(mad > 0)) return [];
  const out: { line: number; x: number; z: number }[] = [];
  residuals.forEach((r, k) => {
    const z = (r - median) / mad;
    if (Math.abs(z) > 4) out.push({ line: points[k]!.line, x: points[k]!.x, z });
  });
  return out;
}

/** Lag-1 autocorrelation of residuals over consecutive periods. */
function lagOneCorrelation(points: readonly SeriesPoint[], residuals: Float64Array): number {
  const mean = residuals.reduce((a, b) => a + b, 0) / residuals.length;
  let num = 0;
  let den = 0;
  residuals.forEach((r, k) => {
    den += (r - mean) ** 2;
    if (k > 0 && points[k]!.t === points[k - 1]!.t + 1) num += (r - mean) * (residuals[k - 1]! - mean);
  });
  return den > 0 ? num / den : 0;
}

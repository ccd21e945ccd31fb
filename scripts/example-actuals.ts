/**
 * Writes examples/actuals/acme-analytics.csv: 36 months of a small SaaS company, drawn from a
 * known model (so that `runway fit` can be seen to recover it). Run: npx tsx scripts/example-actuals.ts
 */
import { writeFileSync } from 'node:fs';
import seedrandom from 'seedrandom';

const rng = seedrandom('acme-analytics');
const normal = () => {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
};
const poisson = (mean: number) => {
  // Knuth: multiply uniforms until the product falls below e^(−mean)
  let k = 0;
  for (let product = rng(); product > Math.exp(-mean); product *= rng()) k++;
  return k;
};
const binomial = (n: number, p: number) => Array.from({ length: n }, () => (rng() < p ? 1 : 0) as number).reduce((a, b) => a + b, 0);

const rows = ['month,cash,customers,customers:new,customers:churned,revenue:subscriptions,revenue:services,costs:payroll,costs:cloud,costs:marketing,costs:rent'];
let cash = 5_650_000;
let customers = 84;
const season = [0.9, 0.95, 1.05, 1, 1, 0.95, 0.7, 0.75, 1.1, 1.15, 1.3, 1.25];
for (let t = 0; t < 36; t++) {
  const year = 2023 + Math.floor(t / 12);
  const month = (t % 12) + 1;
  const opening = customers;
  const arrivals = poisson(10);
  const churned = binomial(opening, 0.028) + binomial(arrivals, 0.014);
  customers = opening + arrivals - churned;
  const average = (opening + customers) / 2;
  const subscriptions = Math.round(average * 390 * 1.004 ** t * Math.exp(0.025 * normal() - 0.025 ** 2 / 2));
  const services = Math.round(Math.max(0, 14_000 + 5_000 * normal()));
  const payroll = Math.round(128_000 * 1.012 ** t * Math.exp(0.015 * normal()));
  const cloud = Math.round(average * 52 * Math.exp(0.06 * normal()));
  const marketing = Math.round(18_000 * 1.005 ** t * season[month - 1]! * Math.exp(0.08 * normal()));
  const rent = t < 18 ? 11_500 : 13_800;
  cash += subscriptions + services - payroll - cloud - marketing - rent;
  rows.push([`${year}-${String(month).padStart(2, '0')}`, cash, customers, arrivals, churned, subscriptions, services, payroll, cloud, marketing, rent].join(','));
}
writeFileSync('examples/actuals/acme-analytics.csv', `${rows.join('\n')}\n`);

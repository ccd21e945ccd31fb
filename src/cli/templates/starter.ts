export const STARTER_SCENARIO = `# A runway scenario. Every key is described in the README ("Scenario format").
# Numbers take suffixes (700k, 1.5M, 2B, 12%); "a to b" is a lognormal with that 90% interval.
name: My company
start: 2026-01-01            # first simulated day
horizon: 2027-12-31          # last simulated day (inclusive)
paths: 10000                 # simulated futures
seed: 1                      # same seed, same result
report:
  by: [2026-12-31]           # P(ruin by each date); the horizon is always added

cash:
  initial: 2M                # bank balance at the start of the start date
  source: bank statement

users:                       # optional: needed by lines that scale with users
  initial: 500               # customers (any unit)
  growth:
    drift: normal(4%, 3%)    # expected monthly log-growth, drawn once per future
    volatility: 10%          # month-scale noise
    per: month
  seasonality: { dec: -10% }

costs:
  - name: payroll
    amount: pert(120k, 150k, 200k)   # low, most likely, high
    per: month
    growth: { annual: 10% }
  - name: hosting
    amount: 300 to 600       # per day at the starting users
    per: day
    scales_with: users
    volatility: 10%          # day-to-day noise, mean 1

revenue:
  - name: subscriptions
    amount: 40k to 60k       # per month at the starting users
    per: month
    scales_with: users

events:
  - name: seed extension
    date: 2026-06-01 to 2026-12-31   # a day drawn uniformly
    probability: 40%
    amount: 1M to 2M
  - name: bridge loan
    when: { cash_below: 300k }       # tried once, the first day cash ends below this
    delay_days: 30
    probability: 50%
    amount: 500k
`;

export const STARTER_SCENARIO = `# A runway scenario. Every key is described in docs/scenario-format.md.
# Numbers take suffixes (700k, 1.5M, 2B, 12%); "a to b" is a lognormal with that 90% interval.
# Amounts drawn from a distribution are drawn once per simulated future.
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

customers:                   # optional: needed by lines that scale with customers
  initial: 100               # paying customers today
  new: 6 to 12               # new customers a month
  churn: 2% to 4%            # share of the customers lost a month
  per: month

costs:
  - name: payroll
    amount: pert(10k, 12k, 15k)      # one head a month: low, most likely, high
    per: month                       # every line needs its period
    paid: { day: 25 }                # in one lump on the 25th
    group: people
    plan:                            # headcount from these dates on
      - { date: 2026-01-01, level: 10 }
      - { date: 2026-04-01, level: 12, slip: 'uniform(0, 60)' }   # two hires, up to 60 days late
    growth: { annual: 5% }           # raises
  - name: payroll taxes
    share: 10%                       # of the lines in the group "people", paid with them
    of: [people]
  - name: hosting
    amount: 30 to 50                 # a customer, a month
    per: month
    scales_with: customers
    volatility: 10%                  # day-to-day noise, mean 1
  - name: card fees
    share: 2.9%
    of: [subscriptions]

revenue:
  - name: subscriptions
    amount: 350 to 450               # a customer, a month
    per: month
    scales_with: customers

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

actions:
  - name: spending cut
    when: { runway_below: 6 }        # months of cash at the last three months' average net burn
    delay_days: 30                   # a month to decide; the cut applies from the 31st day
    cut: 20% to 30%                  # of the lines in the group "people" (payroll taxes follow)
    lines: [people]
`;

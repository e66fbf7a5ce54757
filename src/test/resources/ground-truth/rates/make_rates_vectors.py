#!/usr/bin/env python3
"""Stored vectors for rates.csv, computed outside Java with SciPy.

For each count table below (the --counts input of `oversight analyse`: area_code,group,events,population)
this writes the table as <name>.counts.csv and every figure rates.csv carries as expected-rates.csv:
rate per 1,000 = 1000*x/n, the rate ratio (x_g/n_g)/(x_r/n_r) against White, and its Katz log interval
exp(ln RR -/+ z*sqrt(t_g + t_r)), with z = scipy.stats.norm.ppf(0.975) and t = 1/x - 1/n (1/x alone where
a group's events exceed its population). The rules of which figures exist are those of rates.csv
(docs/adr/0007): fewer than 10 events, no rate or ratio; a ratio only when White has 10 or more events;
White's own ratio is 1 with no interval; no population, no figures.

Run: /usr/bin/python3 make_rates_vectors.py   (in this folder, with Debian's python3-scipy; rewrites the files)
"""
import csv
import math

import numpy
import scipy
from scipy.stats import norm

Z = float(norm.ppf(0.975))
GROUPS = ["Asian", "Black", "Mixed", "Other", "White"]
REFERENCE = "White"

# name -> {group: (events, population)}; population None = no denominator
TABLES = {
    # worked example of AnalysingFromTheCommandLineTest
    "hand-computed": {"Asian": (12, 3000), "Black": (45, 1500), "Mixed": (5, 800), "Other": (0, 400),
                      "White": (30, 6000)},
    # small counts: every group at or just above the thresholds of 10 and 20
    "small": {"Asian": (10, 250), "Black": (11, 97), "Mixed": (19, 1203), "Other": (20, 7), "White": (10, 333)},
    # no events in the reference group: rates but no ratios
    "zero-reference": {"Asian": (14, 2100), "Black": (52, 1900), "Mixed": (23, 640), "Other": (11, 480),
                       "White": (0, 9000)},
    # a reference group just below 10 events: rates, no ratios
    "reference-below-ten": {"Asian": (40, 5000), "Black": (90, 2500), "Mixed": (12, 800), "Other": (30, 700),
                            "White": (9, 12000)},
    # London-sized counts and a population in decimals (an estimate, not a census count)
    "large": {"Asian": (61234, 1817640.5), "Black": (148911, 1188370), "Mixed": (34120, 505775),
              "Other": (29876, 552700.25), "White": (98765, 4731170)},
    # more events than people in some groups (searched more than once): the Poisson term
    "more-events-than-people": {"Asian": (1500, 1200), "Black": (3000, 900), "Mixed": (25, 40), "Other": (77, 1000),
                                "White": (2500, 2000)},
    # a ratio below one, a missing denominator, and unknown ethnicity
    "below-one": {"Asian": (25, 10000), "Black": (33, None), "Mixed": (300, 4000), "Other": (21, 30000),
                  "White": (987, 20000), "Unknown": (44, None)},
}


def number(v):
    return "" if v is None else repr(float(v))


def term(x, n):
    return 1.0 / x - 1.0 / n if x <= n else 1.0 / x


def main():
    with open("expected-rates.csv", "w", newline="") as out:
        out.write(f"# Made by make_rates_vectors.py with SciPy {scipy.__version__} (NumPy {numpy.__version__}), "
                  f"z = norm.ppf(0.975) = {Z!r}\n")
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["table", "group", "events", "population", "rate_per_1000", "rate_ratio", "ci_lower", "ci_upper"])
        for name, table in TABLES.items():
            with open(f"{name}.counts.csv", "w", newline="") as counts:
                c = csv.writer(counts, lineterminator="\n")
                c.writerow(["area_code", "group", "events", "population"])
                for group, (x, n) in table.items():
                    c.writerow([name, group, x, "" if n is None else n])
            xr, nr = table[REFERENCE]
            reference_usable = nr is not None and xr >= 10
            for group in GROUPS:
                x, n = table[group]
                rate = ratio = lower = upper = None
                if n is not None and x >= 10:
                    rate = 1000.0 * x / n
                    if group == REFERENCE:
                        ratio = 1.0
                    elif reference_usable:
                        ratio = (x / n) / (xr / nr)
                        se = math.sqrt(term(x, n) + term(xr, nr))
                        lower = math.exp(math.log(ratio) - Z * se)
                        upper = math.exp(math.log(ratio) + Z * se)
                w.writerow([name, group, x, "" if n is None else n, number(rate), number(ratio), number(lower),
                            number(upper)])


if __name__ == "__main__":
    main()

# Reference values for PairedComparisonTest, computed independently of the Java code:
#   python3 evals-core/src/test/resources/paired/reference.py
# McNemar's exact p from exact integer arithmetic (math.comb, fractions); the paired bootstrap re-implemented
# from its definition (a SplitMix64 generator per resample seeded from one seeded with the seed, Lemire's bounded
# draw on 32-bit halves, type-7 percentiles, the centred two-sided p-value).
# Python floats are IEEE doubles and the sums run in the same order, so the bootstrap values must match exactly.
import math
from fractions import Fraction

def mcnemar(b, c):
    m, k = b + c, min(b, c)
    if m == 0:
        return Fraction(1)
    return min(Fraction(1), 2 * Fraction(sum(math.comb(m, j) for j in range(k + 1)), 2 ** m))

for b, c in [(10, 2), (2, 10), (0, 5), (1, 0), (5, 5), (7, 3), (25, 10), (5000, 4800), (300, 200)]:
    p = mcnemar(b, c)
    print(f"mcnemar b={b} c={c} p={float(p)!r}")

M64 = (1 << 64) - 1

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M64
        self.word = 0
        self.low_half_left = False
    def next32(self):
        if self.low_half_left:
            self.low_half_left = False
            return self.word & 0xFFFFFFFF
        self.word = self.next_long()
        self.low_half_left = True
        return self.word >> 32
    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)
    def next_index(self, bound):
        m = self.next32() * bound
        low = m & 0xFFFFFFFF
        if low < bound:
            threshold = ((1 << 32) - bound) % bound
            while low < threshold:
                m = self.next32() * bound
                low = m & 0xFFFFFFFF
        return m >> 32

def quantile(s, q):
    h = (len(s) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])

def bootstrap(baseline, candidate, seed, resamples):
    n = len(baseline)
    d = [y - x for x, y in zip(baseline, candidate)]
    observed = 0.0
    for v in d:
        observed += v
    observed /= n
    seeds = SplitMix64(seed)
    means = []
    for _ in range(resamples):
        rng = SplitMix64(seeds.next_long())  # each resample has its own generator
        s = 0.0
        for _ in range(n):
            s += d[rng.next_index(n)]
        means.append(s / n)
    far = sum(1 for m in means if abs(m - observed) >= abs(observed))
    means.sort()
    return observed, quantile(means, 0.025), quantile(means, 0.975), (1 + far) / (resamples + 1)

baseline = [0.2, 0.5, 0.9, 0.4, 0.7, 0.1, 0.3, 0.8, 0.6, 0.5, 0.25, 0.75]
candidate = [0.4, 0.3, 1.0, 0.2, 0.6, 0.3, 0.5, 0.9, 0.2, 0.8, 0.25, 0.95]
for seed, resamples in [(42, 1000), (7, 2000)]:
    print(f"bootstrap seed={seed} resamples={resamples} -> {bootstrap(baseline, candidate, seed, resamples)!r}")

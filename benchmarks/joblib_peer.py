#!/usr/bin/env python3
"""The cross-language row of the suite: a warm hit of joblib.Memory (Debian's python3-joblib) on
the suite's values, written as JMH-like JSON for benchmarks/render.py.

    /usr/bin/python3 benchmarks/joblib_peer.py OUT.json [--short]

Each value is cached once (the miss), then hit in rounds of calls; the score is the median over
the rounds of the time per hit, in µs. The values are the suite's: random bytes of 100 B, 10 KiB,
1 MiB and 10 MiB, a 100 KiB non-ASCII str and a list of 100 ints, under the key (name, table,
first, count).
"""
import json
import random
import statistics
import sys
import tempfile
import time

import joblib

SIZES = {"bytes100": 100, "bytes10k": 10 << 10, "bytes1m": 1 << 20, "bytes10m": 10 << 20}


def value(name):
    rnd = random.Random(name)
    if name in SIZES:
        return rnd.randbytes(SIZES[name])
    if name == "string100k":
        words = ["été ", "Ωμέγα ", "中文字 ", "naïve ", "😀 ", "plain "]
        parts, n = [], 0
        while n < 100 << 10:
            w = rnd.choice(words)
            parts.append(w)
            n += len(w.encode())
        return "".join(parts)
    return [1_000_000 + i * 7919 for i in range(100)]


def main(out, short):
    rounds, budget = (5, 0.5) if short else (9, 2.0)
    results = []
    with tempfile.TemporaryDirectory() as d:
        memory = joblib.Memory(d, verbose=0)

        def compute(name, table, first, count):
            return value(name)

        cached = memory.cache(compute)
        for name in ["bytes100", "bytes10k", "bytes1m", "bytes10m", "string100k", "list100"]:
            expected = cached(name, "primes", 1_000_000, 100)  # the miss
            assert cached(name, "primes", 1_000_000, 100) == expected
            times = []
            for _ in range(rounds):
                n, start = 0, time.perf_counter()
                while time.perf_counter() - start < budget:
                    cached(name, "primes", 1_000_000, 100)
                    n += 1
                times.append((time.perf_counter() - start) / n * 1e6)
            results.append({"benchmark": "joblib.Memory hit", "params": {"value": name, "peer": "joblib"},
                            "primaryMetric": {"score": statistics.median(times),
                                              "scoreError": max(times) - min(times), "scoreUnit": "us/op"},
                            "python": sys.version.split()[0], "joblib": joblib.__version__})
    with open(out, "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], "--short" in sys.argv[2:])

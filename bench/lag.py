#!/usr/bin/env python3
"""Reads two /q/metrics snapshots and prints what happened between them: polls by outcome and the poll lag
percentiles from the switchboard_poll_lag_seconds histogram (the upper bound of the bucket holding each
percentile). Usage: lag.py before.txt after.txt seconds"""
import re
import sys


def read(path):
    polls, buckets, lag_count, lag_sum, quantiles = {}, {}, 0.0, 0.0, {}
    for line in open(path):
        if line.startswith('#'):
            continue
        m = re.match(r'switchboard_polls_total\{.*outcome="(\w+)".*\} (\S+)', line)
        if m:
            polls[m.group(1)] = float(m.group(2))
        m = re.match(r'switchboard_poll_lag_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
        if m:
            buckets[float(m.group(1))] = float(m.group(2))
        m = re.match(r'switchboard_poll_lag_seconds_count(\{[^}]*\})? (\S+)', line)
        if m:
            lag_count = float(m.group(2))
        m = re.match(r'switchboard_poll_lag_seconds_sum(\{[^}]*\})? (\S+)', line)
        if m:
            lag_sum = float(m.group(2))
        m = re.match(r'switchboard_poll_lag_seconds\{.*quantile="([^"]+)".*\} (\S+)', line)
        if m:
            quantiles[m.group(1)] = float(m.group(2))
    return polls, buckets, lag_count, lag_sum, quantiles


before, after, seconds = read(sys.argv[1]), read(sys.argv[2]), float(sys.argv[3])
polls = {k: after[0].get(k, 0) - before[0].get(k, 0) for k in after[0]}
done = sum(v for k, v in polls.items() if k != 'skipped')
print(f"polls completed:   {done:.0f} in {seconds:.0f} s = {done / seconds:.1f} polls/s "
      f"({', '.join(f'{k} {v:.0f}' for k, v in sorted(polls.items()))})")
count = after[2] - before[2]
if count <= 0:
    print("poll lag:          no polls started")
    sys.exit(0)
print(f"polls started:     {count:.0f}; mean lag {(after[3] - before[3]) / count * 1000:.0f} ms")
deltas = sorted((le, after[1].get(le, 0) - before[1].get(le, 0)) for le in after[1])
for p in (0.5, 0.9, 0.99, 0.999):
    bound = next((le for le, c in deltas if c >= p * count), float('inf'))
    print(f"lag p{p * 100:g}:".ljust(19) + f"<= {bound * 1000:.0f} ms (histogram bucket bound)")
if after[4]:
    print("lag quantiles (last 2 min, client-side): "
          + ', '.join(f"p{float(q) * 100:g} {v * 1000:.0f} ms" for q, v in sorted(after[4].items())))

-- wrk script: POST a ~1 KB JSON webhook (one event) and print machine-readable figures at the end.
-- The body is built once; the generic webhook element makes one event and one notification of it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type": "order.updated", "id": "ord_0001", "sentAt": 0, "pad": "' .. string.rep("x", 940) .. '"}'

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   local ok = summary.requests - e.status - e.connect - e.read - e.write - e.timeout
   io.write(string.format(
      "WRK requests=%d ok=%d non2xx=%d socket_errors=%d seconds=%.2f ok_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f body_bytes=%d\n",
      summary.requests, ok, e.status, e.connect + e.read + e.write + e.timeout, seconds, ok / seconds,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000, #wrk.body))
end

-- wrk script: POST a generic webhook of 20 customers with random fields (each request a new body), and print
-- machine-readable figures at the end. The instance maps items[] to customers, "id" to objectId and "action" to
-- the event type.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local actions = { "created", "updated", "updated", "deleted" }

function setup(thread)
   thread:set("seed", math.random(1, 1e9))
end

function init(args)
   math.randomseed(seed or os.time())
end

function request()
   local items = {}
   for i = 1, 20 do
      items[i] = string.format(
         '{"id":"c%d","action":"%s","state":"S%d","age":%d,"city":"C%d","zip":%d,"vip":%s,' ..
         '"address":{"geo":{"score":%.4f}},"pad":"xxxxxxxxxxxxxxxxxxxxxxxx"}',
         math.random(0, 999999), actions[math.random(1, 4)], math.random(0, 999), math.random(0, 99),
         math.random(0, 99999), math.random(0, 99999), math.random() < 0.5 and "true" or "false", math.random())
   end
   return wrk.format(nil, nil, nil, '{"items":[' .. table.concat(items, ",") .. ']}')
end

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   local ok = summary.requests - e.status - e.connect - e.read - e.write - e.timeout
   io.write(string.format(
      "WRK requests=%d ok=%d non2xx=%d socket_errors=%d seconds=%.2f ok_per_s=%.1f p50_ms=%.2f p99_ms=%.2f\n",
      summary.requests, ok, e.status, e.connect + e.read + e.write + e.timeout, seconds, ok / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

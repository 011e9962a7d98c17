-- Shared by the wrk scripts: counts non-2xx answers per thread and prints one RESULT line at the end.
local report_threads = {}

function setup(thread)
  thread:set("id", #report_threads)
  table.insert(report_threads, thread)
end

non2xx = 0

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad, wraps = 0, 0
  for _, t in ipairs(report_threads) do
    bad = bad + t:get("non2xx")
    wraps = wraps + (t:get("wrapped") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
    .. "non2xx=%d socket_errors=%d wrapped=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, wraps))
end

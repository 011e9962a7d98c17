-- Cycles through the GETs in PATHS (paths with their query strings, separated by "|") on each connection, with the
-- header AUTH ("Bearer ..."), and prints the latency percentiles of each path: the cases are measured side by side,
-- under the same conditions. Latency is from the moment a request is built to its answer.
dofile(os.getenv("BENCH_LUA") .. "/clock.lua")
dofile(os.getenv("BENCH_LUA") .. "/percentile.lua")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for p in string.gmatch(os.getenv("PATHS"), "[^|]+") do paths[#paths + 1] = p end
  headers = { Authorization = os.getenv("AUTH") }
  -- one global list per case: wrk copies a thread's values out one name at a time
  for k = 1, #paths do _G["times" .. k] = {} end
  ncases = #paths
  non2xx = 0
  sent = 0
end

function request()
  which = (sent % #paths) + 1
  sent = sent + 1
  started = now_ms()
  return wrk.format("GET", paths[which], headers)
end

function response(status, headers, body)
  local list = _G["times" .. which]
  list[#list + 1] = now_ms() - started
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local all, bad, n = {}, 0, 0
  for _, t in ipairs(threads) do
    n = t:get("ncases")
    for k = 1, n do
      all[k] = all[k] or {}
      for _, v in ipairs(t:get("times" .. k)) do table.insert(all[k], v) end
    end
    bad = bad + t:get("non2xx")
  end
  for k = 1, n do
    table.sort(all[k])
    io.write(string.format("RESULT case=%d requests=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d\n",
      k, #all[k], percentile(all[k], 0.5), percentile(all[k], 0.99), all[k][#all[k]] or 0, bad))
  end
end

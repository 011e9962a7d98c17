-- Alternates two GETs on each connection, FIRST and DEEP (paths with their query strings), with the header AUTH
-- ("Bearer ..."), and prints the latency percentiles of each: the two pages are measured side by side, under the
-- same conditions, so that their ratio does not depend on what else the machine did during one of two runs.
-- Latency is from the moment a request is built to its answer (one connection, one request at a time).
dofile(os.getenv("BENCH_LUA") .. "/clock.lua")
dofile(os.getenv("BENCH_LUA") .. "/percentile.lua")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = { os.getenv("FIRST"), os.getenv("DEEP") }
  headers = { Authorization = os.getenv("AUTH") }
  first_ms, deep_ms = {}, {}
  non2xx = 0
  sent = 0
end

function request()
  sent = sent + 1
  which = (sent % 2) + 1
  started = now_ms()
  return wrk.format("GET", paths[which], headers)
end

function response(status, headers, body)
  local list = which == 1 and first_ms or deep_ms
  list[#list + 1] = now_ms() - started
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local all, bad = { {}, {} }, 0
  for _, t in ipairs(threads) do
    for k, name in ipairs({ "first_ms", "deep_ms" }) do
      for _, v in ipairs(t:get(name)) do table.insert(all[k], v) end
    end
    bad = bad + t:get("non2xx")
  end
  local names = { "first", "deep" }
  for k = 1, 2 do
    table.sort(all[k])
    io.write(string.format("RESULT page=%s requests=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d\n",
      names[k], #all[k], percentile(all[k], 0.5), percentile(all[k], 0.99), all[k][#all[k]] or 0, bad))
  end
end

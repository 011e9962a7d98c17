-- POSTs pre-signed deliveries from the file BODIES ("<signature> <body>" per line), each request a different one:
-- thread k of THREADS takes lines k, k+THREADS, ... A thread that runs out starts again (counted as "wrapped":
-- those are redeliveries, and the bench reports the run as invalid).
-- With RATE (requests/s for the whole run) every request waits for the next slot of its thread's timetable, so the
-- load is a fixed rate as long as enough connections are free.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")

dofile(os.getenv("BENCH_LUA") .. "/clock.lua")

local rate = tonumber(os.getenv("RATE") or "0") or 0

function init(args)
  local nthreads = tonumber(os.getenv("THREADS"))
  bodies, sigs = {}, {}
  local i = 0
  for line in io.lines(os.getenv("BODIES")) do
    if i % nthreads == id then
      local space = line:find(" ", 1, true)
      sigs[#sigs + 1] = line:sub(1, space - 1)
      bodies[#bodies + 1] = line:sub(space + 1)
    end
    i = i + 1
  end
  next_index = 1
  wrapped = 0
  interval = nthreads * 1000 / math.max(rate, 1)
  slot = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if next_index > #bodies then
    next_index = 1
    wrapped = wrapped + 1
  end
  local i = next_index
  next_index = next_index + 1
  wrk.headers["X-Hub-Signature-256"] = sigs[i]
  return wrk.format(nil, "/v1/webhooks/whatsapp", nil, bodies[i])
end

if rate > 0 then
  function delay()
    local t = now_ms()
    if start_ms == nil then start_ms = t end
    local due = start_ms + slot * interval
    slot = slot + 1
    if due > t then return due - t end
    return 0
  end
end

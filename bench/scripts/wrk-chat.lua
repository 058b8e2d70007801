-- wrk script for the Reprise load runs (bench/scripts/load.sh). Everything comes from the environment:
--   WRK_BODY_FILE  a file with one JSON request body per line; requests cycle through the lines
--   WRK_UNIQUE     "1": every request gets a never-seen question (WRK_BODY_FILE's first line, with
--                  the marker UNIQUE replaced by a per-thread letter counter and WRK_RUN_ID)
--   WRK_HEADERS    extra headers, "Name: value" pairs separated by "|"
--   WRK_PACE_MS    if above 0, each connection waits this long after an answer before its next request (wrk does
--                  not count the wait in the latency): a paced load below saturation instead of back to back
-- done() prints one "WRK_JSON {...}" line that dev.reprise.bench.load.WrkResult parses.

local bodies = {}
local f = assert(io.open(assert(os.getenv("WRK_BODY_FILE"), "WRK_BODY_FILE is not set"), "r"))
for line in f:lines() do
  if #line > 0 then bodies[#bodies + 1] = line end
end
f:close()

wrk.method = "POST"
wrk.path = os.getenv("WRK_PATH") or "/v1/chat/completions"
wrk.headers["Content-Type"] = "application/json"
for pair in string.gmatch(os.getenv("WRK_HEADERS") or "", "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end
wrk.body = bodies[1]

local unique = os.getenv("WRK_UNIQUE") == "1"
local run_id = os.getenv("WRK_RUN_ID") or "run"
local counter = 0
local next_body = 0

-- Letters only: a number in the question would let the cache's number guard decide instead of similarity.
local function letters(n)
  local s = ""
  repeat
    s = s .. string.char(97 + n % 26)
    n = math.floor(n / 26)
  until n == 0
  return s
end

function setup(thread)
  thread_counter = (thread_counter or 0) + 1
  thread:set("thread_tag", letters(thread_counter + 100))
end

if unique then
  function request()
    counter = counter + 1
    local word = run_id .. (thread_tag or "t") .. letters(counter)
    return wrk.format(nil, nil, nil, (string.gsub(bodies[1], "UNIQUE", word)))
  end
elseif #bodies > 1 then
  function request()
    next_body = next_body % #bodies + 1
    return wrk.format(nil, nil, nil, bodies[next_body])
  end
end

local pace = tonumber(os.getenv("WRK_PACE_MS") or "0") or 0
if pace > 0 then
  function delay()
    return pace
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d,' ..
    '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end

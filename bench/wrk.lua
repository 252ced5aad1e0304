-- wrk script of bench/run.py. With WRK_REQUESTS set, each request is the next line of that file,
-- "METHOD<tab>PATH<tab>BODY" (threads take alternate lines, so no two requests are the same); the
-- headers come from wrk's -H options, the number of threads is the script's argument (after --).
-- At the end, one line of JSON with the numbers run.py reads.

local lines, counter, thread_id, threads = {}, 0, 0, 1
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  thread_id = id or 0
  threads = tonumber(args[1]) or 1
  local path = os.getenv("WRK_REQUESTS")
  if path then
    for line in io.lines(path) do
      local method, target, body = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
      lines[#lines + 1] = { method, target, body }
    end
  end
end

function request()
  if #lines == 0 then
    return wrk.request()
  end
  local line = lines[(counter * threads + thread_id) % #lines + 1]
  counter = counter + 1
  local body = line[3] ~= "" and line[3] or nil
  return wrk.format(line[1], line[2], nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "errors": %d, "bad_status": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end

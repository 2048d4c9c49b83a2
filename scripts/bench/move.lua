-- The move server fn, as the board's drag and drop calls it. Each wrk thread (one connection
-- each) moves its own task (BENCH_MOVE_TASKS="id:version,...") back and forth between To do and
-- In progress, to the column's end, sending the version the previous answer returned.
dofile("scripts/bench/report.lua")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("slot", threads)
end

function init(args)
  local i = 0
  for id, version in string.gmatch(os.getenv("BENCH_MOVE_TASKS"), "(%d+):(%d+)") do
    i = i + 1
    if i == slot then
      task, current = id, tonumber(version)
    end
  end
  column = 0
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
  wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

local columns = { "in_progress", "todo" }

function request()
  column = column % 2 + 1
  local body = string.format("id=%s&version=%d&status=%s", task, current, columns[column])
  return wrk.format("POST", "/api/move_task", nil, body)
end

function response(status, headers, body)
  if status == 200 then
    current = tonumber(body)
  end
end

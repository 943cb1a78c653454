-- wrk script: POST /tasks (each request creates a task, so each writes one outbox event); prints the same
-- RESULT line as report.lua.
wrk.method = "POST"
wrk.body = '{"title":"notification benchmark"}'
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d socket_errors=%d non2xx=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end

-- Counts one request in a fixed window of its route and client.
-- KEYS[1] rate:<route>:<client>
-- ARGV[1] the window (ms)
-- Returns {the count in this window, the window's remaining time (ms)}.
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}

-- Starts a login session and keeps the user's number of sessions under the cap.
-- KEYS[1] session:<sid>          the session's record
-- KEYS[2] sessions:<user id>     the user's sessions by start time
-- ARGV[1] sid   ARGV[2] user id   ARGV[3] email   ARGV[4] the first refresh token's hash   ARGV[5] now (ms)
-- ARGV[6] the record's time to live (ms)   ARGV[7] sessions allowed per user   ARGV[8] a session's longest life (ms)
-- KEYS[3..] session:<sid> of each session the user held when the caller looked, ARGV[9..] those sids in the same
--           order: one that ended by itself (its refresh token expired, reused or past its longest life) leaves the
--           user's sessions here, so that only live sessions count against the cap
-- Returns the sids over the cap, oldest first: the caller ends each with session-end.lua.
for i = 3, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    redis.call('ZREM', KEYS[2], ARGV[i + 6])
  end
end
redis.call('HSET', KEYS[1], 'uid', ARGV[2], 'email', ARGV[3], 'cur', ARGV[4], 'rot', ARGV[5], 'born', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[7])
if excess > 0 then
  return redis.call('ZRANGE', KEYS[2], 0, excess - 1)
end
return {}

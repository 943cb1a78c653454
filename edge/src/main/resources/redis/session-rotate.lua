-- Uses a session's refresh token once.
-- KEYS[1] session:<sid>   KEYS[2] revoked-sid:<sid>
-- ARGV[1] the presented token's hash   ARGV[2] its successor's hash   ARGV[3] now (ms)
-- ARGV[4] the refresh token's sliding life (ms)   ARGV[5] a session's longest life (ms)
-- ARGV[6] the reuse grace (ms)   ARGV[7] how long a revocation must at least be remembered (ms)
-- ARGV[8] the channel of ended sessions   ARGV[9] the sid (published there when a reuse revokes the session)
-- Returns {outcome, user id, email, rotation time (ms)}, outcome one of
--   rotated   the presented token was current: its successor is current now
--   repeated  the presented token was rotated less than the grace ago: the caller answers with the same successor
--   unknown   no such session (never was, expired, or ended by its absolute lifetime)
--   revoked   the session was revoked (logout, reuse, over the cap)
--   reused    an older token of a live session: the whole session is revoked now
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'revoked'}
end
local s = redis.call('HMGET', KEYS[1], 'uid', 'email', 'cur', 'prev', 'rot', 'born')
if not s[1] then
  return {'unknown'}
end
local now = tonumber(ARGV[3])
if s[3] == ARGV[1] then
  local left = tonumber(s[6]) + tonumber(ARGV[5]) - now
  if left <= 0 then
    redis.call('DEL', KEYS[1])
    return {'unknown'}
  end
  redis.call('HSET', KEYS[1], 'cur', ARGV[2], 'prev', ARGV[1], 'rot', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[4]), left))
  return {'rotated', s[1], s[2], ARGV[3]}
end
if s[4] == ARGV[1] and now - tonumber(s[5]) <= tonumber(ARGV[6]) then
  return {'repeated', s[1], s[2], s[5]}
end
redis.call('SET', KEYS[2], '1', 'PX', math.max(tonumber(ARGV[7]), redis.call('PTTL', KEYS[1])))
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[8], ARGV[9])
return {'reused', s[1]}

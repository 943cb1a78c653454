-- Uses a session's refresh token once.
-- KEYS[1] session:<sid>   KEYS[2] revoked-sid:<sid>
-- ARGV[1] the presented token's hash   ARGV[2] its successor's hash   ARGV[3] now (ms)
-- ARGV[4] the refresh token's sliding life (ms)   ARGV[5] a session's longest life (ms)
-- ARGV[6] the reuse grace (ms)   ARGV[7] how long a revocation must at least be remembered (ms)
-- ARGV[8] the channel of ended sessions   ARGV[9] the sid (published there when a reuse revokes the session)
-- ARGV[10] how many rotated tokens' hashes the session remembers (field 'old', the hashes one after another)
-- Returns {outcome, user id, email, rotation time (ms), the session's start (ms)}, outcome one of
--   rotated   the presented token was current: its successor is current now
--   repeated  the presented token was rotated less than the grace ago: the caller answers with the same successor
--   unknown   no such session (never was, expired, or ended by its absolute lifetime), or a token this session
--             never issued (its sid is no secret: it is in every access token)
--   revoked   the session was revoked (logout, reuse, over the cap)
--   reused    a token of this live session rotated before: the whole session is revoked now
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'revoked'}
end
local s = redis.call('HMGET', KEYS[1], 'uid', 'email', 'cur', 'prev', 'rot', 'born', 'old')
if not s[1] then
  return {'unknown'}
end
local now = tonumber(ARGV[3])
local size = #ARGV[1]
if s[3] == ARGV[1] then
  local left = tonumber(s[6]) + tonumber(ARGV[5]) - now
  if left <= 0 then
    redis.call('DEL', KEYS[1])
    return {'unknown'}
  end
  local old = (s[7] or '') .. ARGV[1]
  local keep = tonumber(ARGV[10]) * size
  if #old > keep then
    old = string.sub(old, #old - keep + 1)
  end
  redis.call('HSET', KEYS[1], 'cur', ARGV[2], 'prev', ARGV[1], 'rot', ARGV[3], 'old', old)
  redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[4]), left))
  return {'rotated', s[1], s[2], ARGV[3], s[6]}
end
if s[4] == ARGV[1] and now - tonumber(s[5]) <= tonumber(ARGV[6]) then
  return {'repeated', s[1], s[2], s[5], s[6]}
end
local issued = s[4] == ARGV[1]
if not issued and s[7] then
  for i = 1, #s[7] - size + 1, size do
    if string.sub(s[7], i, i + size - 1) == ARGV[1] then
      issued = true
      break
    end
  end
end
if not issued then
  return {'unknown'}
end
redis.call('SET', KEYS[2], '1', 'PX', math.max(tonumber(ARGV[7]), redis.call('PTTL', KEYS[1])))
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[8], ARGV[9])
return {'reused', s[1]}

-- The revocation epoch: the moment since which Redis holds every revocation, so the one before which no access
-- token is trusted. Returns {the current epoch}, beginning a new one (ARGV[1], in epoch milliseconds) when Redis has
-- none (it is new, or lost its data: a restart without persistence, a flush) or when its current one is the epoch
-- whose marker the caller found missing (ARGV[2], '' if none).
-- KEYS[1] revocation-epoch (the current epoch)   KEYS[2] revocation-epoch:<ARGV[1]> (the new epoch's marker)
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[2] then
  return {current}
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], '1')
return {ARGV[1]}

-- Ends a login session at once: logout (which also revokes the access token presented), or a session over its
-- user's cap. One script, so that no state is left where one part happened and the other did not.
-- KEYS[1] revoked-sid:<sid>   KEYS[2] session:<sid>   KEYS[3] sessions:<user id>
-- KEYS[4] blacklist:<jti> (logout only)
-- ARGV[1] sid   ARGV[2] how long a revocation must at least be remembered (ms)
-- ARGV[3] the access token's remaining life (ms; logout only)
-- ARGV[4] the channel of ended sessions: every edge ends the open event streams of the sid it hears there
-- ARGV[5], ARGV[6] (the refresh cookie sent with a logout, when it is of another session): the token's hash and
--   the user logging out; the session ends only if it is that user's and the token its live one or the one just
--   rotated, and is otherwise kept ({'kept'})
if ARGV[5] then
  local s = redis.call('HMGET', KEYS[2], 'uid', 'cur', 'prev')
  if s[1] ~= ARGV[6] or (s[2] ~= ARGV[5] and s[3] ~= ARGV[5]) then
    return {'kept'}
  end
end
redis.call('SET', KEYS[1], '1', 'PX', math.max(tonumber(ARGV[2]), redis.call('PTTL', KEYS[2])))
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
if KEYS[4] and tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[4], '1', 'PX', ARGV[3])
end
redis.call('PUBLISH', ARGV[4], ARGV[1])
return {'ended'}

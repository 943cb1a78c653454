-- Whose session each presented refresh token would refresh, without using any: for a request that carried several
-- refresh_token cookies (a page of another site on the same host can plant one), so that the edge uses the one that
-- is live and does not choose between the sessions of different users.
-- KEYS[i] session:<sid> of the i-th token   ARGV[i] its hash   ARGV[#KEYS + 1] now (ms)
-- ARGV[#KEYS + 2] the reuse grace (ms)
-- Returns, for each token in order, the user id of its session when session-rotate.lua would rotate it or give its
-- successor again (the session's live token, or the one rotated less than the grace ago), '' otherwise.
local now = tonumber(ARGV[#KEYS + 1])
local grace = tonumber(ARGV[#KEYS + 2])
local owners = {}
for i = 1, #KEYS do
  local s = redis.call('HMGET', KEYS[i], 'uid', 'cur', 'prev', 'rot')
  if s[1] and (s[2] == ARGV[i] or (s[3] == ARGV[i] and now - tonumber(s[4]) <= grace)) then
    owners[i] = s[1]
  else
    owners[i] = ''
  end
end
return owners

-- wrk script: every request is a new check-in from one of the benchmark's
-- kiosks, with a fresh id, and an errand and language that vary.
-- The kiosk tokens come as arguments: wrk ... -s checkin.lua -- TOKEN1 TOKEN2 TOKEN3

local tokens = {}
local errands = { "job", "study", "benefit", "af", "digital", "other" }
local languages = { "sv", "ar", "so", "ti", "fa", "en" }
local counter = 0

function init(args)
  for i, t in ipairs(args) do
    tokens[i] = t
  end
  -- Each wrk thread has its own Lua state: seed each differently, so that
  -- two threads never make the same id.
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

local function uuid()
  local hex = "0123456789abcdef"
  local s = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    s[i] = hex:sub(n, n)
  end
  local id = table.concat(s)
  return id:sub(1, 8) .. "-" .. id:sub(9, 12) .. "-4" .. id:sub(14, 16) .. "-a" .. id:sub(18, 20) .. "-" .. id:sub(21, 32)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"id":"%s","errand":"%s","language":"%s","appointment":%s,"interpreter":false,"created_at":"%s"}',
    uuid(),
    errands[counter % #errands + 1],
    languages[counter % #languages + 1],
    (counter % 10 == 0) and "true" or "false",
    os.date("!%Y-%m-%dT%H:%M:%SZ")
  )
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[counter % #tokens + 1],
  }
  return wrk.format("POST", "/api/v1/checkins", headers, body)
end

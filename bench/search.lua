-- wrk script: cycles through the query paths in the QUERIES environment
-- variable (separated by |), with the API key in KEY.
local paths = {}
for p in string.gmatch(os.getenv("QUERIES") or "/healthz", "[^|]+") do
  paths[#paths + 1] = p
end
local key = os.getenv("KEY") or ""
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Bearer " .. key})
end

-- wrk script: cycles through the query paths in the QUERIES environment
-- variable (separated by |), or in the file QUERIES_FILE (one a line), with
-- the API key in KEY.
local paths = {}
local file = os.getenv("QUERIES_FILE")
if file then
  for p in io.lines(file) do paths[#paths + 1] = p end
else
  for p in string.gmatch(os.getenv("QUERIES") or "/healthz", "[^|]+") do
    paths[#paths + 1] = p
  end
end
local key = os.getenv("KEY") or ""
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = "Bearer " .. key})
end

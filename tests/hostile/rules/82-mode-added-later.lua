-- expect: ok
-- message:
-- Issue 11 item 8: `__mode` added to a metatable after setmetatable made a
-- weak table, so a result depended on when the collector ran. The metatable
-- in force is the copy made by setmetatable: the table stays strong.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local mt = {}
  local t = setmetatable({}, mt)
  mt.__mode = "v"
  t[1] = {}
  local junk = {}
  for i = 1, 3e5 do junk[i % 1000 + 1] = { i } end
  if t[1] == nil then return fail{ en = "weak: the value was collected" } end
  if getmetatable(t) ~= mt then return fail{ en = "getmetatable must answer the table given" } end
  return pass{}
end }

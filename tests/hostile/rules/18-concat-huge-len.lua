-- expect: eval sandbox
-- message: table operation on
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t = setmetatable({}, { __len = function() return math.maxinteger end, __index = function() return 'x' end })
  return pass{ values = { s = table.concat(t) } }
end }

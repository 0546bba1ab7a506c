-- expect: eval budget
-- message: stack overflow
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t
  t = setmetatable({}, { __index = function(_, k) return t[k] end })
  return pass{ values = { x = t.x } }
end }

-- expect: eval budget
-- message: instruction budget exceeded
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { s = tostring(setmetatable({}, { __tostring = function() while true do end end })) } }
end }

-- expect: ok
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = string.rep('', math.maxinteger)
  if s ~= '' then return fail{} end
  return pass{}
end }

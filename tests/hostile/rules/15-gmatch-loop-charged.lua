-- expect: eval budget|deadline
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('ab '):rep(3e5)
  for i = 1, 1e6 do for w in s:gmatch('%a+') do end end
end }

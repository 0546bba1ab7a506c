-- expect: eval budget|deadline|memory
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('x'):rep(1 << 23)
  for i = 1, 1e6 do local _ = string.format('%s%s', s, s) end
end }

-- expect: eval budget|deadline
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('\u{e9}'):rep(4e6)
  for i = 1, 1e6 do utf8.len(s) end
end }

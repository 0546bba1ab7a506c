-- expect: eval budget|deadline
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t = {}
  for i = 1, 1e6 do table.insert(t, 1, i) end
end }

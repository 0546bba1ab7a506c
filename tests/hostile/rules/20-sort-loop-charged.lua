-- expect: eval budget|deadline
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t = {}
  for i = 1, 2e5 do t[i] = -i end
  for k = 1, 1e6 do table.sort(t) end
end }

-- expect: eval memory|budget
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t = {}
  for i = 1, 1e9 do t[i] = i end
end }

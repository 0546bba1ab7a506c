-- expect: eval memory|budget
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = 'x'
  while true do s = s .. s end
end }

-- expect: ok
-- message: 
local n = 0
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  n = n + 1
  if n > 1 then return fail{ en = 'state leaked between evaluations' } end
  return pass{}
end }

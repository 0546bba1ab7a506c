-- expect: ok
-- message: 
-- The only writer of `n` is reached through a module table, and the rule
-- itself only reads `n`.
local n = 0
local T = { inc = function() n = n + 1 end }
local function get() return n end
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  T.inc()
  if get() > 1 then return fail{ en = 'state leaked between evaluations' } end
  return pass{}
end }

-- expect: ok
-- message: 
-- Two closures share the cell of `n` (the snapshot records each cell once):
-- the write through bump() must still be undone before the next evaluation.
local n = 0
local function bump() n = n + 1 end
local function seen() return n end
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  bump()
  if seen() > 1 then return fail{ en = 'state leaked between evaluations' } end
  return pass{}
end }

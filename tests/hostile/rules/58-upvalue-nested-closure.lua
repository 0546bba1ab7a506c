-- expect: ok
-- message: 
-- The write is in closures created while the rule runs (two levels deep):
-- the bytecode reader must map them back to the module's cell of `n`.
local n = 0
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local function outer()
    return function() n = n + 1 end
  end
  outer()()
  if n > 1 then return fail{ en = 'state leaked between evaluations' } end
  return pass{}
end }

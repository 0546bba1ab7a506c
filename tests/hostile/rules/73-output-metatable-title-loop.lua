-- expect: ok
-- message: 
-- A title whose `en` comes from an __index function: accepted at load (the
-- check runs under the budget), and writing results never calls it (it
-- would loop forever with no hook outside an evaluation).
local calls = 0
local title = setmetatable({ zh = "h" }, { __index = function(_, k)
  calls = calls + 1
  if calls > 1 then while true do end end
  return "h"
end })
rule { slug = "h", clause = "1", title = title, check = function(c, f)
  return pass{}
end }

-- expect: load budget|deadline
-- message: evaluation stopped
-- Issue 11 item 4: the same call at module top level hung pack loading (and
-- a SIGHUP reload for good). Loading is budgeted like an evaluation.
local hit = ("a"):rep(20):find((".-"):rep(40) .. "b")
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{}
end }

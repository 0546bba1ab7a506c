-- expect: load sandbox
-- message: to-be-closed variables (<close>)
-- Issue 11 item 8: a comment inside the attribute hid it from the source scan;
-- the check is on the compiled code now.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local x <--[[c]]close> = nil
  return pass{}
end }

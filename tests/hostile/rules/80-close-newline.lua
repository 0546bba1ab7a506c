-- expect: load sandbox
-- message: to-be-closed variables (<close>)
-- Issue 11 item 8: a newline inside the attribute hid it from the source scan.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local x <
close> = nil
  return pass{}
end }

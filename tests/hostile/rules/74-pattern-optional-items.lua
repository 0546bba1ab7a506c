-- expect: eval budget|deadline
-- message: evaluation stopped
-- Issue 11 item 4: the old price list missed `?` items; this ran 13.9 s in
-- one C call and the deadline then blamed the next rule. The counted matcher
-- stops it inside the call, in this rule.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ("a"):rep(24)
  return pass{ values = { x = s:find(("a?"):rep(24) .. ("a"):rep(24) .. "b") } }
end }

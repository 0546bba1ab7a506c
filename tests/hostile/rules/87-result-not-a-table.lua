-- expect: eval runtime
-- message: fail{...} takes a table
-- line: 7
-- The result constructors (C since the throughput work) name the rule's own
-- line, as the former Lua closures' error(msg, 2) did.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return fail("not a table")
end }

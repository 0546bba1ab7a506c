-- expect: eval output
-- message: keyed by a function value
-- A table keyed by a function in a result: an output error naming the rule,
-- not a Lua error outside any protected call (which aborted the process).
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { [function() end] = 1 } }
end }

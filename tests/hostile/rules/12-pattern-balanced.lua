-- expect: eval budget|deadline
-- message: evaluation stopped
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('('):rep(5e5)
  return pass{ values = { x = s:find('%b()%b()') } }
end }

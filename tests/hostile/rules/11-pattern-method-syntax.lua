-- expect: eval budget|deadline
-- message: evaluation stopped
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('a'):rep(2e4)
  return pass{ values = { x = s:match('^(.-)(.-)x') } }
end }

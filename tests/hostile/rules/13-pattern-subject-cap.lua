-- expect: eval sandbox
-- message: subject longer than
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('a'):rep(2e6)
  return pass{ values = { x = s:find('a', 1, true) } }
end }

-- expect: eval budget
-- message: string slice too long
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { n = select('#', string.byte(('x'):rep(2e6), 1, -1)) } }
end }

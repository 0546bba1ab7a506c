-- expect: eval output
-- message: result too large
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { s = ('x'):rep(16e6) } }
end }

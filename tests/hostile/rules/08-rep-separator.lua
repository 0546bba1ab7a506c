-- expect: eval sandbox
-- message: string.rep: result too large
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { s = ('x'):rep(1e8, 'yy') } }
end }

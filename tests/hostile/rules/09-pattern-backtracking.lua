-- expect: eval sandbox
-- message: pattern too costly
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { x = string.find(('a'):rep(1e5), '(.-)(.-)(.-)x') } }
end }

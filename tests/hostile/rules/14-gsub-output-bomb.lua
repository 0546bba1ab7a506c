-- expect: eval memory|budget
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ('a'):rep(1e6):gsub('.', ('x'):rep(100))
  return pass{ values = { n = #s } }
end }

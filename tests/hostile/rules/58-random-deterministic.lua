-- expect: ok
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { r = math.random(1, 1000000), s = math.random() } }
end }

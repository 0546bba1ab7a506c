-- expect: eval runtime
-- message: cannot assign global 'x'
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  x = 1
end }

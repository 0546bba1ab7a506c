-- expect: eval runtime
-- message: invalid conversion
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { s = string.format('%5000000s', 'x') } }
end }

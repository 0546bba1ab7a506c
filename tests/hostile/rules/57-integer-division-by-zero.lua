-- expect: eval runtime
-- message: attempt to divide by zero
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { x = 1 // 0 } }
end }

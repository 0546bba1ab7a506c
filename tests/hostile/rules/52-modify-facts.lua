-- expect: eval runtime
-- message: attempt to modify read-only data
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  f.forged = true
end }

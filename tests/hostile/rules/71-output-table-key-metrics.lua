-- expect: eval runtime
-- message: metrics must be keyed by names
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ metrics = { [{}] = 1 } }
end }

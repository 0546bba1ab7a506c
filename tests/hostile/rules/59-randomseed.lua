-- expect: eval runtime
-- message: field 'randomseed'
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  math.randomseed(42)
end }

-- expect: eval runtime
-- message: field 'dump'
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { s = string.dump(function() end) } }
end }

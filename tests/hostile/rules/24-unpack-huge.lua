-- expect: eval runtime
-- message: too many results to unpack
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { n = select('#', table.unpack({}, 1, 1e8)) } }
end }

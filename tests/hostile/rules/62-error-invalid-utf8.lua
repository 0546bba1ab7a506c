-- expect: eval runtime
-- message: bad \xEF\xBF\xBD
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  error('bad \xff')
end }

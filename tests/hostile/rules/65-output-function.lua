-- expect: eval output
-- message: function value
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { f = function() end } }
end }

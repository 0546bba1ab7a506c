-- expect: eval sandbox
-- message: 'require' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  require('os')
end }

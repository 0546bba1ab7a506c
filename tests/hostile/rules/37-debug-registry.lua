-- expect: eval sandbox
-- message: 'debug' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  debug.getregistry()
end }

-- expect: eval sandbox
-- message: 'rawset' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  rawset(c, 'x', 1)
end }

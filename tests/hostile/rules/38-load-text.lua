-- expect: eval sandbox
-- message: 'load' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  load('return 1')
end }

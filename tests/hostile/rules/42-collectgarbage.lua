-- expect: eval sandbox
-- message: 'collectgarbage' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  collectgarbage('stop')
end }

-- expect: eval sandbox
-- message: 'coroutine' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  coroutine.wrap(function() end)()
end }

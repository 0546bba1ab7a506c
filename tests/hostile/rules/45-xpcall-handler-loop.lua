-- expect: eval sandbox
-- message: 'xpcall' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  xpcall(error, function() while true do end end)
end }

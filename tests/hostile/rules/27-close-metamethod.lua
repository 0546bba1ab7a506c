-- expect: eval sandbox
-- message: '__close' metamethods are not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  setmetatable({}, { __close = function() end })
end }

-- expect: eval runtime
-- message: error object is a table value
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  error(setmetatable({}, { __tostring = function() error('boom') end }))
end }

-- expect: load sandbox
-- message: '_ENV' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  setmetatable(_ENV, { __index = function() return 1 end })
end }

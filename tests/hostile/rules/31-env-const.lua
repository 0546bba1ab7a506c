-- expect: load sandbox
-- message: '_ENV' is not available
-- line: 4
local _ENV <const> = { rule = rule }
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{}
end }

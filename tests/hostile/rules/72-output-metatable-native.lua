-- expect: ok
-- message: 
-- Result tables with an __index function: the engine writes results outside
-- any protected call and must never run rule code there (a raising __index
-- used to abort the process). Fields are read raw: `en` is null.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = setmetatable({ a = 1 }, { __index = function(_, k) error("ran " .. k) end }) }
end }
decide(function(R)
  return { verdict = "pass", native = setmetatable({ zh = "n" }, { __index = function(_, k) error("ran " .. k) end }) }
end)

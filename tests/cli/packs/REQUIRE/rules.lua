rule { slug = "bad", clause = "1", title = { zh = "坏", en = "bad" },
  check = function(c)
    local m = require("socket")
    return pass()
  end }

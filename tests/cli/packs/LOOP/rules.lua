rule { slug = "bad", clause = "1", title = { zh = "坏", en = "bad" },
  check = function(c)
    while true do end
    return pass()
  end }

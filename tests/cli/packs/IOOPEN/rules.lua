rule { slug = "bad", clause = "1", title = { zh = "坏", en = "bad" },
  check = function(c)
    local f = io.open("/etc/passwd")
    return pass()
  end }

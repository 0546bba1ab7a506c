rule { slug = "bad", clause = "1", title = { zh = "坏", en = "bad" },
  check = function(c)
    os.execute("touch /tmp/cfp-pwned")
    return pass()
  end }

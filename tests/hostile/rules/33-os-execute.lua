-- expect: eval sandbox
-- message: 'os' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  os.execute('id')
end }

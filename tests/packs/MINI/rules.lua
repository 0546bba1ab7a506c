rule {
  slug = "scope", clause = "1", scope = true,
  title = { zh = "范围", en = "scope" },
  check = function(c) if c.product and c.product.base_metal == "steel" then return na{ zh = "钢", en = "steel" } end return pass() end,
}
rule {
  slug = "gla-total", clause = "2", params = { "limit_t" },
  title = { zh = "原料总量", en = "feed total" },
  check = function(c)
    if not c.gla then return insufficient{ en = "no gla", evidence = "/gla" } end
    local t = (c.gla.recycled_t or 0) + (c.gla.green_primary_t or 0) + (c.gla.other_primary_t or 0)
    if t < P.limit_t then return fail{ en = "too little", values = { total_t = t }, evidence = { "/gla" } } end
    return pass{ values = { total_t = t }, metrics = { total_t = t } }
  end,
}
decide(function(R)
  local f = R.by_rule["gla-total"]
  if f.status == "fail" then return { verdict = "fail", action = "refuse", decided_by = { f.rule } } end
  return { verdict = "pass", action = "accept", native = { zh = "通过", en = "passed" } }
end)

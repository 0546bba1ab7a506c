-- A minimal pack for the engine's own tests.
return {
  id = "MINI",
  document = { zh = "测试规则", en = "test rules" },
  issuer = { zh = "测试", en = "test" },
  version = "1", effective = "2026-01-01",
  modules = { "rules.lua" },
  params = { limit_t = { value = 100, clause = "1", doc = "test limit" } },
}

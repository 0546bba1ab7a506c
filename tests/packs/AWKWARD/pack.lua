-- A pack for the result writer's tests (tests/test_batch_fast.cpp): its rules
-- report awkward values (control characters, invalid UTF-8, extreme numbers,
-- mixed and colliding table keys, read-only case data) and, when the case
-- asks for it with an `awkward` field, bad ones (see rules.lua).
return {
  id = "AWKWARD",
  document = { zh = "怪值", en = "awkward values" },
  issuer = { zh = "测试", en = "test" },
  version = "1\t\"β\"", effective = "2026-01-01",
  modules = { "rules.lua" },
}

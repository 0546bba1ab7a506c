return { id = "REQUIRE", document = { zh = "坏规则", en = "bad rules" }, issuer = { zh = "测试", en = "test" },
         version = "1", effective = "2026-01-01", modules = { "rules.lua" }, params = {} }

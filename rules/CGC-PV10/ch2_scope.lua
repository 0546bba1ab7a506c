-- CGC-PV10 chapters 2 (scope, ¶2–¶4) and 3 (basis, PCR priority ¶8).

local util = lib.util

local SCOPE_CAT = util.keys_set(P.scope_categories)

rule {
  slug    = "scope",
  clause  = "2",
  title   = { zh = "适用范围：金属材料及金属制品，且不属于国家产品碳足迹标识认证试点产品（第2、4段）",
              en = "Scope: metal materials and metal products, not in the national CFP-label pilot (¶2, ¶4)" },
  stages  = "all",
  scope   = true,
  params  = { "scope_categories" },
  check   = function(c, f)
    local p = c.product
    if p == nil then
      return insufficient { zh = "未说明产品信息（product）", en = "product not stated", evidence = { "/product" } }
    end
    local cat = p.category
    if cat == nil then
      return insufficient { zh = "未说明产品类别（product.category）", en = "product category not stated",
                            evidence = { "/product/category" } }
    end
    if not SCOPE_CAT[cat] then
      return na { zh = "产品类别为 " .. tostring(cat) .. "，不属于 PV10 金属材料及金属制品（第2段）",
                  en = "product category " .. tostring(cat) .. " is not a PV10 metal material or metal product (¶2)",
                  evidence = { "/product/category" }, values = { category = cat } }
    end
    if p.national_pilot == true then
      return na { zh = "产品属于国家产品碳足迹标识认证试点，本规则不适用（第4段）",
                  en = "the product is in the national CFP-label pilot; ¶4 excludes it from this rule",
                  evidence = { "/product/national_pilot" }, values = { category = cat, national_pilot = true } }
    end
    if p.national_pilot == nil then
      return insufficient { zh = "未说明产品是否属于国家碳足迹标识认证试点（product.national_pilot）",
                            en = "whether the product is in the national pilot is not stated",
                            evidence = { "/product/national_pilot" } }
    end
    return pass { zh = "产品类别 " .. tostring(cat) .. "（PV10），不属于国家碳足迹标识认证试点", en = "category " .. tostring(cat) .. " (PV10), not in the national pilot",
                  values = { category = cat, national_pilot = false } }
  end,
}

local PCR_RANK = { scheme = 1, national = 2, industry = 2, ["local"] = 2, group = 2, client = 3, none = 4 }

rule {
  slug    = "pcr-priority",
  clause  = "3",
  title   = { zh = "PCR 选取优先次序：机制 PCR > 国家/行业/地方/团体标准 > 符合 ISO 14040/14044/14067 的委托方 PCR > 通用标准（第8段）",
              en = "PCR priority: scheme PCR > national/industry/local/group standard > client PCR conforming to ISO 14040/44/67 > general standards (¶8)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "pcr_client_needs_iso" },
  check   = function(c, f)
    local pcr = c.product and c.product.pcr
    if pcr == nil or pcr.kind == nil then
      return insufficient { zh = "未说明所用 PCR（product.pcr.kind）", en = "PCR used not stated",
                            evidence = { "/product/pcr" } }
    end
    local rank = PCR_RANK[pcr.kind]
    if rank == nil then
      return fail { zh = "PCR 类型 " .. tostring(pcr.kind) .. " 不在第8段的次序中",
                    en = "PCR kind " .. tostring(pcr.kind) .. " is not one of the ¶8 priorities",
                    evidence = { "/product/pcr/kind" }, values = { kind = pcr.kind } }
    end
    if rank == 3 and P.pcr_client_needs_iso and pcr.conforms_iso14067 ~= true then
      if pcr.conforms_iso14067 == nil then
        return insufficient { zh = "委托方主张的 PCR 是否符合 ISO 14040/14044/14067 未说明",
                              en = "whether the client PCR conforms to ISO 14040/44/67 is not stated",
                              evidence = { "/product/pcr/conforms_iso14067" } }
      end
      return fail { zh = "委托方主张的 PCR 不符合 ISO 14040/14044/14067 的 PCR 框架和内容要求（第8段）",
                    en = "the client PCR does not conform to the ISO 14040/14044/14067 PCR framework (¶8)",
                    evidence = { "/product/pcr/conforms_iso14067" },
                    values = { kind = pcr.kind, conforms_iso14067 = false } }
    end
    return pass { zh = "PCR " .. tostring(pcr.name or "（未命名）") .. "，类型 " .. tostring(pcr.kind) .. "（第8段第 " .. rank .. " 优先）", en = "PCR " .. tostring(pcr.name or "(unnamed)") .. ", kind " .. tostring(pcr.kind) .. " (¶8 priority " .. rank .. ")",
                  values = { kind = pcr.kind, priority = rank } }
  end,
}

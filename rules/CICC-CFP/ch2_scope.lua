-- CICC-CFP chapter 2.1: scope (GB/T 24067-2024 / ISO 14067:2018 product footprints).

local STD = P.scope_standards
local N_STD = #STD   -- (a parameter: fixed when the pack loads)
local find = string.find

-- footprint.standards is a list of texts (case schema; a case that breaks it
-- is rejected before any rule runs)
local function names_scope_standard(list)
  for i = 1, #list do
    local s = list[i]
    for k = 1, N_STD do
      if find(s, STD[k], 1, true) then return true end
    end
  end
  return false
end

rule {
  slug    = "scope",
  clause  = "2.1",
  title   = { zh = "适用范围：按 GB/T 24067-2024 / ISO 14067:2018 量化的产品碳足迹",
              en = "Scope: a product carbon footprint quantified per GB/T 24067-2024 / ISO 14067:2018" },
  stages  = "all",
  scope   = true,
  params  = { "scope_standards" },
  check   = function(c, f)
    local fpc = c.footprint
    local stds = fpc and fpc.standards
    if stds == nil or #stds == 0 then
      return pass { zh = "未列出所依据的标准，按产品碳足迹核查（2.1）处理", en = "no standard listed: treated as a product footprint under 2.1",
                    values = { standards_stated = false } }
    end
    if not names_scope_standard(stds) then
      return na { zh = "碳足迹所依据的标准未包括 GB/T 24067 或 ISO 14067，不在本规则适用范围内（2.1）",
                  en = "the footprint follows neither GB/T 24067 nor ISO 14067: outside this rule's scope (2.1)",
                  evidence = { "/footprint/standards" } }
    end
    return pass { zh = "碳足迹依据 " .. table.concat(stds, "、") .. "，属 2.1 范围", en = "the footprint follows " .. table.concat(stds, ", ") .. ": within 2.1",
                  values = { standards_stated = true } }
  end,
}

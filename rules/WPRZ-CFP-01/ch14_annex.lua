-- WPRZ-CFP-01 7.1.3 (8)(9)(11) annexed forms, 14 认证记录, 附录 A 11.1 不符合控制
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}
local INFO = { names = { product_info_and_material_list = { item = "7.1.3 (8)", zh = "产品基本信息、关键原、辅材料备案清单", en = "product information and key-material list" } } }
local dates = lib.dates
local day = E.day

rule {
  slug = "product-info-table", clause = "7.1.3(8)", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "产品基本信息、关键原辅材料备案清单", en = "Product information and key-material list" },
  check = function(c, f) return E.product_info(K, c, f, INFO) end,
}

rule {
  slug = "data-collection-columns", clause = "7.1.3(9)", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "碳足迹量化数据收集清单各栏齐全", en = "Data collection list complete in every column" },
  check = function(c, f) return E.data_collection(K, c, f, NONE) end,
}

local PLAN = { key = "reduction_plan", zh = "7.1.3 (11) 产品降碳方案/计划", en = "product reduction plan" }
rule {
  slug = "reduction-plan", clause = "7.1.3(11)", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "提供产品降碳方案/计划", en = "Product reduction plan provided" },
  check = function(c, f) return E.document(K, c, f, PLAN) end,
}

rule {
  slug = "record-retention", clause = "14.1", stages = "all", info_only = true,
  title = { zh = "认证记录保存：机构自证书届满或注销、撤销之日起 2 年以上；获证组织记录不少于 3 年（附录 A 2.3）",
            en = "Records kept: by WPRZ ≥ 2 years after expiry, cancellation or revocation; by the client ≥ 3 years (Annex A 2.3)" },
  params = { "body_records_years", "client_records_years" },
  -- nothing in a case shows the records kept: the checklist item, stated once
  check = function(c, f) return info() end,
}

-- Annex A 11.1: unplanned ≥ 10 % or planned ≥ 5 %, lasting more than 3 months → lapses
local CHANGE_LIMITS = { unplanned_pct = P.change_unplanned_pct, planned_pct = P.change_planned_pct,
                        duration_months = P.change_duration_months }
rule {
  slug = "change-trigger", clause = "Annex A 11.1", stages = { "chg", "surv" }, severity = "serious", effect = "reassess",
  title = { zh = "计划外变化致碳足迹增加 10% 以上或计划内变化增加 5% 以上且持续超过三个月：认证结果失效，须重新认证（11.1(1) 原文“计划内”读作“计划外”）",
            en = "Unplanned change ≥ 10 % or planned change ≥ 5 % lasting over 3 months: certification lapses, re-certify (11.1(1)'s 计划内 read as unplanned)" },
  params = { "change_unplanned_pct", "change_planned_pct", "change_duration_months" },
  check = function(c, f)
    local ch = c.changes
    if ch == nil or #ch == 0 then return na({ zh = "无变化", en = "no changes" }) end
    local found, unknown = lib.changes.scan(ch, f.as_of, CHANGE_LIMITS)
    local hits
    if found then
      hits = {}
      for k, h in ipairs(found) do
        hits[k] = { i = h.index, pct = h.change.cf_increase_pct, planned = h.change.planned, limit = h.limit }
      end
    end
    if hits then
      local zh, en, ev = {}, {}, {}
      for k = 1, #hits do
        local h = hits[k]
        ev[k] = "/changes/" .. (h.i - 1)
        zh[k] = (h.planned and "计划内" or "计划外") .. "变化使碳足迹增加 " .. lib.util.fmt_num(h.pct) .. "%（≥ " .. h.limit .. "%）且持续超过 " .. P.change_duration_months .. " 个月"
        en[k] = (h.planned and "planned" or "unplanned") .. " change raising the footprint by " .. lib.util.fmt_num(h.pct) .. " % (≥ " .. h.limit .. " %) for more than " .. P.change_duration_months .. " months"
      end
      return fail({ zh = table.concat(zh, "；") .. "：认证结果失效，须重新认证（附录 A 11.1(1) 原文“计划内 … 10%”读作计划外，参数 change_unplanned_pct）",
                    en = table.concat(en, "; ") .. ": certification lapses, re-certify (Annex A 11.1(1)'s 计划内 … 10 % read as unplanned, parameter change_unplanned_pct)",
                    evidence = ev })
    end
    if unknown then
      return insufficient({ zh = "变化的幅度、性质或持续时间未说明", en = "size, kind or duration of a change not stated", evidence = unknown })
    end
    return pass({ values = { changes = #ch } })
  end,
}

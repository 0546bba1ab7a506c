-- CICC-CFP chapter 10: internal technical review (10.1.3) and the carbon
-- footprint label (10.6).

local util = lib.util
local fmt = util.fmt_num
local format = string.format

rule {
  slug    = "itr-independent", party = "body",
  clause  = "10.1.3",
  title   = { zh = "进行 ITR 评审的技术负责人没有参与该项目的核查评价（10.1.3）",
              en = "The internal technical reviewer took no part in the verification (10.1.3)" },
  stages  = { "init" },
  severity = "general",
  effect  = "body",
  check   = function(c, f)
    local rv = util.get(c, "assessment", "reviewer")
    if rv == nil or rv.in_team == nil then
      return insufficient { zh = "未说明技术评审人是否参与核查", en = "whether the reviewer was in the team is not stated",
                            evidence = { "/assessment/reviewer" } }
    end
    if rv.in_team == true then
      return fail { zh = "ITR 评审人 " .. tostring(rv.id) .. " 参与了核查评价，评审不独立（10.1.3）",
                    en = "ITR reviewer " .. tostring(rv.id) .. " was in the verification team: the review is not independent (10.1.3)",
                    evidence = { "/assessment/reviewer/in_team" } }
    end
    return pass { zh = "ITR 评审人 " .. tostring(rv.id) .. " 未参与核查评价", en = "ITR reviewer " .. tostring(rv.id) .. " took no part in the verification",
                  values = { reviewer = rv.id } }
  end,
}

local FULL = util.keys_set(P.label_full_life_cycle)

local function label_requested(c)
  return util.get(c, "label", "requested") == true or util.get(c, "request", "label") == true
end

local function life_cycle(c)
  local lc = util.get(c, "product", "life_cycle")
  if lc ~= nil then return lc, "/product/life_cycle" end
  return util.get(c, "footprint", "boundary", "scope"), "/footprint/boundary/scope"
end

rule {
  slug    = "label-scope",
  clause  = "10.6",
  title   = { zh = "碳足迹标签仅适用于全生命周期（摇篮到坟墓）的产品，不适用于部分生命周期的产品（10.6）",
              en = "The carbon label is only for full life-cycle (cradle-to-grave) products, not partial life cycles (10.6)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "label_full_life_cycle" },
  check   = function(c, f)
    if not label_requested(c) then
      return na { zh = "未申请碳足迹标签", en = "no carbon label requested" }
    end
    local lc, ptr = life_cycle(c)
    if lc == nil then
      return insufficient { zh = "产品生命周期范围未说明", en = "life-cycle scope not stated", evidence = { "/product/life_cycle" } }
    end
    if not FULL[lc] then
      return fail { zh = "申请了碳足迹标签，但产品碳足迹为部分生命周期（" .. tostring(lc) .. "），标签不适用（10.6）",
                    en = "a carbon label is requested for a partial life cycle (" .. tostring(lc) .. "): the label does not apply (10.6)",
                    evidence = { ptr, "/label/requested" }, values = { life_cycle = lc } }
    end
    return pass { zh = "申请标签的产品碳足迹为全生命周期（" .. tostring(lc) .. "）", en = "the labelled footprint covers the full life cycle (" .. tostring(lc) .. ")",
                  values = { life_cycle = lc } }
  end,
}

rule {
  slug    = "label-size",
  clause  = "10.6",
  title   = { zh = "标签不得变形或加注文字，等比例缩放，宽度不小于 1 厘米、高度不小于 1.5 厘米（10.6）",
              en = "Label not deformed or annotated, scaled proportionally, at least 1 cm wide and 1.5 cm high (10.6)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "label_min_width_cm", "label_min_height_cm" },
  check   = function(c, f)
    if not label_requested(c) then
      return na { zh = "未申请碳足迹标签", en = "no carbon label requested" }
    end
    local lb = c.label or {}
    local w, h = lb.width_cm, lb.height_cm
    if type(w) ~= "number" or type(h) ~= "number" or lb.deformed == nil then
      return insufficient { zh = "标签尺寸或是否变形未说明", en = "label size or deformation not stated",
                            evidence = { "/label/width_cm", "/label/height_cm", "/label/deformed" } }
    end
    local values = { width_cm = w, height_cm = h, deformed = lb.deformed }
    local ev, zh, en = nil, nil, nil
    local function add(p, z, e)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
    end
    if w < P.label_min_width_cm then add("/label/width_cm", "宽度 " .. fmt(w) .. " cm 小于 1 cm", "width " .. fmt(w) .. " cm below 1 cm") end
    if h < P.label_min_height_cm then add("/label/height_cm", "高度 " .. fmt(h) .. " cm 小于 1.5 cm", "height " .. fmt(h) .. " cm below 1.5 cm") end
    if lb.deformed == true then add("/label/deformed", "标签变形", "the label is deformed") end
    if ev then
      return fail { zh = table.concat(zh, "；") .. "（10.6）", en = table.concat(en, "; ") .. " (10.6)", evidence = ev, values = values }
    end
    return pass { zh = "标签 " .. fmt(w) .. " cm × " .. fmt(h) .. " cm，未变形", en = "label " .. fmt(w) .. " cm × " .. fmt(h) .. " cm, not deformed",
                  values = values }
  end,
}

-- tCO2e per declared unit → kg, cleaned of binary noise (12 significant digits)
-- before the decimal rounding of lib.label. TODO-move-to-lib: lib.label could accept it.
local function kg_clean(t)
  return tonumber(format("%.12g", t * 1000))
end

-- 10.6 table "单位产品碳足迹宣告数据 … 标识中数据取舍至最接近单位": the label shows
-- the declared value (宣告数据) rounded to the table's step, once 9.6.2 has
-- verified it. Whether the declared value is right is the recompute rule's
-- finding (one defect, one nonconformity), so this rule reports the label
-- (metrics label_value, label_unit) and never a second nonconformity.
rule {
  slug    = "label-value",
  clause  = "10.6",
  title   = { zh = "标签中的碳足迹数据：宣告数据按 10.6 表取舍至最接近单位（以 g、kg、t 计）",
              en = "The label shows the declared footprint rounded to the nearest step of the 10.6 table (in g, kg or t)" },
  stages  = { "init" },
  info_only = true,
  check   = function(c, f)
    if not label_requested(c) then
      return info { zh = "未申请碳足迹标签，不形成标签数据", en = "no carbon label requested: no label value" }
    end
    local lc = life_cycle(c)
    if lc ~= nil and not FULL[lc] then
      return info { zh = "部分生命周期产品不签发碳足迹标签（见 label-scope），不形成标签数据",
                    en = "no label for a partial life cycle (see label-scope): no label value" }
    end
    local d = f.fp.declared
    if d == nil then
      return info { zh = "未给出可换算的碳足迹宣告数据，不能形成标签数据", en = "no convertible declared footprint: no label value",
                    evidence = { "/footprint/declared" } }
    end
    local lab = lib.label.round(kg_clean(d))
    local metrics = { label_value = lab.display_value, label_unit = lab.display_unit, label_value_kg = lab.value_kg, label_display = lab.display }
    local values = { declared_kg = kg_clean(d), step_kg = lab.step_kg, label = lab.display }
    local zh = "宣告数据 " .. fmt(kg_clean(d)) .. " kg CO2e 按 10.6 表（步长 " .. fmt(lab.step_kg) .. " kg）取舍，标签数据为 " .. lab.display
    local en = "declared " .. fmt(kg_clean(d)) .. " kg CO2e rounded to the 10.6 step of " .. fmt(lab.step_kg) .. " kg: the label reads " .. lab.display
    local r = f.fp.per_unit
    if r ~= nil then
      local lr = lib.label.round(kg_clean(r))
      values.recomputed_label = lr.display
      if lr.value_kg ~= lab.value_kg then
        zh = zh .. "（复算值取舍为 " .. lr.display .. "；标签标示经核查的宣告数据，宣告数据是否成立见 9.6.2 recompute）"
        en = en .. " (the recomputed value would round to " .. lr.display .. "; the label shows the declared value once verified — whether it stands is 9.6.2 recompute's finding)"
      end
    end
    return info { zh = zh, en = en, evidence = { "/footprint/declared/value" }, values = values, metrics = metrics }
  end,
}

-- 10.1.4 技术评审确认: 1) 人天 (9.4 man-days) 2) 核查员的资格 (9.1 team-competence)
-- 3) 核查评价组与客户没有利益冲突问题 4) 报告内容 (9.8.1 report-content), a) 问题点已关闭
-- (9.8.5 ncs-closed). Items 1), 2), 4) are reported by their own rules (one defect,
-- one nonconformity); this rule checks 3) from team[].conflict_of_interest.
rule {
  slug    = "itr-checklist",
  clause  = "10.1.4",
  title   = { zh = "技术评审确认核查评价组与客户没有利益冲突（10.1.4 3)；1)、2)、4) 见 9.4、9.1、9.8.1、9.8.5）",
              en = "The technical review confirms the team has no conflict of interest with the client (10.1.4 3); 1), 2), 4): see 9.4, 9.1, 9.8.1, 9.8.5)" },
  stages  = { "init" },
  severity = "serious",
  effect  = "withhold",
  params  = { "conflict_of_interest_effect" },
  check   = function(c, f)
    local team = util.get(c, "assessment", "team")
    local n = team and #team or 0
    if n == 0 then
      return insufficient { zh = "未说明核查评价组成员", en = "verification team not stated", evidence = { "/assessment/team" } }
    end
    local bad, unknown, ids
    for i, m in ipairs(team) do
      local coi = m.conflict_of_interest
      if coi == true then
        bad = bad or {}; bad[#bad + 1] = "/assessment/team/" .. (i - 1) .. "/conflict_of_interest"
        ids = ids or {}; ids[#ids + 1] = tostring(m.id or i)
      elseif coi == nil then
        unknown = unknown or {}; unknown[#unknown + 1] = "/assessment/team/" .. (i - 1) .. "/conflict_of_interest"
      end
    end
    if bad then
      local eff = P.conflict_of_interest_effect
      return fail { zh = "核查评价组成员 " .. table.concat(ids, ", ") .. " 与客户存在利益冲突，技术评审不能确认 10.1.4 3)，证书不能据此签发（10.3）",
                    en = "team member(s) " .. table.concat(ids, ", ") .. " have a conflict of interest with the client: the technical review cannot confirm 10.1.4 3), so no certificate on this verification (10.3)",
                    evidence = bad, values = { conflicted = #bad }, effect = eff, severity = (eff == "nc") and "general" or "serious" }
    end
    if unknown then
      return insufficient { zh = "部分成员是否与客户存在利益冲突未说明", en = "whether some members have a conflict of interest is not stated", evidence = unknown }
    end
    local n_s = tostring(n)
    return pass { zh = n_s .. " 名成员均与客户无利益冲突", en = "none of the " .. n_s .. " team member(s) has a conflict of interest with the client",
                  values = { members = n } }
  end,
}

-- WPRZ-CFP-01 7.4.2 检查组组成, 7.6 现场检查
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

rule {
  slug = "team", clause = "7.4.2.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "检查组至少一名专职人员、至少一名注册产品检查员，具备碳足迹量化专业知识",
            en = "Team: at least one full-time member, one registered product inspector, carbon-footprint competence" },
  check = function(c, f)
    local team = c.assessment and c.assessment.team
    if team == nil or #team == 0 then
      return insufficient({ zh = "未说明检查组", en = "inspection team not stated", evidence = { "/assessment/team" } })
    end
    local ft, reg, cf = false, false, false
    for i = 1, #team do
      local m = team[i]
      if m.full_time == true then ft = true end
      if m.registered_inspector == true then reg = true end
      if m.cf_competent == true then cf = true end
    end
    if ft and reg and cf then return pass() end
    local zh, en = {}, {}
    if not ft then zh[#zh + 1] = "无专职人员"; en[#en + 1] = "no full-time member" end
    if not reg then zh[#zh + 1] = "无正式注册的产品检查员"; en[#en + 1] = "no registered product inspector" end
    if not cf then zh[#zh + 1] = "不具备碳足迹量化专业知识"; en[#en + 1] = "no carbon-footprint competence" end
    return fail({ zh = "检查组组成不符合要求：" .. table.concat(zh, "、"), en = "team composition: " .. table.concat(en, ", "),
                  evidence = { "/assessment/team" } })
  end,
}

rule {
  slug = "onsite-days", party = "body", clause = "7.6.3", stages = "init", severity = "general", effect = "nc",
  title = { zh = "现场检查人日数：每个场所一个单元不低于 4 人日，每增加 1 个单元增加 1-2 人日（文件中第二个 7.6.3）",
            en = "Onsite person-days: at least 4 per site for one unit, 1–2 more per further unit (the second 7.6.3 of the document)" },
  params = { "site_base_days", "site_extra_unit_days" },
  check = function(c, f)
    return E.site_days(K, c, f, { key = "onsite_inspection", metric = "onsite_min_days", zh = "现场检查", en = "onsite inspection" })
  end,
}

rule {
  slug = "consistency-all-units", clause = "7.6.3.1", stages = "init", severity = "general", effect = "nc",
  title = { zh = "初次现场检查时，产品一致性检查覆盖全部认证单元", en = "Initial consistency check covers every unit" },
  check = function(c, f) return E.units_checked(K, c, f, NONE) end,
}

local ONSITE = {
  fail_zh = "现场检查不通过", fail_en = "onsite inspection failed", fail_effect = "withhold",
  pass_zh = "现场检查通过", pass_en = "onsite inspection passed",
  after_zh = "验证纠正措施合格后通过", after_en = "passed after the corrective actions were verified",
  nc_opts = { closed_late_fails = P.nc_late_closure_blocks },   -- 7.8.4, as the decision
}
rule {
  slug = "onsite-conclusion", topic = "conclusion", clause = "7.6.4", stages = "init", severity = "general", effect = "nc",
  title = { zh = "现场检查结论：通过 / 验证纠正措施合格后通过 / 不通过",
            en = "Onsite conclusion: passed / passed after corrective actions verified / failed" },
  check = function(c, f) return E.nc_conclusion(K, c, f, ONSITE) end,
}

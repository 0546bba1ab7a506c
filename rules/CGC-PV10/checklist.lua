-- CGC-PV10: requirements the officer checks by hand, shown as `info`
-- findings so the whole list is in the result (¶6 standards, ¶28 boundary,
-- ¶51 document-review effort, ¶70 allocation, ¶89 reduction plan at
-- surveillance, Annex 2 factory assurance capability 1–14). Each states what
-- the case says; none decides the verdict.

local util = lib.util
local fmt = util.fmt_num

local GENERAL_STANDARDS = { "GB/T 24067-2024", "ISO 14067:2018", "PAS 2050:2011" }
local function norm(s) return (tostring(s):gsub("%s", ""):gsub("：", ":"):upper()) end

rule {
  slug    = "standards",
  clause  = "3",
  title   = { zh = "认证依据：通用标准 GB/T 24067-2024、ISO 14067:2018、PAS 2050:2011；参与碳足迹机制时优先依据该机制（第5、6段）",
              en = "Basis: the general standards GB/T 24067-2024, ISO 14067:2018, PAS 2050:2011; a CFP scheme's own standards first (¶5–¶6)" },
  stages  = "all",
  info_only = true,
  check   = function(c, f)
    local st = util.get(c, "footprint", "standards")
    if st == nil or #st == 0 then
      return info { zh = "碳足迹研究未说明所依据的标准（footprint.standards）；第6段的通用标准为 GB/T 24067-2024、ISO 14067:2018、PAS 2050:2011",
                    en = "the study states no standard (footprint.standards); ¶6's general standards are GB/T 24067-2024, ISO 14067:2018, PAS 2050:2011",
                    evidence = { "/footprint/standards" }, values = { general_standard = false } }
    end
    local hit = nil
    for _, s in ipairs(st) do
      for _, g in ipairs(GENERAL_STANDARDS) do
        local ns, ng = norm(s), norm(g)
        if ns == ng or ns:sub(1, #ng - 5) == ng:sub(1, #ng - 5) then hit = hit or g end
      end
    end
    local list = table.concat(st, "、")
    if hit then
      return info { zh = "依据标准：" .. list .. "（含第6段通用标准 " .. hit .. "）", en = "standards: " .. table.concat(st, ", ") .. " (includes ¶6's " .. hit .. ")",
                    values = { general_standard = true } }
    end
    return info { zh = "依据标准：" .. list .. "，不含第6段的通用标准；仅当产品参与的碳足迹机制另有规定时适用（第5段），请核对",
                  en = "standards: " .. table.concat(st, ", ") .. ", none of ¶6's general standards; acceptable only where a CFP scheme the product joins sets them (¶5): check",
                  evidence = { "/footprint/standards" }, values = { general_standard = false } }
  end,
}

rule {
  slug    = "boundary",
  clause  = "9",
  title   = { zh = "先确定系统边界（如摇篮到坟墓或摇篮到大门）和排放源，优先遵循适用的 PCR（第28段）",
              en = "The system boundary (e.g. cradle to grave or cradle to gate) and emission sources are set first, following the applicable PCR (¶28)" },
  stages  = "all",
  info_only = true,
  check   = function(c, f)
    local b = util.get(c, "footprint", "boundary")
    local pcr = util.get(c, "product", "pcr", "name")
    if b == nil or b.scope == nil then
      return info { zh = "未说明系统边界（footprint.boundary.scope）", en = "the system boundary is not stated (footprint.boundary.scope)",
                    evidence = { "/footprint/boundary" } }
    end
    local stages = b.stages and table.concat(b.stages, "、") or "未列出"
    return info { zh = "系统边界 " .. tostring(b.scope) .. "，阶段：" .. stages .. "；请对照 PCR " .. tostring(pcr or "（未说明）") .. " 的边界和排放源核对（第28段）",
                  en = "boundary " .. tostring(b.scope) .. ", stages: " .. (b.stages and table.concat(b.stages, ", ") or "not listed") .. "; check against the boundary and sources of the PCR " .. tostring(pcr or "(not stated)") .. " (¶28)",
                  values = { scope = b.scope, pcr = pcr } }
  end,
}

rule {
  slug    = "doc-review-effort",
  clause  = "10.4.1",
  title   = { zh = "文件评审一般需要 10–15 个人日，委托方提供证据的时间不计；复杂产品可能更长（第51段）",
              en = "The document review normally takes 10–15 person-days, excluding the client's time; longer for complex products (¶51)" },
  stages  = { "init" },
  info_only = true,
  check   = function(c, f)
    local t = lib.mandays.CGC_DOC_REVIEW_TYPICAL
    local d = util.get(c, "assessment", "man_days", "document_review")
    if d == nil then
      return info { zh = "文件评审人日数未说明；第51段一般为 " .. t.min .. "–" .. t.max .. " 个人日",
                    en = "document-review person-days not stated; ¶51 gives " .. t.min .. "–" .. t.max .. " normally",
                    evidence = { "/assessment/man_days/document_review" }, values = { typical_min = t.min, typical_max = t.max } }
    end
    local where_zh = d < t.min and "，少于一般的 " or (d > t.max and "，多于一般的 " or "，在一般的 ")
    local where_en = d < t.min and ", below the usual " or (d > t.max and ", above the usual " or ", within the usual ")
    return info { zh = "文件评审 " .. fmt(d) .. " 个人日" .. where_zh .. t.min .. "–" .. t.max .. " 个人日（第51段，“一般”不是下限）",
                  en = "document review " .. fmt(d) .. " person-days" .. where_en .. t.min .. "–" .. t.max .. " (¶51; 'normally' is not a minimum)",
                  values = { planned_days = d, typical_min = t.min, typical_max = t.max } }
  end,
}

rule {
  slug    = "allocation",
  clause  = "10.5.2",
  title   = { zh = "现场核查：（如有）现场数据的分配方法及其合理性（第70段）",
              en = "Onsite verification: the allocation of site data and its justification, where used (¶70)" },
  stages  = { "init", "surv" },
  info_only = true,
  check   = function(c, f)
    local a = util.get(c, "footprint", "allocation")
    if a == nil or a.used == nil then
      return info { zh = "未说明是否使用分配（footprint.allocation.used）", en = "whether allocation is used is not stated (footprint.allocation.used)",
                    evidence = { "/footprint/allocation" } }
    end
    if a.used ~= true then
      return info { zh = "未使用分配", en = "no allocation used", values = { used = false } }
    end
    return info { zh = "使用分配，方法 " .. tostring(a.method or "未说明") .. "；请核查其合理性" .. (a.sensitivity_analysis == true and "（已做敏感性分析）" or "") .. "（第70段）",
                  en = "allocation used, method " .. tostring(a.method or "not stated") .. "; check that it is reasonable" .. (a.sensitivity_analysis == true and " (sensitivity analysis done)" or "") .. " (¶70)",
                  evidence = { "/footprint/allocation" }, values = { used = true, method = a.method } }
  end,
}

rule {
  slug    = "reduction-plan",
  clause  = "12",
  title   = { zh = "监督检查降碳计划、措施实施情况，以及碳足迹是否较上一次核查出现下降（第89段）",
              en = "Surveillance checks the reduction plan and its measures, and whether the footprint fell since the last verification (¶89)" },
  stages  = { "surv" },
  info_only = true,
  check   = function(c, f)
    local h = c.history or {}
    local rp = h.reduction_plan_progress
    local tm = rp and rp.targets_met
    local zh = tm == true and "降碳计划目标已达成" or (tm == false and "降碳计划目标未达成" or "降碳计划实施情况未说明（history.reduction_plan_progress）")
    local en = tm == true and "reduction-plan targets met" or (tm == false and "reduction-plan targets not met" or "reduction-plan progress not stated (history.reduction_plan_progress)")
    local prev = h.previous_result or (h.last_surveillance_on == nil and h.initial_result) or nil
    local cur = f.fp.per_unit
    local values = { targets_met = tm }
    if prev ~= nil and type(prev.value) == "number" and cur ~= nil and prev.value > 0 then
      local r = lib.num.ratio_pct(cur, prev.value)
      local down = lib.num.lt(r, 0)
      local t = lib.num.text(r, 2)
      zh = zh .. "；本周期复算 " .. fmt(cur, 4) .. "，较上一次 " .. fmt(prev.value, 4) .. " " .. tostring(prev.unit) .. (down and "下降" or "未下降") .. "（" .. t .. " %）"
      en = en .. "; recomputed " .. fmt(cur, 4) .. " against the last " .. fmt(prev.value, 4) .. " " .. tostring(prev.unit) .. (down and ": decreased" or ": not decreased") .. " (" .. t .. " %)"
      values.decreased = down
    end
    return info { zh = zh .. "（第89段）", en = en .. " (¶89)", evidence = { "/history/reduction_plan_progress" }, values = values }
  end,
}

-- Annex 2 工厂保证能力检查要求, clauses 1–14; ¶57 checks them at the factory.
local ANNEX2 = {
  { "1", "管理职责和资源", "responsibilities and resources" },
  { "2", "文件和记录", "documents and records" },
  { "3", "产品碳足迹重要影响因素", "significant footprint factors" },
  { "4", "设计/开发控制", "design and development" },
  { "5", "采购过程", "purchasing" },
  { "6", "生产过程", "production" },
  { "7", "交付及储存过程（如适用）", "delivery and storage (where applicable)" },
  { "8", "使用过程（如适用）", "use (where applicable)" },
  { "9", "生命末期过程（如适用）", "end of life (where applicable)" },
  { "10", "检验、监测仪器设备", "inspection and monitoring equipment" },
  { "11", "不符合控制", "control of nonconformity" },
  { "12", "内部审核", "internal audit" },
  { "13", "认证产品的变更及一致性控制", "changes and consistency of the certified product" },
  { "14", "产品碳足迹标识认证证书和标识", "certificates and labels" },
}

rule {
  slug    = "annex2-checklist",
  clause  = "Annex 2",
  title   = { zh = "工厂保证能力检查要求（附件2第1–14条）逐条检查", en = "Factory assurance-capability requirements (Annex 2 clauses 1–14), clause by clause" },
  stages  = { "init", "surv" },
  info_only = true,
  check   = function(c, f)
    local checked = util.get(c, "assessment", "onsite", "clauses_checked")
    local set = {}
    for _, x in ipairs(checked or {}) do set[tostring(x):match("^(%d+)")] = true end
    local done, todo_zh, todo_en = 0, {}, {}
    for _, it in ipairs(ANNEX2) do
      if set[it[1]] then done = done + 1
      else todo_zh[#todo_zh + 1] = it[1] .. " " .. it[2]; todo_en[#todo_en + 1] = it[1] .. " " .. it[3] end
    end
    if checked == nil then
      return info { zh = "未记录检查过的附件2条款（assessment.onsite.clauses_checked）；应检查：" .. table.concat(todo_zh, "；"),
                    en = "the Annex 2 clauses checked are not recorded (assessment.onsite.clauses_checked); to check: " .. table.concat(todo_en, "; "),
                    evidence = { "/assessment/onsite/clauses_checked" }, values = { checked = 0, clauses = #ANNEX2 } }
    end
    if #todo_zh == 0 then
      return info { zh = "附件2第1–14条均已记录检查", en = "all Annex 2 clauses 1–14 recorded as checked", values = { checked = done, clauses = #ANNEX2 } }
    end
    return info { zh = "附件2已检查 " .. done .. "/" .. #ANNEX2 .. " 条；未记录：" .. table.concat(todo_zh, "；"),
                  en = "Annex 2: " .. done .. " of " .. #ANNEX2 .. " clauses checked; not recorded: " .. table.concat(todo_en, "; "),
                  evidence = { "/assessment/onsite/clauses_checked" }, values = { checked = done, clauses = #ANNEX2 } }
  end,
}

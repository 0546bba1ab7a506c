-- CICC-CFP chapters 7 (assurance level and materiality) and 8.3.1 (scope agreed at application review).

local util = lib.util
local fmt = util.fmt_num

local LEVELS = { reasonable = true, limited = true }

-- Assurance level and materiality: at application from `request`; later from
-- assessment.verification, falling back to `request`.
local function assurance_of(c, f)
  local v = util.get(c, "assessment", "verification")
  local rq = c.request or {}
  if f.stage_group ~= "app" and v ~= nil then
    local a, ap = v.assurance, "/assessment/verification/assurance"
    if a == nil then a, ap = rq.assurance, "/request/assurance" end
    local m, mp = v.materiality_pct, "/assessment/verification/materiality_pct"
    if m == nil then m, mp = rq.materiality_pct, "/request/materiality_pct" end
    return a, ap, m, mp
  end
  return rq.assurance, "/request/assurance", rq.materiality_pct, "/request/materiality_pct"
end

rule {
  slug    = "assurance-materiality",
  clause  = "7",
  title   = { zh = "保证等级（合理/有限）在策划时确定；实质性（重要性）阈值由预期用户指定或由核查人员设置（7）",
              en = "Assurance level (reasonable / limited) fixed at planning; materiality threshold given by the intended user or set by the verifier (7)" },
  stages  = { "app", "init" },
  severity = "general",
  effect  = "supplement",
  params  = { "materiality_default_pct" },
  check   = function(c, f)
    local a, ap, m, mp = assurance_of(c, f)
    local ev, zh, en = nil, nil, nil
    local applicant = false
    local function add(p, z, e, who)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
      if who == "applicant" then applicant = true end
    end
    -- the assurance level is the client's request (应委托方要求 … 在策划时确定)
    if a == nil then add(ap, "委托方未确定保证等级（合理或有限）", "the client has not stated the assurance level (reasonable or limited)", "applicant")
    elseif not LEVELS[a] then add(ap, "保证等级 " .. tostring(a) .. " 不是合理保证或有限保证", "assurance level " .. tostring(a) .. " is neither reasonable nor limited", "applicant") end
    -- the threshold: 预期用户未指定 … 核查评价人员应设置重要性阈值，并将其传达给客户 — the verifier's duty
    local dflt = P.materiality_default_pct
    if m == nil then
      add(mp, "预期用户未指定实质性阈值，核查评价人员应设置并告知客户；在此之前复算按默认 " .. fmt(dflt) .. " % 判断",
          "the intended user stated no materiality threshold: the verifier sets one and tells the client; until then the recompute uses the default " .. fmt(dflt) .. " %", "body")
    elseif type(m) ~= "number" or m <= 0 then
      add(mp, "实质性阈值 " .. tostring(m) .. " 无效", "materiality threshold " .. tostring(m) .. " is not valid", "applicant")
    end
    local values = { assurance = a, materiality_pct = m, materiality_default_pct = dflt }
    if ev then
      return fail { zh = table.concat(zh, "；") .. "（7）", en = table.concat(en, "; ") .. " (7)", evidence = ev, values = values,
                    effect = applicant and "supplement" or "body" }
    end
    local m_t = fmt(m)   -- once for both languages
    return pass { zh = "保证等级：" .. (a == "reasonable" and "合理保证" or "有限保证") .. "；实质性阈值 " .. m_t .. " %",
                  en = "assurance level " .. a .. "; materiality threshold " .. m_t .. " %",
                  values = values, metrics = { materiality_pct = m } }
  end,
}

rule {
  slug    = "scope-agreed",
  clause  = "8.3.1",
  title   = { zh = "申请评审时商定核查范围：系统边界、生命周期阶段、排放过程和排放源、温室气体种类和时间段、保证等级、后续核查频次（8.3.1）",
              en = "Verification scope agreed at application review: boundary, life-cycle stages, processes and sources, gases and period, assurance level, surveillance frequency (8.3.1)" },
  stages  = { "app" },
  severity = "general",
  effect  = "supplement",
  params  = { "surveillance_max_months" },
  check   = function(c, f)
    local fpc = c.footprint or {}
    local ev, zh, en = nil, nil, nil
    local function add(p, z, e)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
    end
    local b = fpc.boundary
    if b == nil or b.scope == nil then add("/footprint/boundary/scope", "1) 系统边界", "1) system boundary") end
    if b == nil or b.stages == nil or #b.stages == 0 then add("/footprint/boundary/stages", "2) 生命周期阶段", "2) life-cycle stages") end
    if f.fp.line_count == 0 then add("/footprint/inventory", "3) 排放过程和排放源", "3) processes and sources") end
    local per = fpc.period
    if per == nil or per.start == nil or per["end"] == nil then add("/footprint/period", "4) 覆盖时间段", "4) period covered") end
    -- 5) 保证等级: reported once, by assurance-materiality (7), not a second time here
    local sm = util.get(c, "request", "surveillance_months")
    if sm == nil then
      add("/request/surveillance_months", "6) 后续核查的频次", "6) surveillance frequency")
    elseif type(sm) ~= "number" or sm <= 0 or sm > P.surveillance_max_months then
      add("/request/surveillance_months", "6) 后续核查频次超过 12 个月（9.10.1.2）", "6) surveillance frequency above 12 months (9.10.1.2)")
    end
    if ev then
      return fail { zh = "核查范围未商定完整：" .. table.concat(zh, "；") .. "（8.3.1）",
                    en = "verification scope not fully agreed: " .. table.concat(en, "; ") .. " (8.3.1)",
                    evidence = ev, values = { missing = #ev } }
    end
    return pass { zh = "8.3.1 1)–4)、6) 已商定：边界 " .. tostring(b.scope) .. "，" .. #b.stages .. " 个生命周期阶段，" .. f.fp.line_count ..
                       " 条排放数据，时间段 " .. tostring(per.start) .. " 至 " .. tostring(per["end"]) .. "，监督频次 " .. util.fmt_num(sm) .. " 个月（5) 保证等级见第 7 章 assurance-materiality）",
                  en = "8.3.1 1)–4), 6) agreed: boundary " .. tostring(b.scope) .. ", " .. #b.stages .. " life-cycle stage(s), " .. f.fp.line_count ..
                       " inventory line(s), period " .. tostring(per.start) .. " to " .. tostring(per["end"]) .. ", surveillance every " .. util.fmt_num(sm) .. " months (5) assurance level: see clause 7, assurance-materiality)",
                  values = { surveillance_months = sm } }
  end,
}

-- 8.2 核查评价申请: the application gives 客户名称和地址；客户产品和服务；生产工艺流程；
-- 关键供应商；申请核查标准；核查时间期限；申请核查等级；采用的碳足迹数据库；GHG 排放源等相关信息.
-- 申请核查等级 is reported by assurance-materiality (7) and not counted again here.
rule {
  slug    = "application-info",
  clause  = "8.2",
  params  = { "key_suppliers_from_study" },
  title   = { zh = "申请信息：客户名称和地址、产品和服务、生产工艺流程、关键供应商、核查标准、时间期限、数据库、GHG 排放源（8.2）",
              en = "Application information: client name and address, products and services, process flow, key suppliers, standard, period, database, GHG sources (8.2)" },
  stages  = { "app" },
  severity = "general",
  effect  = "supplement",
  check   = function(c, f)
    local ev, zh, en = nil, nil, nil
    local function add(p, z, e)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
    end
    local ap = util.get(c, "parties", "applicant") or {}
    local ap_name = ap.name
    if ap_name == nil or ap.address == nil then add("/parties/applicant", "客户名称和地址", "client name and address") end
    local product_name = util.get(c, "product", "name")
    if product_name == nil then add("/product/name", "客户产品和服务", "products and services") end
    local fpc = c.footprint or {}
    local procs = fpc.processes
    local flow = util.get(c, "documents", "process_flow_chart", "provided") == true or (procs ~= nil and #procs > 0)
    if not flow then add("/footprint/processes", "生产工艺流程", "process flow") end
    -- key suppliers: request.key_suppliers (an empty list states there are none), else a supplier named in the study
    local ks = util.get(c, "request", "key_suppliers")
    local named = ks ~= nil
    if not named and P.key_suppliers_from_study then
      -- a process's supplier counts when it is named (a city alone names no supplier)
      for _, p in ipairs(procs or {}) do
        local s = p.supplier
        if s ~= nil and s.name ~= nil and s.name ~= "" then named = true break end
      end
    end
    if not named and P.key_suppliers_from_study then
      -- the case's inventory lines (f.fp.lines[i].line, docs/facts.md)
      for _, l in ipairs(fpc.inventory or {}) do if l.supplier_city ~= nil then named = true break end end
    end
    if not named then add("/request/key_suppliers", "关键供应商", "key suppliers") end
    local stds = fpc.standards
    if stds == nil or #stds == 0 then add("/footprint/standards", "申请核查标准", "verification standard") end
    local per = fpc.period
    if per == nil or per.start == nil or per["end"] == nil then add("/footprint/period", "核查时间期限", "period covered") end
    local db_name = util.get(c, "footprint", "database", "name")
    if db_name == nil then add("/footprint/database/name", "采用的碳足迹数据库", "footprint database") end
    if util.get(c, "product", "ghg_source_count") == nil and f.fp.line_count == 0 then
      add("/product/ghg_source_count", "GHG 排放源信息", "GHG sources")
    end
    if ev then
      return fail { zh = "申请信息不全（8.2）：" .. table.concat(zh, "、"), en = "application information missing (8.2): " .. table.concat(en, ", "),
                    evidence = ev, values = { missing = #ev } }
    end
    -- (every name below is stated: else a problem was added above)
    local ap_s, product_s, db_s = tostring(ap_name), tostring(product_name), tostring(db_name)
    return pass { zh = "8.2 申请信息齐全：" .. ap_s .. "，产品 " .. product_s .. "，标准 " .. table.concat(stds, "、") ..
                       "，数据库 " .. db_s .. "（申请核查等级见第 7 章）",
                  en = "8.2 application information complete: " .. ap_s .. ", product " .. product_s .. ", standard " ..
                       table.concat(stds, ", ") .. ", database " .. db_s .. " (assurance level: see clause 7)" }
  end,
}

-- electrolytic: the checks CNCA-CFP-15 (seed 001) and WPRZ-CFP-01 (seed 000)
-- have in common. WPRZ-GI-CFP-01 mirrors CNCA-CFP-15 clause by clause under its
-- own numbers; both packs declare their own `rule{}` entries (clause, title,
-- params) and call the parameterised checks below, so the logic exists once.
--
-- Calling convention: every check is `M.<name>(K, c, f, o)`:
--   K  the pack's context from `M.context{ pass=, fail=, insufficient=, na=,
--      info=, P= }` (result constructors and the pack's parameters; library
--      modules do not see the pack globals, so the pack hands them in),
--   c  the case, f the facts (docs/facts.md), o per-rule options (constant
--      tables built when the pack loads: clause words for messages, lists).
-- Every check returns exactly one result. Messages are built only on the
-- fail / insufficient paths; the pass path returns constant or numeric data.
--
-- Readings (docs/interpretations.md) are pack parameters (P.*); each check
-- names the parameters it reads in a comment and the pack lists them in the
-- rule's `params`.

local M = {}

local dates = lib.dates
local num = lib.num
local util = lib.util

local concat, format = table.concat, string.format
local type, tostring = type, tostring

-- ---------------------------------------------------------------------------
-- small helpers (pure)

local function fmt(x, d) return util.fmt_num(x, d) end

local function parse_day(s)
  if type(s) ~= "string" then return nil end
  return (dates.parse(s))
end

local function stage_group(c, f)
  return f.stage_group
end

-- documents[key].provided == true and not declared invalid
local function doc_ok(c, key)
  local d = c.documents and c.documents[key]
  return d ~= nil and d.provided == true and d.valid ~= false
end

local function list_text(t) return concat(t, ", ") end

-- a result table with one message in both languages plus extras
local function msg(zh, en, evidence, values, extra)
  local r = { zh = zh, en = en, evidence = evidence, values = values }
  if extra then for k, v in pairs(extra) do r[k] = v end end
  return r
end

-- evidence list for a set of line facts (0-based pointers from f)
local function line_ptrs(lines, suffix)
  local ev = {}
  for i = 1, #lines do ev[i] = suffix and (lines[i].ptr .. suffix) or lines[i].ptr end
  return ev
end

-- a line's id, else its 1-based index (from its pointer /footprint/inventory/<i-1>)
local function line_id(L)
  local id = L.line.id
  if id ~= nil then return id end
  return tostring(tonumber(string.match(L.ptr, "%d+$")) + 1)
end

local function line_ids(lines)
  local ids = {}
  for i = 1, #lines do ids[i] = line_id(lines[i]) end
  return ids
end

M.day = parse_day
M.doc_ok = doc_ok

-- ---------------------------------------------------------------------------
-- context

-- context{ pass=, fail=, insufficient=, na=, info=, P= } -> K
function M.context(t)
  return { pass = t.pass, fail = t.fail, insufficient = t.insufficient, na = t.na, info = t.info, P = t.P }
end

-- effect of a "supplement" type failure: supplement at every stage (at later
-- stages the verdict treats it as an open general NC, rule-authoring "Effects")
local SUPPLEMENT = "supplement"

-- ---------------------------------------------------------------------------
-- 1.2 scope (CNCA 1.2, WPRZ 1.2)
-- P.scope_raw_material, P.scope_cell_technology, P.scope_forms
function M.scope(K, c, f, o)
  local P = K.P
  local p = c.product
  if p == nil then
    return K.insufficient(msg("未说明产品信息", "no product stated", { "/product" }))
  end
  local rm, cell = p.raw_material, p.cell_technology
  if rm == nil or cell == nil then
    return K.insufficient(msg("未说明原料或电解槽型式", "raw material or cell technology not stated",
      { "/product/raw_material", "/product/cell_technology" }))
  end
  if rm ~= P.scope_raw_material then
    return K.na(msg("原料不是冶金级氧化铝（" .. tostring(rm) .. "），不属于本规则范围",
      "the raw material is not metallurgical-grade alumina (" .. tostring(rm) .. "): outside the scope",
      { "/product/raw_material" }, { raw_material = rm }))
  end
  if cell ~= P.scope_cell_technology then
    return K.na(msg("不是预焙阳极铝电解槽生产（" .. tostring(cell) .. "），不属于本规则范围",
      "not produced in prebaked-anode cells (" .. tostring(cell) .. "): outside the scope",
      { "/product/cell_technology" }, { cell_technology = cell }))
  end
  if p.form ~= nil and not util.contains(P.scope_forms, p.form) then
    return K.na(msg("产品形态 " .. tostring(p.form) .. " 不是电解铝产品（铝液、铝锭），不属于本规则范围",
      "product form " .. tostring(p.form) .. " is not an electrolytic aluminium product (liquid or ingot): outside the scope",
      { "/product/form" }, { form = p.form }))
  end
  return K.pass({ values = { raw_material = rm, cell_technology = cell } })
end

-- ---------------------------------------------------------------------------
-- 4 unit division (CNCA 4, WPRZ 4): one producer, one product form, one site
-- P.unit_forms
local UNIT_PTR = {}
for i = 1, 50 do UNIT_PTR[i] = "/units/" .. (i - 1) end
function M.unit_division(K, c, f, o)
  local P = K.P
  local units = c.units
  if units == nil or #units == 0 then
    return K.insufficient(msg("未说明认证单元划分", "no certification units stated", { "/units" }))
  end
  local ev, zh, en = nil, nil, nil
  local function add(ptr, z, e)
    ev = ev or {}; zh = zh or {}; en = en or {}
    ev[#ev + 1] = ptr; zh[#zh + 1] = z; en[#en + 1] = e
  end
  for i = 1, #units do
    local u = units[i]
    local ptr = UNIT_PTR[i] or ("/units/" .. (i - 1))
    local id = u.id or i
    if u.sites ~= nil and #u.sites > 1 then
      add(ptr .. "/sites", "单元 " .. id .. " 跨多个生产场地", "unit " .. id .. " spans several sites")
    elseif u.site == nil and (u.sites == nil or #u.sites == 0) then
      add(ptr .. "/site", "单元 " .. id .. " 未说明生产场地", "unit " .. id .. " states no site")
    elseif u.site ~= nil and f.site_by_id[u.site] == nil then
      add(ptr .. "/site", "单元 " .. id .. " 的场地 " .. tostring(u.site) .. " 不在场地清单中",
        "unit " .. id .. ": site " .. tostring(u.site) .. " is not in /sites")
    end
    if u.product_form == nil then
      add(ptr .. "/product_form", "单元 " .. id .. " 未说明产品形态", "unit " .. id .. " states no product form")
    elseif not util.contains(P.unit_forms, u.product_form) then
      add(ptr .. "/product_form", "单元 " .. id .. " 的产品形态 " .. tostring(u.product_form) .. " 不是铝液或铝锭",
        "unit " .. id .. ": product form " .. tostring(u.product_form) .. " is neither liquid nor ingot")
    end
    -- the same producer, form and site may form one unit only
    local site = u.site or (u.sites and u.sites[1])
    for j = 1, i - 1 do
      local v = units[j]
      if v.producer_uscc == u.producer_uscc and v.product_form == u.product_form
         and (v.site or (v.sites and v.sites[1])) == site then
        local vid = tostring(v.id or j)
        add(ptr, "单元 " .. id .. " 与单元 " .. vid .. " 的生产企业、产品和场地相同，应为同一单元",
          "unit " .. id .. " has the same producer, product form and site as unit " .. vid .. ": one unit")
        break
      end
    end
  end
  if ev then
    return K.fail(msg("认证单元划分不符合要求：" .. concat(zh, "；"),
      "certification units not divided as required: " .. concat(en, "; "), ev, nil,
      { effect = SUPPLEMENT }))
  end
  return K.pass({ values = { units = #units } })
end

-- ---------------------------------------------------------------------------
-- 5.1 / 7.1.3 documents
-- o.keys: the document keys the pack requires (P.docs_required)
function M.docs_required(K, c, f, o)
  local keys = K.P.docs_required
  local missing
  for i = 1, #keys do
    if not doc_ok(c, keys[i]) then missing = missing or {}; missing[#missing + 1] = keys[i] end
  end
  if missing then
    local ev = {}
    for i = 1, #missing do ev[i] = "/documents/" .. missing[i] end
    return K.fail(msg("缺少认证委托文件：" .. list_text(missing),
      "documents missing: " .. list_text(missing), ev, { missing = missing }))
  end
  return K.pass({ values = { required = #keys } })
end

-- conditional documents: entrustment relationship, distributor contract, OEM/ODM, CFP report
function M.docs_conditional(K, c, f, o)
  local need = {}
  local applicant = f.parties and f.parties.applicant
  if f.parties and f.parties.distinct then need[#need + 1] = "entrustment_relationship_proof" end
  if applicant and (applicant.kind == "distributor" or applicant.kind == "importer") then
    need[#need + 1] = "distribution_contract"
  end
  if c.product and c.product.oem_odm == true then need[#need + 1] = "oem_odm_ip" end
  if c.footprint and c.footprint.declared ~= nil then need[#need + 1] = "cfp_report" end
  if #need == 0 then
    return K.na({ zh = "无适用的条件性文件", en = "no conditional document applies" })
  end
  local missing
  for i = 1, #need do
    if not doc_ok(c, need[i]) then missing = missing or {}; missing[#missing + 1] = need[i] end
  end
  if missing then
    local ev = {}
    for i = 1, #missing do ev[i] = "/documents/" .. missing[i] end
    return K.fail(msg("缺少适用的文件：" .. list_text(missing),
      "applicable documents missing: " .. list_text(missing), ev, { missing = missing, required = need }))
  end
  return K.pass({ values = { required = need } })
end

-- ---------------------------------------------------------------------------
-- 5.2(1) / Annex 4, WPRZ 7.1.2: conditions of the applicant
-- P.mgmt_min_months, P.bar_window_months

-- the application date: application_dates.applied_on, else as_of
local function applied_on(c, f)
  local ad = c.eligibility and c.eligibility.application_dates
  local d = ad and parse_day(ad.applied_on)
  if d then return d, "/eligibility/application_dates/applied_on" end
  return f.as_of, "/as_of"
end
M.applied_on = applied_on

-- list entries (serious_violations / certificate_revocations) dated within n months before `ref`
local function within_window(list, ref, n, base)
  local hits
  if list == nil then return nil end
  for i = 1, #list do
    local d = parse_day(list[i].date)
    if d and dates.within_months_before(d, ref, n) then
      hits = hits or {}
      hits[#hits + 1] = base .. "/" .. (i - 1)
    end
  end
  return hits
end
M.within_window = within_window

function M.revocations_within(K, c, f)
  local e = c.eligibility
  local ref = applied_on(c, f)
  if e == nil or ref == nil then return nil, true end
  if e.certificate_revocations == nil then return nil, true end
  return within_window(e.certificate_revocations, ref, K.P.bar_window_months, "/eligibility/certificate_revocations"), false
end

function M.eligibility(K, c, f, o)
  local P = K.P
  local e = c.eligibility
  if e == nil then
    return K.insufficient(msg("未说明认证委托条件", "eligibility facts not stated", { "/eligibility" }))
  end
  local ref, refptr = applied_on(c, f)
  local fails_zh, fails_en, ev, unknown
  local function bad(ptr, z, en)
    fails_zh = fails_zh or {}; fails_en = fails_en or {}; ev = ev or {}
    fails_zh[#fails_zh + 1] = z; fails_en[#fails_en + 1] = en; ev[#ev + 1] = ptr
  end
  local function unk(ptr) unknown = unknown or {}; unknown[#unknown + 1] = ptr end
  local function flag(field, want, z, en)
    local v = e[field]
    if v == nil then unk("/eligibility/" .. field)
    elseif v ~= want then bad("/eligibility/" .. field, z, en) end
  end
  flag("legal_entity", true, "(1) 不具备法人资格", "(1) not a legal entity")
  flag("licenses_ok", true, "(2) 未取得相应的行政许可或强制性产品认证", "(2) required licences or compulsory certification not held")
  -- (3) management system ≥ 3 months by the application date, representative data
  local since = parse_day(e.management_system_since)
  if since == nil or ref == nil then unk("/eligibility/management_system_since")
  elseif not dates.months_at_least(since, ref, P.mgmt_min_months) then
    bad("/eligibility/management_system_since",
      "(3) 保证能力管理制度运行不满 " .. P.mgmt_min_months .. " 个月（自 " .. e.management_system_since .. "；“运行满三个月”读作满 " .. P.mgmt_min_months .. " 个日历月，参数 mgmt_min_months）",
      "(3) management system in operation for less than " .. P.mgmt_min_months .. " months (since " .. e.management_system_since .. "; 运行满三个月 read as " .. P.mgmt_min_months .. " full calendar months, parameter mgmt_min_months)")
  end
  flag("representative_data", true, "(3) 没有代表性时间段的数据", "(3) no data for a representative period")
  flag("suspension_ordered", false, "(4) 被责令停业整顿", "(4) ordered to suspend business for rectification")
  flag("dishonesty_listed", false, "(5) 被列入严重违法失信名单", "(5) on a serious-dishonesty list")
  if ref ~= nil and e.serious_violations ~= nil then
    local hits = within_window(e.serious_violations, ref, P.bar_window_months, "/eligibility/serious_violations")
    if hits then
      for i = 1, #hits do bad(hits[i], "(6) 一年内发生严重违法行为（申请日前 " .. P.bar_window_months .. " 个月内，含当日，参数 bar_window_months）", "(6) serious violation of law within one year (the " .. P.bar_window_months .. " months before the application, inclusive; parameter bar_window_months)") end
    end
  elseif e.serious_violations == nil then unk("/eligibility/serious_violations") end
  if ref ~= nil and e.certificate_revocations ~= nil then
    local hits = within_window(e.certificate_revocations, ref, P.bar_window_months, "/eligibility/certificate_revocations")
    if hits then
      for i = 1, #hits do bad(hits[i], "(7) 一年内被撤销产品碳足迹认证证书（申请日前 " .. P.bar_window_months .. " 个月内，含当日，参数 bar_window_months）", "(7) a carbon-footprint certificate revoked within one year (the " .. P.bar_window_months .. " months before the application, inclusive; parameter bar_window_months)") end
    end
  elseif e.certificate_revocations == nil then unk("/eligibility/certificate_revocations") end
  flag("truthful_declaration", true, "(8) 未承诺如实提供文件和资料", "(8) no truthfulness commitment")
  if fails_zh then
    return K.fail(msg("不符合认证委托条件：" .. concat(fails_zh, "；"),
      "application conditions not met: " .. concat(fails_en, "; "), ev, nil))
  end
  if unknown then
    return K.insufficient(msg("以下委托条件未说明：" .. list_text(unknown),
      "conditions not stated: " .. list_text(unknown), unknown))
  end
  return K.pass()
end

-- 5.2(3) / WPRZ 7.3.4(2), 11.4.1(7): falsified documents; effect by stage
local FALSIFIED_EFFECT = { app = "refuse", init = "withhold", surv = "revoke", chg = "revoke" }
function M.falsified(K, c, f, o)
  local e = c.eligibility
  local v = e and e.falsified_documents
  if v == nil then
    return K.insufficient(msg("未说明文件是否存在弄虚作假", "whether documents were falsified is not stated",
      { "/eligibility/falsified_documents" }))
  end
  if v == true then
    local eff = FALSIFIED_EFFECT[stage_group(c, f)] or "refuse"
    return K.fail(msg("认证委托文件存在弄虚作假行为", "falsified documents",
      { "/eligibility/falsified_documents" }, { stage_effect = eff }, { effect = eff, severity = "serious" }))
  end
  return K.pass()
end

-- 5.3.3(1) / 7.5.3(1): USCC of the parties
local ROLES = { "applicant", "producer", "factory" }
function M.uscc(K, c, f, o)
  local fp = f.parties
  if fp == nil or fp.applicant == nil then
    return K.insufficient(msg("未说明认证委托人", "no applicant stated", { "/parties/applicant" }))
  end
  local bad, seenptr
  for i = 1, 3 do
    local role = ROLES[i]
    local p = fp[role]
    local ptr = fp.ptr and fp.ptr[role]
    if p ~= nil and ptr ~= nil then
      seenptr = seenptr or {}
      if not seenptr[ptr] then
        seenptr[ptr] = true
        local ok, why = false, nil
        if p.uscc == nil then
          why = { zh = "未提供", en = "not stated" }
        else
          ok, why = lib.ids.uscc_valid(p.uscc)
        end
        if not ok then
          bad = bad or {}
          bad[#bad + 1] = { ptr = ptr .. "/uscc", role = role, zh = why and why.zh or "无效", en = why and why.en or "invalid" }
        end
      end
    end
  end
  if bad then
    local ev, zh, en = {}, {}, {}
    for i = 1, #bad do
      ev[i] = bad[i].ptr
      zh[i] = bad[i].role .. " 统一社会信用代码" .. bad[i].zh
      en[i] = bad[i].role .. " USCC: " .. bad[i].en
    end
    return K.fail(msg(concat(zh, "；"), concat(en, "; "), ev))
  end
  return K.pass()
end

-- 5.3.3(3) / 7.5.3(3): management system in operation ≥ 3 months (document review item)
function M.mgmt_3_months(K, c, f, o)
  local P = K.P
  local e = c.eligibility
  local since = e and parse_day(e.management_system_since)
  local ref = applied_on(c, f)
  if since == nil or ref == nil then
    return K.insufficient(msg("未说明保证能力管理制度的运行起始日期", "management system start date not stated",
      { "/eligibility/management_system_since" }))
  end
  if not dates.months_at_least(since, ref, P.mgmt_min_months) then
    return K.fail(msg(
      "管理制度自 " .. e.management_system_since .. " 运行，至申请日 " .. dates.format(ref) .. " 不满 " .. P.mgmt_min_months .. " 个月（\"运行满三个月\" 读作满 " .. P.mgmt_min_months .. " 个日历月，参数 mgmt_min_months）",
      "management system in operation since " .. e.management_system_since .. ": less than " .. P.mgmt_min_months .. " calendar months by the application date " .. dates.format(ref) .. " (reading of 运行满三个月, parameter mgmt_min_months)",
      { "/eligibility/management_system_since" }, { since = e.management_system_since, applied_on = dates.format(ref) }))
  end
  return K.pass({ values = { since = e.management_system_since } })
end

-- ---------------------------------------------------------------------------
-- man-days (5.3.2, 5.4.3, 5.5.2, 6.3 / WPRZ 7.5.2, 7.6.3, 7.7.3, 8.3)
-- P.doc_review_days_one_unit, P.doc_review_max_days, P.site_base_days, P.site_extra_unit_days

local function planned_days(c, key)
  local a = c.assessment
  local md = a and a.man_days
  return md and md[key]
end

-- minimum person-days for onsite inspection or verification: per site
-- base + extra × (units − 1) with the pack's parameters.
-- TODO-move-to-lib: lib.mandays.cnca_site/cnca_total (f.mandays.cnca) compute
-- the same with fixed constants; once they take (base, extra) this calls them.
function M.site_min_days(K, f)
  local P = K.P
  local keys = f.unit_site_keys
  if keys == nil or #keys == 0 then return nil end
  local total = 0
  for i = 1, #keys do
    local u = f.units_by_site[keys[i]]
    total = total + P.site_base_days + P.site_extra_unit_days * (u - 1)
  end
  return total
end

function M.doc_review_days(K, c, f, o)
  local P = K.P
  local units = f.unit_count
  if units == nil or units == 0 then
    return K.insufficient(msg("未说明认证单元，无法确定文件评审人日数", "no units stated: document-review person-days unknown", { "/units" }))
  end
  local min = P.doc_review_days_one_unit
  local metrics = { doc_review_min_days = min, doc_review_max_days = P.doc_review_max_days }
  local planned = planned_days(c, "document_review")
  if planned == nil then
    return K.info({ zh = "文件评审最少 " .. min .. " 人日、最多 " .. P.doc_review_max_days .. " 人日；未说明计划人日",
                    en = "document review: " .. min .. " to " .. P.doc_review_max_days .. " person-days; planned days not stated",
                    metrics = metrics })
  end
  if planned > P.doc_review_max_days or planned < min then
    return K.fail(msg("文件评审计划 " .. fmt(planned) .. " 人日，应为 " .. min .. "–" .. P.doc_review_max_days .. " 人日",
      "document review planned at " .. fmt(planned) .. " person-days; required " .. min .. " to " .. P.doc_review_max_days,
      { "/assessment/man_days/document_review" }, { planned = planned, min = min, max = P.doc_review_max_days },
      { metrics = metrics }))
  end
  return K.pass({ values = { planned = planned }, metrics = metrics })
end

-- o.key: "onsite_inspection" / "verification"; o.metric: metric name
function M.site_days(K, c, f, o)
  local min = M.site_min_days(K, f)
  if min == nil then
    return K.insufficient(msg("未说明认证单元与生产场地，无法确定人日数", "units and sites not stated: minimum person-days unknown", { "/units" }))
  end
  local metrics = { [o.metric] = min }
  local planned = planned_days(c, o.key)
  if planned == nil then
    return K.insufficient(msg("未说明计划人日（最少 " .. min .. " 人日）", "planned person-days not stated (minimum " .. min .. ")",
      { "/assessment/man_days/" .. o.key }, nil, { metrics = metrics }))
  end
  if planned < min then
    return K.fail(msg(o.zh .. "计划 " .. fmt(planned) .. " 人日，低于最少 " .. min .. " 人日（每个场所 " .. K.P.site_base_days .. " 人日，每增加 1 个单元加 " .. K.P.site_extra_unit_days .. " 人日，参数 site_base_days、site_extra_unit_days）",
      o.en .. " planned at " .. fmt(planned) .. " person-days, below the minimum " .. min .. " (" .. K.P.site_base_days .. " per site + " .. K.P.site_extra_unit_days .. " per further unit; parameters site_base_days, site_extra_unit_days)",
      { "/assessment/man_days/" .. o.key }, { planned = planned, min = min }, { metrics = metrics }))
  end
  return K.pass({ values = { planned = planned, min = min }, metrics = metrics })
end

-- 6.3 / 8.3: surveillance ≥ 50 % of initial onsite + verification days
-- P.surveillance_days_share
function M.surveillance_days(K, c, f, o)
  local P = K.P
  local h = c.history
  local im = h and h.initial_man_days
  if im == nil or type(im.onsite_inspection) ~= "number" or type(im.verification) ~= "number" then
    return K.insufficient(msg("未说明初次现场检查与核查人日数", "initial onsite and verification person-days not stated",
      { "/history/initial_man_days" }))
  end
  local min = P.surveillance_days_share * (im.onsite_inspection + im.verification)
  local metrics = { surveillance_min_days = min }
  local planned = planned_days(c, "surveillance")
  if planned == nil then
    return K.insufficient(msg("未说明监督人日数（最少 " .. fmt(min) .. " 人日）", "surveillance person-days not stated (minimum " .. fmt(min) .. ")",
      { "/assessment/man_days/surveillance" }, nil, { metrics = metrics }))
  end
  if planned < min then
    return K.fail(msg("监督计划 " .. fmt(planned) .. " 人日，少于初次现场检查与核查人日之和的 50%（" .. fmt(min) .. " 人日）",
      "surveillance planned at " .. fmt(planned) .. " person-days, below 50 % of the initial onsite and verification days (" .. fmt(min) .. ")",
      { "/assessment/man_days/surveillance" }, { planned = planned, min = min }, { metrics = metrics }))
  end
  return K.pass({ values = { planned = planned, min = min }, metrics = metrics })
end

-- ---------------------------------------------------------------------------
-- 5.3.4 / 7.5.4 document review conclusion as recorded
local REVIEW = {
  conforming = true, basically_conforming = true, nonconforming = true,
}
function M.doc_review_conclusion(K, c, f, o)
  local a = c.assessment
  local dr = a and a.document_review
  local concl = dr and dr.conclusion
  if concl == nil then
    return K.na({ zh = "未记录文件评审结论；结论由本规则包的判定给出", en = "no document-review conclusion recorded; the pack's decision gives it" })
  end
  if not REVIEW[concl] then
    return K.insufficient(msg("文件评审结论无法识别：" .. tostring(concl), "unknown document-review conclusion: " .. tostring(concl),
      { "/assessment/document_review/conclusion" }))
  end
  if concl == "nonconforming" then
    return K.fail(msg("文件评审结论：不符合要求，无法进行现场检查与核查", "document review: nonconforming; no onsite inspection or verification possible",
      { "/assessment/document_review/conclusion" }, { conclusion = concl }, { severity = "serious", effect = "refuse" }))
  end
  if concl == "basically_conforming" then
    return K.fail(msg("文件评审结论：基本符合要求，需补充完善", "document review: basically conforming; supplements required",
      { "/assessment/document_review/conclusion" }, { conclusion = concl }, { severity = "general", effect = SUPPLEMENT }))
  end
  return K.pass({ values = { conclusion = concl } })
end

-- ---------------------------------------------------------------------------
-- units checked (5.4.2 / 7.6.3.1 initial; 6.2.2 / 8.2.3 surveillance)
function M.units_checked(K, c, f, o)
  local units = c.units
  if units == nil or #units == 0 then
    return K.insufficient(msg("未说明认证单元", "no units stated", { "/units" }))
  end
  local a = c.assessment
  local checked = a and a.onsite and a.onsite.units_checked
  if checked == nil then
    return K.insufficient(msg("未记录产品一致性检查覆盖的单元", "units covered by the consistency check not recorded",
      { "/assessment/onsite/units_checked" }))
  end
  local set = {}
  for i = 1, #checked do set[checked[i]] = true end
  local missing
  for i = 1, #units do
    local id = units[i].id
    if id == nil or not set[id] then missing = missing or {}; missing[#missing + 1] = tostring(id) end
  end
  if missing then
    return K.fail(msg("产品一致性检查未覆盖单元：" .. list_text(missing), "consistency check did not cover units: " .. list_text(missing),
      { "/assessment/onsite/units_checked" }, { missing = missing }))
  end
  return K.pass({ values = { units = #units } })
end

-- ---------------------------------------------------------------------------
-- conclusions from the assessors' NCs (5.4.4 / 7.6.4 onsite; 6.4 / 8.4
-- surveillance), read with lib.verdict.nc_summary so the conclusion finding and
-- the verdict (lib.verdict.standard) agree: blocking (systemic, open serious,
-- open past its due date, or closed late when o.nc_opts.closed_late_fails) →
-- fail; open → pending correction; all closed → passed after correction.
-- o.fail_zh/en, o.fail_effect; o.pass_zh/en, o.after_zh/en: the scheme's words;
-- o.nc_opts: options for nc_summary (WPRZ 7.8.4: closed_late_fails).
function M.nc_conclusion(K, c, f, o)
  if c.assessment == nil then
    return K.insufficient(msg("未记录检查结果", "no assessment recorded", { "/assessment" }))
  end
  local V = lib.verdict
  local blocking, _, open, closed = V.nc_brief(c, c.as_of, o.nc_opts)
  if not blocking and open == 0 then
    if closed > 0 then
      return K.pass({ zh = o.after_zh, en = o.after_en, values = { conclusion = "pass_after_correction", closed = closed } })
    end
    return K.pass({ zh = o.pass_zh, en = o.pass_en, values = { conclusion = "pass" } })
  end
  local s = V.nc_counts(c, c.as_of, o.nc_opts)
  if s.blocking then
    local m = V.nc_message(s, o.nc_opts)
    return K.fail(msg(o.fail_zh .. "：" .. m.zh, o.fail_en .. ": " .. m.en,
      s.evidence, s.values, { severity = "serious", effect = o.fail_effect }))
  end
  if s.open > 0 then
    local m = V.nc_message(s, o.nc_opts)
    return K.fail(msg("一般不符合项尚待限期整改并验证：" .. m.zh,
      "general nonconformities awaiting correction and verification: " .. m.en,
      s.evidence, s.values, { severity = "general", effect = "nc" }))
  end
  if s.closed > 0 then
    return K.pass({ zh = o.after_zh, en = o.after_en, values = { conclusion = "pass_after_correction", closed = s.closed } })
  end
  return K.pass({ zh = o.pass_zh, en = o.pass_en, values = { conclusion = "pass" } })
end

-- ---------------------------------------------------------------------------
-- 5.5 / 7.7.1: assurance level (P.assurance_level)
function M.assurance(K, c, f, o)
  local P = K.P
  local a = c.assessment
  local v = a and a.verification and a.verification.assurance
  local ptr = "/assessment/verification/assurance"
  if v == nil then
    v = c.request and c.request.assurance
    ptr = "/request/assurance"
  end
  if v == nil then
    return K.insufficient(msg("未说明核查保证等级", "assurance level not stated", { "/assessment/verification/assurance" }))
  end
  if v ~= P.assurance_level then
    return K.fail(msg("核查保证等级为 " .. tostring(v) .. "，应为合理保证", "assurance level " .. tostring(v) .. "; reasonable assurance required",
      { ptr }, { assurance = v }))
  end
  return K.pass({ values = { assurance = v } })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.1 / 7.7.4.1 declared unit: 1 t remelting ingot (GB/T 1196) or 1 t liquid
-- P.declared_unit_amount, P.declared_products, P.ingot_standard_prefix;
-- o.reading: { zh, en } note on the reading (WPRZ 铅锭 → 铝锭) or nil
function M.declared_unit(K, c, f, o)
  local P = K.P
  local fp = c.footprint
  local du = fp and fp.declared_unit
  if du == nil then
    return K.insufficient(msg("未说明声明单位", "declared unit not stated", { "/footprint/declared_unit" }))
  end
  local problems
  local function bad(z, e) problems = problems or { zh = {}, en = {} }; problems.zh[#problems.zh + 1] = z; problems.en[#problems.en + 1] = e end
  if du.amount ~= P.declared_unit_amount or du.unit ~= "t" then
    bad("声明单位为 " .. tostring(du.amount) .. " " .. tostring(du.unit) .. "，应为 1 t",
        "declared unit is " .. tostring(du.amount) .. " " .. tostring(du.unit) .. "; 1 t required")
  end
  local prod = du.product or (c.product and c.product.form)
  if not util.contains(P.declared_products, prod) then
    bad("声明单位产品为 " .. tostring(prod) .. "，应为重熔用铝锭或铝液",
        "declared product is " .. tostring(prod) .. "; remelting ingot or liquid aluminium required")
  elseif prod == "ingot" then
    local std = c.product and c.product.standard
    if type(std) ~= "string" or std:sub(1, #P.ingot_standard_prefix) ~= P.ingot_standard_prefix then
      bad("铝锭的产品标准为 " .. tostring(std) .. "，应符合 GB/T 1196", "ingot standard is " .. tostring(std) .. "; GB/T 1196 required")
    end
  end
  if problems then
    local zh, en = concat(problems.zh, "；"), concat(problems.en, "; ")
    if o.reading then zh = zh .. "（" .. o.reading.zh .. "）"; en = en .. " (" .. o.reading.en .. ")" end
    return K.fail(msg(zh, en, { "/footprint/declared_unit", "/product/standard" }, { product = prod }))
  end
  if o.reading then
    return K.pass({ zh = o.reading.pass_zh, en = o.reading.pass_en, values = o.reading.values })
  end
  return K.pass({ values = { product = prod } })
end

-- 5.5.3.2 / 7.7.4.2 boundary (P.boundary_stages)
function M.boundary(K, c, f, o)
  local P = K.P
  local b = c.footprint and c.footprint.boundary
  local st = b and b.stages
  if st == nil then
    return K.insufficient(msg("未说明系统边界", "system boundary not stated", { "/footprint/boundary/stages" }))
  end
  local missing
  for i = 1, #P.boundary_stages do
    if not util.contains(st, P.boundary_stages[i]) then missing = missing or {}; missing[#missing + 1] = P.boundary_stages[i] end
  end
  if missing then
    return K.fail(msg("系统边界缺少阶段：" .. list_text(missing) .. "（应包括辅助材料和能源获取阶段、电解铝产品生产阶段）",
      "system boundary lacks stages: " .. list_text(missing) .. " (acquisition of auxiliaries and energy, and production, are required)",
      { "/footprint/boundary/stages" }, { missing = missing }))
  end
  return K.pass()
end

-- ---------------------------------------------------------------------------
-- data collection (5.5.3.3 / 7.7.4.3)

local function fp_lines(f)
  return f.fp and f.fp.lines
end

local function no_lines(K)
  return K.insufficient(msg("未提供清单数据", "no inventory stated", { "/footprint/inventory" }))
end

-- (1)(3) every line of the four core processes is site-specific
function M.core_site_data(K, c, f, o)
  local fp = f.fp
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  -- fast path: the facts say per process whether every line is site-specific
  local bss, keys, core = fp.by_process_site_specific, fp.process_keys, fp.core_processes
  local all = true
  local core_seen = false
  for i = 1, #keys do
    local k = keys[i]
    if core[k] then
      core_seen = true
      if bss[k] ~= true then all = false; break end
    end
  end
  if all then
    if not core_seen then
      return K.insufficient(msg("清单中没有核心单元过程的数据", "no lines of the core unit processes", { "/footprint/inventory" }))
    end
    return K.pass()
  end
  local badl = {}
  for i = 1, #lines do
    local L = lines[i]
    if L.core and L.line.data_type ~= "site_specific" then badl[#badl + 1] = L end
  end
  return K.fail(msg("核心单元过程必须收集现场数据，以下行不是现场数据：" .. list_text(line_ids(badl)),
    "core unit processes need site-specific data; lines not site-specific: " .. list_text(line_ids(badl)),
    line_ptrs(badl, "/data_type"), { lines = line_ids(badl) }))
end

-- lines of a process (o.process) or kind (o.kind) must be primary or site-specific
local PRIMARY = { primary = true, site_specific = true }
function M.primary_lines(K, c, f, o)
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local n, badl = 0, nil
  local process, stage = o.process, o.stage
  for i = 1, #lines do
    local L = lines[i]
    local ln = L.line
    if ln.process == process and (stage == nil or ln.stage == stage) then
      n = n + 1
      if not PRIMARY[ln.data_type or ""] then badl = badl or {}; badl[#badl + 1] = L end
    end
  end
  if n == 0 then
    return K.insufficient(msg("清单中没有" .. o.zh .. "的数据", "no " .. o.en .. " lines in the inventory", { "/footprint/inventory" }))
  end
  if badl then
    return K.fail(msg(o.zh .. "应收集初级数据，以下行不是初级数据：" .. list_text(line_ids(badl)),
      o.en .. " needs primary data; lines not primary: " .. list_text(line_ids(badl)),
      line_ptrs(badl, "/data_type"), { lines = line_ids(badl) }))
  end
  return K.pass({ values = { lines = n } })
end

-- secondary data only for the listed auxiliary productions and energy
-- P.secondary_allowed_processes, P.secondary_allowed_flows
function M.secondary_allowed(K, c, f, o)
  local P = K.P
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local procs, flows = P.secondary_allowed_processes, P.secondary_allowed_flows
  local badl, n = nil, 0
  for i = 1, #lines do
    local L = lines[i]
    local ln = L.line
    if ln.data_type == "secondary" then
      n = n + 1
      -- energy (its extraction, supply and use, (2)(3)) may be secondary
      -- anywhere; a core-process energy line still fails core-site-data.
      -- Bauxite mining and transport must be primary, core processes site data.
      local ok
      local process = ln.process
      if ln.kind == "energy" then
        ok = true
      elseif L.core or process == "bauxite_mining" or process == "transport" then
        ok = false
      else
        ok = util.contains(procs, process) or util.contains(flows, ln.flow)
      end
      if not ok then badl = badl or {}; badl[#badl + 1] = L end
    end
  end
  if badl then
    return K.fail(msg("以下行使用次级数据，但该过程不在可收集次级数据的清单内：" .. list_text(line_ids(badl)),
      "secondary data on lines whose process is not one that may use secondary data: " .. list_text(line_ids(badl)),
      line_ptrs(badl, "/data_type"), { lines = line_ids(badl) }))
  end
  return K.pass({ values = { secondary_lines = n } })
end

-- 5.5.3.4(2) / 7.7.4.4(2): factor priority (P.factor_top_rank)
function M.factor_priority(K, c, f, o)
  local P = K.P
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local bad, unknown
  local top = P.factor_top_rank
  for i = 1, #lines do
    local L = lines[i]
    local r = L.rank
    if r ~= nil then
      local cnca = r.cnca
      if not r.known then
        unknown = unknown or {}; unknown[#unknown + 1] = L
      elseif cnca ~= nil and cnca > top then
        if not r.conservative or not r.source_stated or (r.foreign_for_domestic and not r.applicability_noted) then
          bad = bad or {}; bad[#bad + 1] = L
        end
      end
    end
  end
  if bad then
    local zh, en, ev = {}, {}, {}
    for i = 1, #bad do
      local L, r = bad[i], bad[i].rank
      local z, e = {}, {}
      if not r.conservative then z[#z + 1] = "未说明保守性"; e[#e + 1] = "not marked conservative" end
      if not r.source_stated then z[#z + 1] = "未说明来源"; e[#e + 1] = "no source stated" end
      if r.foreign_for_domestic and not r.applicability_noted then z[#z + 1] = "国外数据未说明适用性"; e[#e + 1] = "foreign data without an applicability note" end
      local id = L.line.id
      zh[i] = tostring(id) .. "（" .. tostring(r.source_kind) .. "，优先级 " .. r.cnca .. "）" .. concat(z, "、")
      en[i] = tostring(id) .. " (" .. tostring(r.source_kind) .. ", rank " .. r.cnca .. "): " .. concat(e, ", ")
      ev[i] = L.ptr .. "/factor"
    end
    return K.fail(msg("非国家公布因子的次级数据须遵循保守性原则并说明来源：" .. concat(zh, "；"),
      "secondary factors below the national rank must be conservative and state their source: " .. concat(en, "; "), ev))
  end
  if unknown then
    return K.insufficient(msg("以下行的因子未说明来源类型：" .. list_text(line_ids(unknown)),
      "factor source kind not stated or unknown on lines: " .. list_text(line_ids(unknown)), line_ptrs(unknown, "/factor/source_kind")))
  end
  return K.pass()
end

-- ---------------------------------------------------------------------------
-- 5.5.3.5 / 7.7.4.5 allocation
local METHODS = { subdivision = true, system_expansion = true, physical = true, economic = true }

local function alumina_result(K, al)
  -- returns a fail/insufficient result or nil when the alumina split is right
  if al.missing then
    return K.fail(msg("氧化铝/氢氧化铝分配缺少数据：" .. list_text(al.missing) .. "（应报告 P1、P2、Ec、Er 及分配结果）",
      "alumina / hydroxide allocation lacks: " .. list_text(al.missing) .. " (P1, P2, Ec, Er and the allocated amounts must be reported)",
      { "/footprint/allocation" }, { missing = al.missing }))
  end
  if al.ok == false then
    return K.fail(msg(format("氧化铝分配 %s、氢氧化铝分配 %s tCO2e，按细分法应为 %s、%s（P1.0 = %s t），容差 %s",
        fmt(al.stated_alumina_t, 1), fmt(al.stated_hydroxide_t, 1), fmt(al.expected_alumina_t, 1), fmt(al.expected_hydroxide_t, 1), fmt(al.p10, 1), fmt(al.tolerance_t, 2)),
      format("allocated %s tCO2e to alumina and %s to hydroxide; subdivision gives %s and %s (P1.0 = %s t), tolerance %s",
        fmt(al.stated_alumina_t, 1), fmt(al.stated_hydroxide_t, 1), fmt(al.expected_alumina_t, 1), fmt(al.expected_hydroxide_t, 1), fmt(al.p10, 1), fmt(al.tolerance_t, 2)),
      { "/footprint/allocation/allocated_alumina_tco2e", "/footprint/allocation/allocated_hydroxide_tco2e" },
      { expected_alumina_t = al.expected_alumina_t, expected_hydroxide_t = al.expected_hydroxide_t,
        balance_diff_t = al.balance_diff_t }))
  end
  if al.ok == nil then
    return K.insufficient(msg("无法复算氧化铝分配（P1.0 + P2 = 0）", "alumina allocation cannot be recomputed (P1.0 + P2 = 0)", { "/footprint/allocation" }))
  end
  return nil
end

-- o.include_alumina: also check the alumina / hydroxide split (CNCA: yes; WPRZ: own rule)
function M.allocation(K, c, f, o)
  local al = f.alloc
  if al == nil or not al.present then
    return K.insufficient(msg("未说明是否进行了分配", "allocation not stated", { "/footprint/allocation" }))
  end
  if al.used == false then
    return K.pass({ values = { used = false } })
  end
  if al.used == nil then
    return K.insufficient(msg("未说明是否进行了分配", "allocation.used not stated", { "/footprint/allocation/used" }))
  end
  if al.method == nil or not METHODS[al.method] then
    return K.fail(msg("进行了分配但未说明分配方法（细分法、扩展法或按物理/经济属性分配）",
      "allocation used without a stated method (subdivision, system expansion, physical or economic)",
      { "/footprint/allocation/method" }, { method = al.method }))
  end
  if al.needs_sensitivity then
    return K.fail(msg("存在多种备选分配程序，但未进行敏感性分析（GB/T 44905-2024；WPRZ 7.7.4.5）",
      "several allocation procedures were possible but no sensitivity analysis was done (GB/T 44905-2024; WPRZ 7.7.4.5)",
      { "/footprint/allocation/sensitivity_analysis" }, { alternatives = true, sensitivity_analysis = al.sensitivity_analysis or false }))
  end
  if o.include_alumina and al.alumina ~= nil then
    local r = alumina_result(K, al.alumina)
    if r then return r end
  end
  return K.pass({ values = { used = true, method = al.method } })
end

-- WPRZ 7.7.4.5: alumina with aluminium hydroxide co-product
function M.allocation_alumina(K, c, f, o)
  local al = f.alloc
  if al == nil or al.alumina == nil then
    return K.na({ zh = "无氢氧化铝副产品的分配", en = "no aluminium hydroxide co-product allocation" })
  end
  if al.needs_sensitivity then
    return K.fail(msg("存在多种备选分配程序，但未进行敏感性分析", "alternatives existed but no sensitivity analysis was done",
      { "/footprint/allocation/sensitivity_analysis" }))
  end
  local r = alumina_result(K, al.alumina)
  if r then return r end
  local a = al.alumina
  return K.pass({ values = { p10_t = a.p10, expected_alumina_t = a.expected_alumina_t, expected_hydroxide_t = a.expected_hydroxide_t } })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.6 / 7.7.4.6 cut-off
-- P.cutoff_single_max_pct, P.cutoff_total_max_pct

local function cutoff_metrics(co)
  return { cutoff_max_share_pct = co.max_share_pct or 0, cutoff_sum_share_pct = co.sum_share_pct }
end

-- limits: single ≤ 1 %, total ≤ 5 % (NC-s above), every omission reported
-- o.categories: also the category rule (energy and raw materials never omitted)
function M.cutoff(K, c, f, o)
  local P = K.P
  local co = f.cutoff
  if co == nil or not co.present then
    return K.insufficient(msg("未说明取舍（忽略的物质/能量流）", "cut-offs not stated", { "/footprint/cut_offs" }))
  end
  local metrics = cutoff_metrics(co)
  local single, total = P.cutoff_single_max_pct, P.cutoff_total_max_pct
  local over_total = co.sum_share_pct > total
  local over_single
  if co.max_share_pct ~= nil and co.max_share_pct > single then
    over_single = {}
    local items = co.items
    for i = 1, #items do
      local it = items[i]
      if it.category ~= "infrastructure" and type(it.share_pct) == "number" and it.share_pct > single then
        over_single[#over_single + 1] = it.ptr .. "/share_pct"
      end
    end
  end
  local cats = o.categories and #co.energy_or_raw > 0
  local unrep = #co.unreported > 0
  if over_total or over_single or cats or unrep then
    local zh, en, ev = {}, {}, {}
    if over_total then
      zh[#zh + 1] = "忽略的物质（能量）流贡献总和 " .. fmt(co.sum_share_pct, 3) .. "% 超过 " .. total .. "%（不应超过，即 ≤ " .. total .. "%，参数 cutoff_total_max_pct）"
      en[#en + 1] = "omitted flows add up to " .. fmt(co.sum_share_pct, 3) .. " % of the footprint, above " .. total .. " % (不应超过 read as ≤; parameter cutoff_total_max_pct)"
      ev[#ev + 1] = "/footprint/cut_offs"
    end
    if over_single then
      zh[#zh + 1] = #over_single .. " 项忽略的流单项贡献超过 " .. single .. "%（参数 cutoff_single_max_pct；最大 " .. fmt(co.max_share_pct, 3) .. "%）"
      en[#en + 1] = #over_single .. " omitted flow(s) above " .. single .. " % each (parameter cutoff_single_max_pct; largest " .. fmt(co.max_share_pct, 3) .. " %)"
      for i = 1, #over_single do ev[#ev + 1] = over_single[i] end
    end
    if cats then
      zh[#zh + 1] = "能源和原辅材料的输入不得忽略"
      en[#en + 1] = "energy and raw-material inputs must not be omitted"
      for i = 1, #co.energy_or_raw do ev[#ev + 1] = co.energy_or_raw[i] .. "/category" end
    end
    if unrep then
      zh[#zh + 1] = "忽略的流未在报告中说明"
      en[#en + 1] = "omissions not reported"
      for i = 1, #co.unreported do ev[#ev + 1] = co.unreported[i] .. "/reported" end
    end
    return K.fail(msg(concat(zh, "；"), concat(en, "; "), ev,
      { sum_share_pct = co.sum_share_pct, max_share_pct = co.max_share_pct, single_max_pct = single, total_max_pct = total },
      { severity = over_total and "serious" or "general", metrics = metrics }))
  end
  if #co.share_missing > 0 then
    return K.insufficient(msg("忽略的流未说明其贡献比例", "omitted flows without a share of the footprint",
      co.share_missing, nil, { metrics = metrics }))
  end
  return K.pass({ values = { sum_share_pct = co.sum_share_pct, max_share_pct = co.max_share_pct }, metrics = metrics })
end

-- WPRZ 7.7.4.6 (1)(2)(3)(6): what may be omitted at all
function M.cutoff_categories(K, c, f, o)
  local co = f.cutoff
  if co == nil or not co.present then
    return K.insufficient(msg("未说明取舍（忽略的物质/能量流）", "cut-offs not stated", { "/footprint/cut_offs" }))
  end
  local bad
  local items = co.items
  for i = 1, #items do
    local cat = items[i].category
    if cat ~= "auxiliary" and cat ~= "infrastructure" then bad = bad or {}; bad[#bad + 1] = items[i] end
  end
  if bad then
    local ev, fl = {}, {}
    for i = 1, #bad do ev[i] = bad[i].ptr .. "/category"; fl[i] = tostring(bad[i].flow) .. "(" .. tostring(bad[i].category) .. ")" end
    return K.fail(msg("能源和原辅材料的所有输入均需列出，只有辅助材料可忽略：" .. list_text(fl),
      "all energy and raw-material inputs must be listed; only auxiliary materials may be omitted: " .. list_text(fl), ev,
      { flows = fl }))
  end
  return K.pass({ values = { infrastructure_excluded = #co.infrastructure } })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.7 / 7.7.4.7 data quality: primary and site-specific lines good,
-- secondary lines at least fair. P.dq_primary_max_level, P.dq_secondary_max_level
local RATING_ORDER = { "unusable", "poor", "fair", "good" }
local function worst_rating(f)
  local qc = f.fp and f.fp.quality_counts
  if qc == nil then return nil end
  for i = 1, 4 do
    local r = RATING_ORDER[i]
    if (qc[r] or 0) > 0 then return r end
  end
  return nil
end
M.worst_rating = worst_rating

function M.data_quality(K, c, f, o)
  local P = K.P
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local worst = worst_rating(f)
  local metrics = { worst_dq_rating = worst }
  -- fast path: every line rated good satisfies both levels
  local qc = f.fp.quality_counts
  if qc and (qc.good or 0) == #lines and P.dq_primary_max_level >= 1 then
    return K.pass({ metrics = metrics })
  end
  local bad, unrated
  for i = 1, #lines do
    local L = lines[i]
    local q = L.quality
    local lvl = q and q.level
    if lvl == nil then
      unrated = unrated or {}; unrated[#unrated + 1] = L
    else
      local data_type = L.line.data_type
      local max = (data_type == "secondary") and P.dq_secondary_max_level or P.dq_primary_max_level
      if data_type == nil then unrated = unrated or {}; unrated[#unrated + 1] = L
      elseif lvl > max then bad = bad or {}; bad[#bad + 1] = L end
    end
  end
  if bad then
    local zh, en = {}, {}
    for i = 1, #bad do
      local L = bad[i]
      local ln = L.line
      zh[i] = tostring(ln.id) .. "（" .. tostring(ln.data_type) .. "，" .. (lib.quality.ZH[L.quality.rating] or tostring(L.quality.rating)) .. "）"
      en[i] = tostring(ln.id) .. " (" .. tostring(ln.data_type) .. ", " .. tostring(L.quality.rating) .. ")"
    end
    return K.fail(msg("初级数据应为数据质量等级“好”，次级数据至少为“一般”；不满足：" .. concat(zh, "、"),
      "primary data must rate good and secondary data at least fair; below: " .. concat(en, ", "),
      line_ptrs(bad, "/quality"), { lines = line_ids(bad) }, { metrics = metrics }))
  end
  if unrated then
    return K.insufficient(msg("以下行缺少数据质量指标或数据类型：" .. list_text(line_ids(unrated)),
      "lines without complete quality indicators or data type: " .. list_text(line_ids(unrated)),
      line_ptrs(unrated, "/quality"), nil, { metrics = metrics }))
  end
  return K.pass({ metrics = metrics })
end

-- ---------------------------------------------------------------------------
-- 5.5.4 recomputation (decisive: no footprint at all → insufficient)
-- P.materiality_default_pct, P.metric_decimals

local PROCESS_METRIC, STAGE_METRIC = {}, {}
for _, k in ipairs({ "bauxite_mining", "alumina_production", "anode_production", "electrolysis", "casting",
                      "auxiliary_production", "energy_supply", "transport", "remelting", "fabrication", "other" }) do
  PROCESS_METRIC[k] = "process_" .. k .. "_tco2e_per_t"
end
for _, k in ipairs({ "acquisition", "production", "distribution", "use", "end_of_life" }) do
  STAGE_METRIC[k] = "stage_" .. k .. "_tco2e_per_t"
end

-- GB/T 8170 rounding for metrics: binary rounding unless the value is within
-- 1e-6 of a tie at that place, where lib.num.round decides on the decimal string
local floor = math.floor
local POW10 = { [0] = 1, 10, 100, 1000, 10000, 100000, 1000000 }
local function round_metric(x, d)
  local p = POW10[d]
  if p == nil then return num.round(x, d) end
  local y = x * p
  local fl = floor(y)
  local frac = y - fl
  if frac > 0.5 - 1e-6 and frac < 0.5 + 1e-6 then return num.round(x, d) end
  if frac > 0.5 then fl = fl + 1 end
  return fl / p
end
M.round_metric = round_metric

-- footprint metrics: recomputed value, contributions by process and stage (rounded)
function M.footprint_metrics(K, f, m)
  local fp = f.fp
  local d = K.P.metric_decimals
  m = m or {}
  if fp == nil or fp.per_unit == nil then return m end
  m.footprint_tco2e_per_t = round_metric(fp.per_unit, d)
  local keys, bp = fp.process_keys, fp.by_process
  for i = 1, #keys do
    local k = keys[i]
    m[PROCESS_METRIC[k] or ("process_" .. tostring(k) .. "_tco2e_per_t")] = round_metric(bp[k], d)
  end
  keys, bp = fp.stage_keys, fp.by_stage
  for i = 1, #keys do
    local k = keys[i]
    m[STAGE_METRIC[k] or ("stage_" .. tostring(k) .. "_tco2e_per_t")] = round_metric(bp[k], d)
  end
  if fp.deviation_pct ~= nil then m.deviation_pct = round_metric(fp.deviation_pct, 2) end
  return m
end

local function materiality(K, c)
  local a = c.assessment
  local v = a and a.verification and a.verification.materiality_pct
  if type(v) == "number" then return v end
  v = c.request and c.request.materiality_pct
  if type(v) == "number" then return v end
  return K.P.materiality_default_pct
end

function M.recompute(K, c, f, o)
  local fp = f.fp
  if fp == nil or not fp.present or fp.line_count == 0 then
    return K.insufficient(msg("没有碳足迹清单，无法量化", "no footprint inventory: nothing to quantify", { "/footprint" }))
  end
  if fp.n_declared_units == nil then
    return K.insufficient(msg("未说明产量或声明单位，无法复算", "output or declared unit not stated: no per-unit result", { "/footprint/output" }))
  end
  if fp.per_unit == nil then
    -- some lines cannot be computed: the declared result cannot be confirmed
    local errs = fp.errors
    local ev, zh, en = {}, {}, {}
    for i = 1, #errs do
      ev[i] = errs[i].ptr; zh[i] = errs[i].zh; en[i] = errs[i].en
      if i >= 10 then break end
    end
    return K.fail(msg("清单中 " .. #errs .. " 处数据无法计算，无法确认量化结果：" .. concat(zh, "；"),
      #errs .. " inventory problem(s) prevent confirming the result: " .. concat(en, "; "), ev,
      { partial_tco2e_per_t = fp.per_unit_partial }, { severity = "general", effect = SUPPLEMENT }))
  end
  local metrics = M.footprint_metrics(K, f)
  if fp.declared == nil then
    if stage_group(c, f) == "app" then
      return K.na({ zh = "未声明量化结果（适用时提供），仅给出复算值", en = "no declared result (optional at application); recomputed value only", metrics = metrics })
    end
    return K.insufficient(msg("未声明碳足迹量化结果", "declared footprint not stated", { "/footprint/declared" }, nil, { metrics = metrics }))
  end
  if fp.within_rounding then
    return K.pass({ values = { recomputed = fp.per_unit, declared = fp.declared, tolerance = fp.declared_tolerance }, metrics = metrics })
  end
  local mat = materiality(K, c)
  local serious = lib.footprint.material(fp, mat)
  local dev_zh, dev_en = lib.footprint.deviation_text(fp)
  return K.fail(msg(
    format("复算碳足迹 %s tCO2e/t，声明值 %s，偏差 %s%%（超出声明值的修约范围 ±%s%s）", fmt(fp.per_unit, 4), fmt(fp.declared_value), dev_zh, fmt(fp.declared_tolerance),
      serious and ("，达到实质性阈值 " .. fmt(mat) .. "%") or ""),
    format("recomputed %s tCO2e/t against declared %s: deviation %s %% (outside the rounding of the declared value, ±%s)%s", fmt(fp.per_unit, 4), fmt(fp.declared_value), dev_en, fmt(fp.declared_tolerance),
      serious and ("; at or above the materiality threshold " .. fmt(mat) .. " %") or ""),
    { "/footprint/declared/value" },
    { recomputed = fp.per_unit, declared = fp.declared, deviation_pct = fp.deviation_pct, materiality_pct = mat },
    { severity = serious and "serious" or "general", metrics = metrics }))
end

-- ---------------------------------------------------------------------------
-- surveillance (6 / 8)

-- the date of this surveillance: the onsite date, else as_of
local function surveillance_on(c, f)
  local a = c.assessment
  local d = a and a.onsite and parse_day(a.onsite.date)
  if d then return d, "/assessment/onsite/date" end
  return f.as_of, "/as_of"
end
M.surveillance_on = surveillance_on

-- o.mode: "latest" (CNCA 6.1: since the later of the decision and the last
-- surveillance), "first" (WPRZ 8.1: the first within 12 months of the decision;
-- na once a surveillance took place), "next" (WPRZ 8.1: ≤ 12 months after the
-- last surveillance; na before the first). P.surveillance_max_months
function M.surveillance_interval(K, c, f, o)
  local P = K.P
  local h = c.history or {}
  local dec = parse_day(h.initial_decision_on)
  local last = parse_day(h.last_surveillance_on)
  local from, fromptr
  if o.mode == "first" then
    if last ~= nil then return K.na({ zh = "已进行过监督，适用监督间隔要求", en = "a surveillance already took place: the interval rule applies" }) end
    from, fromptr = dec, "/history/initial_decision_on"
  elseif o.mode == "next" then
    if last == nil then return K.na({ zh = "首次监督，适用首次监督时间要求", en = "first surveillance: the first-surveillance rule applies" }) end
    from, fromptr = last, "/history/last_surveillance_on"
  else
    from, fromptr = dec, "/history/initial_decision_on"
    if last ~= nil and (from == nil or last > from) then from, fromptr = last, "/history/last_surveillance_on" end
  end
  if from == nil then
    return K.insufficient(msg("未说明认证决定或上次监督日期", "date of the decision or last surveillance not stated", { fromptr }))
  end
  local on, onptr = surveillance_on(c, f)
  if on == nil then
    return K.insufficient(msg("未说明本次监督日期", "surveillance date not stated", { "/assessment/onsite/date" }))
  end
  local limit = dates.add_months(from, P.surveillance_max_months)
  local metrics = { surveillance_due = dates.format(limit) }
  if on > limit then
    return K.fail(msg(
      format("本次监督 %s 距 %s 超过 %d 个月（最迟 %s，含当日；参数 surveillance_max_months）", dates.format(on), dates.format(from), P.surveillance_max_months, dates.format(limit)),
      format("surveillance on %s is more than %d months after %s (due by %s, that day included; parameter surveillance_max_months)", dates.format(on), P.surveillance_max_months, dates.format(from), dates.format(limit)),
      { onptr, fromptr }, { from = dates.format(from), on = dates.format(on), due = dates.format(limit) }, { metrics = metrics }))
  end
  return K.pass({ values = { months = P.surveillance_max_months }, metrics = metrics })
end

-- 6.2.1 / 8.2.2: the must-check clauses of the assurance-capability annex
-- P.surveillance_required_clauses
local function clause_key(x)
  local s = tostring(x)
  s = s:gsub("^[Aa]%.?%s*", "")
  return s
end
function M.surveillance_clauses(K, c, f, o)
  local P = K.P
  local a = c.assessment
  local checked = a and a.onsite and a.onsite.clauses_checked
  if checked == nil then
    return K.insufficient(msg("未记录监督检查的条款", "clauses checked not recorded", { "/assessment/onsite/clauses_checked" }))
  end
  local set = {}
  for i = 1, #checked do set[clause_key(checked[i])] = true end
  local req, missing = P.surveillance_required_clauses, nil
  for i = 1, #req do
    if not set[req[i]] then missing = missing or {}; missing[#missing + 1] = req[i] end
  end
  if missing then
    return K.fail(msg("监督未检查必查条款：" .. list_text(missing), "must-check clauses not checked: " .. list_text(missing),
      { "/assessment/onsite/clauses_checked" }, { missing = missing }))
  end
  return K.pass()
end

-- 6.2.3 / 8.2.4: not above the initial verification result → else suspend.
-- Compared on the recomputed value rounded (GB/T 8170) to the decimals of the
-- initial result as stated, in its unit (tCO2e/t or kgCO2e/t).
local SCALE = { ["tCO2e/t"] = 1, ["kgCO2e/t"] = 1000 }
local function decimals_of(x)
  local s = num.decimal_string(x)
  local dot = s:find(".", 1, true)
  return dot and (#s - dot) or 0
end
M.decimals_of = decimals_of

function M.not_above_initial(K, c, f, o)
  local h = c.history
  local ir = h and h.initial_result
  if ir == nil or type(ir.value) ~= "number" then
    return K.insufficient(msg("未说明初次核查结果", "initial verification result not stated", { "/history/initial_result" }))
  end
  local scale = SCALE[ir.unit or "tCO2e/t"]
  if scale == nil then
    return K.insufficient(msg("初次核查结果的单位无法识别：" .. tostring(ir.unit), "unit of the initial result not recognised: " .. tostring(ir.unit),
      { "/history/initial_result/unit" }))
  end
  local fp = f.fp
  if fp == nil or fp.per_unit == nil then
    return K.insufficient(msg("本次碳足迹无法复算", "this round's footprint cannot be recomputed", { "/footprint" }))
  end
  local init = ir.value / scale
  local now = num.round(fp.per_unit * scale, decimals_of(ir.value)) / scale
  local metrics = { initial_result_tco2e_per_t = init }
  if now > init then
    return K.fail(msg(
      format("本次复算碳足迹 %s tCO2e/t 高于初次核查结果 %s", fmt(now), fmt(init)),
      format("recomputed footprint %s tCO2e/t is above the initial verification result %s", fmt(now), fmt(init)),
      { "/history/initial_result/value", "/footprint/inventory" }, { recomputed = now, initial = init },
      { metrics = metrics }))
  end
  return K.pass({ values = { recomputed = now, initial = init }, metrics = metrics })
end

-- 6.2.4 / 8.2.5: reduction plan progress assessed
function M.reduction_progress(K, c, f, o)
  local h = c.history
  local rp = h and h.reduction_plan_progress
  if rp == nil then
    return K.fail(msg("未对上一年度降碳计划、措施的实施进度与成效进行评估", "progress of last year's reduction plan not assessed",
      { "/history/reduction_plan_progress" }))
  end
  if rp.targets_met == false then
    return K.pass({ zh = "已评估降碳计划；目标未完成，应跟踪企业优化、改进降碳计划",
                    en = "reduction plan assessed; targets not met: the plan's improvement is to be followed up",
                    values = { targets_met = false } })
  end
  return K.pass({ values = { targets_met = rp.targets_met } })
end

-- 6.2.5 / 8.2.6: previous NCs closed and their correction verified
local function nc_open(nc)
  return nc.closed_on == nil or nc.verified_by == nil
end
function M.previous_ncs(K, c, f, o)
  local a = c.assessment
  local ncs = a and a.nonconformities
  if ncs == nil then return K.pass({ values = { previous = 0 } }) end
  local on = surveillance_on(c, f)
  local open, n = nil, 0
  for i = 1, #ncs do
    local nc = ncs[i]
    local raised = parse_day(nc.raised_on)
    local previous = nc.source ~= "surveillance" and (raised == nil or on == nil or raised < on)
    if previous and nc.severity ~= "observation" then
      n = n + 1
      if nc_open(nc) then open = open or {}; open[#open + 1] = "/assessment/nonconformities/" .. (i - 1) end
    end
  end
  if open then
    return K.fail(msg("上一次认证的不符合项未关闭或整改有效性未验证（" .. #open .. " 项）",
      "previous nonconformities not closed or their correction not verified (" .. #open .. ")", open))
  end
  return K.pass({ values = { previous = n } })
end

-- ---------------------------------------------------------------------------
-- Annex 1 / 7.1.3(8): product information table
function M.product_info(K, c, f, o)
  local missing
  local function need(v, ptr) if v == nil or v == "" then missing = missing or {}; missing[#missing + 1] = ptr end end
  local fpp = f.parties or {}
  local ent = fpp.factory or fpp.producer or fpp.applicant
  local entptr = (fpp.ptr and (fpp.ptr.factory or fpp.ptr.producer or fpp.ptr.applicant)) or "/parties/factory"
  need(ent and ent.name, entptr .. "/name")
  need(ent and ent.province, entptr .. "/province")
  local fp = c.footprint
  need(fp and fp.period and fp.period.start, "/footprint/period/start")
  need(fp and fp.period and fp.period["end"], "/footprint/period/end")
  need(fp and fp.output and fp.output.value, "/footprint/output/value")
  local p = c.product
  need(p and p.name, "/product/name")
  need(p and p.standard, "/product/standard")
  if not doc_ok(c, "product_info_and_material_list") then
    missing = missing or {}; missing[#missing + 1] = "/documents/product_info_and_material_list"
  end
  if missing then
    return K.fail(msg("产品基本信息表缺少：" .. list_text(missing), "product information table lacks: " .. list_text(missing), missing))
  end
  return K.pass()
end

-- Annex 2 / 7.1.3(9): data collection list columns
-- the kinds whose lines carry the collection columns (material, energy, waste;
-- written out in the loop below)
function M.data_collection(K, c, f, o)
  local lines = fp_lines(f)
  local n = lines and #lines or 0
  if n == 0 then return no_lines(K) end
  local bad, pending, moved
  local function miss(L, what)
    bad = bad or {}
    bad[#bad + 1] = { ptr = L.ptr .. "/" .. what, id = L.line.id, what = what }
  end
  for i = 1, n do
    local L = lines[i]
    local ln = L.line
    local k = ln.kind
    if k == "transport" then
      local t = ln.transport
      local mode, dist
      if t then mode, dist = t.mode, t.distance_km end
      if mode == nil then miss(L, "transport/mode") end
      if dist == nil then miss(L, "transport/distance_km") end
      if mode ~= nil and dist ~= nil then
        local flow = ln.flow
        if flow ~= nil then moved = moved or {}; moved[flow] = true end
      end
    elseif k == "material" or k == "energy" or k == "waste" then
      if ln.amount == nil then miss(L, "amount") end
      if ln.unit == nil then miss(L, "unit") end
      local v = ln.department
      if v == nil or v == "" then miss(L, "department") end
      if ln.acquisition == nil then miss(L, "acquisition") end
      v = ln.evidence
      if v == nil or v == "" then miss(L, "evidence") end
      if k == "material" then
        v = ln.supplier_city
        if v == nil or v == "" then miss(L, "supplier_city") end
        local t = ln.transport
        if t == nil or t.mode == nil or t.distance_km == nil then pending = pending or {}; pending[#pending + 1] = L end
      elseif k == "waste" then
        v = ln.treatment
        if v == nil or v == "" then miss(L, "treatment") end
      end
    end
  end
  -- purchased materials: mode and distance on the line or on a transport line of the same flow
  if pending then
    for i = 1, #pending do
      local L = pending[i]
      if not (moved and moved[L.line.flow]) then miss(L, "transport") end
    end
  end
  if bad then
    local ev, items = {}, {}
    for i = 1, #bad do ev[i] = bad[i].ptr; items[i] = tostring(bad[i].id) .. ":" .. bad[i].what end
    return K.fail(msg("数据收集清单缺少栏目：" .. list_text(items), "data collection list lacks columns: " .. list_text(items), ev,
      { missing = items }))
  end
  return K.pass()
end

-- a document provided (Annex 3 reduction plan)
function M.document(K, c, f, o)
  if not doc_ok(c, o.key) then
    return K.fail(msg("未提供" .. o.zh, o.en .. " not provided", { "/documents/" .. o.key }))
  end
  return K.pass()
end

-- ---------------------------------------------------------------------------
-- metrics of the result that no rule of the stage computes: the minimum
-- person-days and the certificate expiry. The footprint, contribution,
-- cut-off and data-quality metrics come from the rules recompute, cut-off and
-- data-quality, which run at every stage (kept out of here so nothing is
-- computed twice).
function M.metrics(K, c, f)
  local on = M.site_min_days(K, f)
  local units = f.unit_count
  local cert = c.certificate
  local valid_until = cert and cert.valid_until
  return { onsite_min_days = on, verification_min_days = on,
           doc_review_min_days = (units and units > 0) and K.P.doc_review_days_one_unit or nil,
           certificate_valid_until = valid_until or nil }
end

-- The decision both packs make (requirements.md "From findings to a
-- verdict"): lib.verdict.standard with the pack's options and words; an
-- application that passes cites the document-review conclusion; the result
-- metrics add the names `cfpcheck compare` lines up across schemes.
local MAN_DAYS_FROM = { "doc_review_min_days", "onsite_min_days", "verification_min_days", "surveillance_min_days" }
function M.decide(K, R, opts, validity_months)
  local d = lib.verdict.standard(R, opts)
  if #d.decided_by == 0 and R.by_rule["doc-review-conclusion"] then
    d.decided_by = { R.by_rule["doc-review-conclusion"].rule }
  end
  local m = M.metrics(K, R.case, R.facts)
  local common = lib.verdict.scheme_metrics(R, {
    validity_months = validity_months, surveillance_max_months = K.P.surveillance_max_months,
    man_days_from = MAN_DAYS_FROM })
  for k, v in pairs(common) do m[k] = v end
  d.metrics = m
  return d
end

return M

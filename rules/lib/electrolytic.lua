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
-- functions called on every case, kept as locals: the library's tables are
-- read-only proxies once the packs load, and a function in a local is reached
-- without a look-up through them
local cutoff_totals = lib.cutoff.totals
local footprint_judge = lib.footprint.judge

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

local function line_ids_owned(owned)
  local ids = {}
  for i = 1, #owned do ids[i] = line_id(owned[i].L) end
  return ids
end

local function line_ids(lines)
  local ids = {}
  for i = 1, #lines do ids[i] = line_id(lines[i]) end
  return ids
end

M.day = parse_day
M.doc_ok = doc_ok

-- The first issue of a certificate (WPRZ Annex C 1.2, 11.2: on re-issue, 换证,
-- the number's year, the sequence number and the validity stay those of the
-- first issue, and the re-issue date is noted). -> day, pointer, or nil when a
-- re-issue is stated and the first issue date cannot be told apart from it.
function M.first_issue(cert)
  local first = parse_day(cert.first_issued_on)
  if first ~= nil then return first, "/certificate/first_issued_on", cert.first_issued_on end
  local iss = parse_day(cert.issued_on)
  local re = parse_day(cert.reissued_on)
  if re ~= nil and (iss == nil or iss >= re) then return nil, "/certificate/first_issued_on" end
  return iss, "/certificate/issued_on", cert.issued_on
end

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
-- o.names: key → { item = "(1)", zh = the document's own name, en = English }
-- (the pack's numbering and words; a key without a name is shown as is).
local function doc_label(o, key, lang)
  local n = o and o.names and o.names[key]
  if n == nil then return key end
  if lang == "zh" then return n.item .. " " .. n.zh end
  return n.item .. " " .. n.en
end
M.doc_label = doc_label

-- the sites of the units (for documents to be given per site)
local function unit_sites(c)
  local seen, list = {}, {}
  local units = c.units
  if units == nil then return list end
  for i = 1, #units do
    local u = units[i]
    local ss = u.sites or (u.site and { u.site }) or {}
    for j = 1, #ss do
      local sid = ss[j]
      if sid ~= nil and not seen[sid] then seen[sid] = true; list[#list + 1] = sid end
    end
  end
  return list
end

-- why a required document does not count: nil (it counts) or { zh, en, ptr }.
-- P.docs_per_site (CNCA 5.1(7) 涉及多地址生产的应分别提供): with units at several
-- sites the document's `sites` must list each; P.docs_cma_issuer (CNCA 5.1(12)
-- 由具备 CMA 资质的检测机构出具): `issuer_cma` must be true.
-- `ctx` (doc_context, optional): the two parameters' lists as sets and the
-- units' sites, made once for a rule that asks about many documents.
-- (ctx.docs: the case's documents table, read once for all the rule's documents)
local function doc_context(K, c)
  local P = K.P
  local per_site, cma = {}, {}
  local list = P.docs_per_site
  if list then for i = 1, #list do per_site[list[i]] = true end end
  list = P.docs_cma_issuer
  if list then for i = 1, #list do cma[list[i]] = true end end
  return { per_site = per_site, cma = cma, docs = c.documents }
end
local function doc_problem(K, c, key, ctx)
  local docs
  if ctx then docs = ctx.docs else docs = c.documents end
  local d = docs and docs[key]
  if d == nil or d.provided ~= true then
    return { zh = "未提供", en = "not provided", ptr = "/documents/" .. key }
  end
  if d.valid == false then
    return { zh = "无效", en = "not valid", ptr = "/documents/" .. key .. "/valid" }
  end
  local per_site
  if ctx then per_site = ctx.per_site[key]   -- (empty without the parameter)
  else per_site = K.P.docs_per_site and util.contains(K.P.docs_per_site, key) end
  if per_site then
    local sites = ctx and ctx.sites
    if sites == nil then
      sites = unit_sites(c)
      if ctx then ctx.sites = sites end
    end
    if #sites > 1 then
      local have = d.sites
      local missing
      for i = 1, #sites do
        if have == nil or not util.contains(have, sites[i]) then missing = missing or {}; missing[#missing + 1] = sites[i] end
      end
      if missing then
        return { zh = "涉及多地址生产，未按生产场所分别提供（缺 " .. list_text(missing) .. "；参数 docs_per_site）",
                 en = "several production sites, not given per site (missing " .. list_text(missing) .. "; parameter docs_per_site)",
                 ptr = "/documents/" .. key .. "/sites" }
      end
    end
  end
  local cma
  if ctx then cma = ctx.cma[key]
  else cma = K.P.docs_cma_issuer and util.contains(K.P.docs_cma_issuer, key) end
  if cma and d.issuer_cma ~= true then
    -- not shown to be CMA-issued: the message names the issuer when stated
    local issuer = d.issuer
    local named = type(issuer) == "string" and issuer ~= ""
    local by_zh = named and ("（出具机构：" .. issuer .. "）") or ""
    local by_en = named and (" (issued by " .. issuer .. ")") or ""
    if d.issuer_cma == false then
      return { zh = "不是由具备 CMA 资质的检测机构出具" .. by_zh .. "（参数 docs_cma_issuer）", en = "not issued by a CMA-qualified testing body" .. by_en .. " (parameter docs_cma_issuer)",
               ptr = "/documents/" .. key .. "/issuer_cma" }
    else
      return { zh = "未说明是否由具备 CMA 资质的检测机构出具" .. by_zh .. "（参数 docs_cma_issuer）", en = "not shown to be issued by a CMA-qualified testing body" .. by_en .. " (parameter docs_cma_issuer)",
               ptr = "/documents/" .. key .. "/issuer_cma" }
    end
  end
  return nil
end

local function docs_fail(K, o, keys, probs, head_zh, head_en, extra)
  local zh, en, ev = {}, {}, {}
  for i = 1, #keys do
    local pr = probs[i]
    zh[i] = doc_label(o, keys[i], "zh") .. "（" .. pr.zh .. "）"
    en[i] = doc_label(o, keys[i], "en") .. " (" .. pr.en .. ")"
    ev[i] = pr.ptr
  end
  local v = { missing = keys }
  if extra then for k, x in pairs(extra) do v[k] = x end end
  return K.fail(msg(head_zh .. concat(zh, "；"), head_en .. concat(en, "; "), ev, v))
end

function M.docs_required(K, c, f, o)
  local keys = K.P.docs_required
  local missing, probs
  local ctx = doc_context(K, c)
  for i = 1, #keys do
    local pr = doc_problem(K, c, keys[i], ctx)
    if pr then
      missing = missing or {}; probs = probs or {}
      missing[#missing + 1] = keys[i]; probs[#probs + 1] = pr
    end
  end
  if missing then
    return docs_fail(K, o, missing, probs, "缺少或不符合要求的认证委托文件：", "documents missing or not as required: ")
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
  local missing, probs
  local ctx = doc_context(K, c)
  for i = 1, #need do
    local pr = doc_problem(K, c, need[i], ctx)
    if pr then
      missing = missing or {}; probs = probs or {}
      missing[#missing + 1] = need[i]; probs[#probs + 1] = pr
    end
  end
  if missing then
    return docs_fail(K, o, missing, probs, "缺少适用的文件：", "applicable documents missing: ", { required = need })
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
  if d then return d, "/eligibility/application_dates/applied_on", true end
  return f.as_of, "/as_of", false
end
local APPLIED_PTR = "/eligibility/application_dates/applied_on"

-- A window "within one year before the application" needs the application
-- date: without it, any listed event on or before as_of may fall inside
-- (the application is on or before as_of, but how long before is unknown).
local function window_unknown(list, stated)
  return not stated and list ~= nil and #list > 0
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

-- Revocations that bar an application (CNCA Annex 4 (7) 一年内未被撤销产品碳足迹
-- 标识认证证书: any product; WPRZ 7.1.2 (7), 11.5.3 一年内未被撤销电解铝的碳足迹产品
-- 认证证书: with P.revocation_bar_electrolytic_only, only certificates of
-- electrolytic aluminium: the entry's `electrolytic_aluminium`, else its
-- `scheme` being one of the two electrolytic-aluminium schemes).
-- -> hits (pointers of entries inside the window that count), unknown
-- (pointers inside the window whose product is not stated), or nil, nil.
local EA_SCHEMES = { ["CNCA-CFP-15"] = true, ["WPRZ-CFP-01"] = true }
local REV_BASE = "/eligibility/certificate_revocations"
local function revocation_hits(K, list, ref)
  local only_ea = K.P.revocation_bar_electrolytic_only
  local hits, unknown, labels
  for i = 1, #list do
    local r = list[i]
    local d = parse_day(r.date)
    local ptr = REV_BASE .. "/" .. (i - 1)
    if d == nil then
      unknown = unknown or {}; unknown[#unknown + 1] = ptr .. "/date"
    elseif dates.within_months_before(d, ref, K.P.bar_window_months) then
      local counts = true
      if only_ea then
        counts = r.electrolytic_aluminium
        if counts == nil and r.scheme ~= nil and EA_SCHEMES[r.scheme] then counts = true end
      end
      if counts == true then
        hits = hits or {}; hits[#hits + 1] = ptr
        labels = labels or {}
        labels[#labels + 1] = tostring(r.product or r.scheme or "?") .. "（" .. tostring(r.body or "?") .. "，" .. r.date .. "）"
      elseif counts == nil then unknown = unknown or {}; unknown[#unknown + 1] = ptr .. "/electrolytic_aluminium" end
    end
  end
  return hits, unknown, labels
end

-- -> hits, unknown (list of pointers, or true when the list or the date is not stated), labels
function M.revocations_within(K, c, f)
  local e = c.eligibility
  local ref, _, stated = applied_on(c, f)
  if e == nil or ref == nil then return nil, true end
  if e.certificate_revocations == nil then return nil, true end
  if window_unknown(e.certificate_revocations, stated) then return nil, { APPLIED_PTR } end
  local hits, unknown, labels = revocation_hits(K, e.certificate_revocations, ref)
  return hits, unknown or false, labels
end

local function revocation_reading(K)
  if K.P.revocation_bar_electrolytic_only then
    return "仅计电解铝的碳足迹产品认证证书，参数 revocation_bar_electrolytic_only",
           "only electrolytic-aluminium carbon-footprint certificates count; parameter revocation_bar_electrolytic_only"
  end
  return "任何产品的产品碳足迹标识认证证书均计，参数 revocation_bar_electrolytic_only",
         "a carbon-footprint label certificate of any product counts; parameter revocation_bar_electrolytic_only"
end
M.revocation_reading = revocation_reading

function M.eligibility(K, c, f, o)
  local P = K.P
  local e = c.eligibility
  if e == nil then
    return K.insufficient(msg("未说明认证委托条件", "eligibility facts not stated", { "/eligibility" }))
  end
  local ref, refptr, stated = applied_on(c, f)
  local fails_zh, fails_en, ev, unknown
  local function bad(ptr, z, en)
    fails_zh = fails_zh or {}; fails_en = fails_en or {}; ev = ev or {}
    fails_zh[#fails_zh + 1] = z; fails_en[#fails_en + 1] = en; ev[#ev + 1] = ptr
  end
  local function unk(ptr)
    unknown = unknown or {}
    for i = 1, #unknown do if unknown[i] == ptr then return end end
    unknown[#unknown + 1] = ptr
  end
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
    -- short even at as_of (the application is on or before it): established
    bad("/eligibility/management_system_since",
      "(3) 保证能力管理制度运行不满 " .. P.mgmt_min_months .. " 个月（自 " .. e.management_system_since .. "；“运行满三个月”读作满 " .. P.mgmt_min_months .. " 个日历月，参数 mgmt_min_months）",
      "(3) management system in operation for less than " .. P.mgmt_min_months .. " months (since " .. e.management_system_since .. "; 运行满三个月 read as " .. P.mgmt_min_months .. " full calendar months, parameter mgmt_min_months)")
  end
  if since ~= nil and ref ~= nil and not stated and dates.months_at_least(since, ref, P.mgmt_min_months) then
    unk(APPLIED_PTR)   -- long enough by as_of; by the application date, unknown
  end
  flag("representative_data", true, "(3) 没有代表性时间段的数据", "(3) no data for a representative period")
  flag("suspension_ordered", false, "(4) 被责令停业整顿", "(4) ordered to suspend business for rectification")
  flag("dishonesty_listed", false, "(5) 被列入严重违法失信名单", "(5) on a serious-dishonesty list")
  if window_unknown(e.serious_violations, stated) then unk(APPLIED_PTR)
  elseif ref ~= nil and e.serious_violations ~= nil then
    local hits = within_window(e.serious_violations, ref, P.bar_window_months, "/eligibility/serious_violations")
    if hits then
      for i = 1, #hits do bad(hits[i], "(6) 一年内发生严重违法行为（申请日前 " .. P.bar_window_months .. " 个月内，含当日，参数 bar_window_months）", "(6) serious violation of law within one year (the " .. P.bar_window_months .. " months before the application, inclusive; parameter bar_window_months)") end
    end
  elseif e.serious_violations == nil then unk("/eligibility/serious_violations") end
  -- (7): judged here, or by the pack's own revocation-bar rule (o.revocation_rule:
  -- one defect, one nonconformity)
  local rev_rule = o.revocation_rule
  if rev_rule == nil then
    if window_unknown(e.certificate_revocations, stated) then unk(APPLIED_PTR)
    elseif ref ~= nil and e.certificate_revocations ~= nil then
      local hits, unknown7 = revocation_hits(K, e.certificate_revocations, ref)
      local rz, re = revocation_reading(K)
      if hits then
        for i = 1, #hits do bad(hits[i], "(7) 一年内被撤销" .. (o.cert_zh or "产品碳足迹认证证书") .. "（申请日前 " .. P.bar_window_months .. " 个月内，含当日，参数 bar_window_months；" .. rz .. "）", "(7) a carbon-footprint certificate revoked within one year (the " .. P.bar_window_months .. " months before the application, inclusive; parameter bar_window_months; " .. re .. ")") end
      end
      if unknown7 then for i = 1, #unknown7 do unk(unknown7[i]) end end
    elseif e.certificate_revocations == nil then unk("/eligibility/certificate_revocations") end
  end
  flag("truthful_declaration", true, "(8) 未承诺如实提供文件和资料", "(8) no truthfulness commitment")
  local see_zh = rev_rule and ("；(7) 由 " .. rev_rule .. " 判定") or ""
  local see_en = rev_rule and ("; (7) is judged by " .. rev_rule) or ""
  if fails_zh then
    return K.fail(msg("不符合认证委托条件：" .. concat(fails_zh, "；") .. see_zh,
      "application conditions not met: " .. concat(fails_en, "; ") .. see_en, ev, nil))
  end
  if unknown then
    return K.insufficient(msg("以下委托条件未说明：" .. list_text(unknown) .. see_zh,
      "conditions not stated: " .. list_text(unknown) .. see_en, unknown))
  end
  if rev_rule then return K.pass({ values = { item7_judged_by = rev_rule } }) end
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
local USCC_ZH = "统一社会信用代码"
local ROLE_ZH = { applicant = "认证委托人", producer = "生产者（制造商）", factory = "生产企业" }
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
      local why = bad[i].zh
      if why:sub(1, #USCC_ZH) ~= USCC_ZH then why = USCC_ZH .. why end
      zh[i] = (ROLE_ZH[bad[i].role] or bad[i].role) .. why
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
  local enough = dates.months_at_least(since, ref, P.mgmt_min_months)
  if not enough and o.owner and stage_group(c, f) == "app" then
    -- one defect, one nonconformity: at the application the refusal (o.owner,
    -- the eligibility rule) carries it
    return K.info(msg("管理制度自 " .. e.management_system_since .. " 运行，至申请日 " .. dates.format(ref) .. " 不满 " .. P.mgmt_min_months .. " 个月：由 " .. o.owner .. " 判定（一项缺陷只计一个不符合项）",
      "management system in operation since " .. e.management_system_since .. ", less than " .. P.mgmt_min_months .. " months by " .. dates.format(ref) .. ": judged by " .. o.owner .. " (one defect, one nonconformity)",
      { "/eligibility/management_system_since" }, { see = o.owner }))
  end
  if not enough then
    -- after the application stage: the application should not have been
    -- accepted (5.2(1) / 7.1.2(3)): the certificate is withheld
    return K.fail(msg(
      "管理制度自 " .. e.management_system_since .. " 运行，至申请日 " .. dates.format(ref) .. " 不满 " .. P.mgmt_min_months .. " 个月（\"运行满三个月\" 读作满 " .. P.mgmt_min_months .. " 个日历月，参数 mgmt_min_months）",
      "management system in operation since " .. e.management_system_since .. ": less than " .. P.mgmt_min_months .. " calendar months by the application date " .. dates.format(ref) .. " (reading of 运行满三个月, parameter mgmt_min_months)",
      { "/eligibility/management_system_since" }, { since = e.management_system_since, applied_on = dates.format(ref) },
      { effect = "refuse", severity = "serious" }))
  end
  return K.pass({ values = { since = e.management_system_since } })
end

-- ---------------------------------------------------------------------------
-- 5.3.3(2) / 7.5.3(2): 文件内容与相关数据的状态应为有效，如数据收集清单中的相关数据
-- 应合理且在数据统计周期范围内. The study's data period (footprint.period, the
-- 数据统计周期 of Annex 1) is a real period that has ended by the application
-- date, and it is not stale: it ended at most P.data_period_max_age_months
-- before the application date.
function M.data_period(K, c, f, o)
  local P = K.P
  local fpc = c.footprint
  local per = fpc and fpc.period
  -- the two dates read from the case once, for the test and the messages
  local pstart, pend
  if per then pstart, pend = per.start, per["end"] end
  local s_, e_ = parse_day(pstart), parse_day(pend)
  if s_ == nil or e_ == nil then
    return K.insufficient(msg("未说明数据统计周期", "data period not stated", { "/footprint/period" }))
  end
  local ref, refptr = applied_on(c, f)
  if ref == nil then
    return K.insufficient(msg("未说明申请日期", "application date not stated", { "/eligibility/application_dates/applied_on" }))
  end
  local oldest = dates.add_months(ref, -P.data_period_max_age_months)
  local m = { data_period_end = pend, data_period_oldest_end = dates.format(oldest) }
  if s_ > e_ then
    return K.fail(msg("数据统计周期起始 " .. pstart .. " 晚于截止 " .. pend, "data period starts (" .. pstart .. ") after it ends (" .. pend .. ")",
      { "/footprint/period" }, m))
  end
  if e_ > ref then
    return K.fail(msg("数据统计周期截止于 " .. pend .. "，晚于申请日 " .. dates.format(ref) .. "：数据不可能已在统计周期内收集完毕",
      "data period ends on " .. pend .. ", after the application date " .. dates.format(ref) .. ": the data cannot all have been collected",
      { "/footprint/period/end", refptr }, m))
  end
  if e_ < oldest then
    return K.fail(msg(format("数据统计周期截止于 %s，早于申请日 %s 前 %d 个月（%s）：数据已不在有效的统计周期内（参数 data_period_max_age_months）",
        pend, dates.format(ref), P.data_period_max_age_months, dates.format(oldest)),
      format("data period ended on %s, more than %d months before the application date %s (%s): the data are stale (parameter data_period_max_age_months)",
        pend, P.data_period_max_age_months, dates.format(ref), dates.format(oldest)),
      { "/footprint/period/end", refptr }, m))
  end
  return K.pass({ values = m })
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
  local by_site, base, extra = f.units_by_site, P.site_base_days, P.site_extra_unit_days
  for i = 1, #keys do
    local u = by_site[keys[i]]
    total = total + base + extra * (u - 1)
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
-- sites covered (CNCA 5.4.1 / WPRZ 7.6.2 企业保证能力检查应覆盖所有认证单元涉及的
-- 生产场所; WPRZ 7.7.1.2 核查应覆盖 … 所有 … 生产场所): every site of a unit
-- (units[].site, units[].sites) is in the list at o.field ("onsite" →
-- assessment.onsite.sites_covered, "verification" → assessment.verification.sampled_sites)
local SITE_FIELD = { onsite = { "onsite", "sites_covered" }, verification = { "verification", "sampled_sites" } }
local function unit_sites(c)
  local out, seen = {}, {}
  local units = c.units
  if units == nil then return out end
  for i = 1, #units do
    local u = units[i]
    if u.site ~= nil and not seen[u.site] then seen[u.site] = true; out[#out + 1] = u.site end
    local ss = u.sites
    if ss then for j = 1, #ss do if not seen[ss[j]] then seen[ss[j]] = true; out[#out + 1] = ss[j] end end end
  end
  return out
end
function M.sites_covered(K, c, f, o)
  local fld = SITE_FIELD[o.field]
  local ptr = "/assessment/" .. fld[1] .. "/" .. fld[2]
  local sites = unit_sites(c)
  if #sites == 0 then
    return K.insufficient(msg("未说明认证单元的生产场所（units[].site）", "the production sites of the units are not stated (units[].site)", { "/units" }))
  end
  local a = c.assessment
  local part = a and a[fld[1]]
  local covered = part and part[fld[2]]
  if covered == nil then
    return K.insufficient(msg("未记录" .. o.zh .. "覆盖的生产场所", "the production sites covered by the " .. o.en .. " are not recorded", { ptr }))
  end
  local set = {}
  for i = 1, #covered do set[covered[i]] = true end
  local missing
  for i = 1, #sites do if not set[sites[i]] then missing = missing or {}; missing[#missing + 1] = tostring(sites[i]) end end
  if missing then
    return K.fail(msg(o.zh .. "未覆盖生产场所：" .. list_text(missing), "the " .. o.en .. " did not cover production sites: " .. list_text(missing),
      { ptr }, { missing = missing }))
  end
  return K.pass({ values = { sites = #sites } })
end

-- verification on site (CNCA 5.5.3 现场核查; WPRZ 7.7.1.2 无特殊情况，电解铝碳足迹核查应在现场进行)
function M.verification_onsite(K, c, f, o)
  local a = c.assessment
  local v = a and a.verification
  local on = v and v.onsite
  if on == nil then
    return K.insufficient(msg("未说明碳足迹核查是否在现场进行", "whether the verification took place on site is not stated", { "/assessment/verification/onsite" }))
  end
  if on ~= true then
    return K.fail(msg("碳足迹核查未在现场进行", "the footprint verification did not take place on site", { "/assessment/verification/onsite" }))
  end
  return K.pass()
end

-- the standards the footprint was quantified to (CNCA 5.5 / WPRZ 7.7.1.1: 依据
-- GB/T 24067-2024 与 GB/T 44905-2024): footprint.standards names both (a study
-- made to ISO 14067 only does not meet the certification basis); the year is
-- not required in the stated name
local BASIS = { { key = "24067", name = "GB/T 24067" }, { key = "44905", name = "GB/T 44905" } }
function M.standards(K, c, f, o)
  local fp = c.footprint
  local st = fp and fp.standards
  if st == nil then
    return K.insufficient(msg("未说明碳足迹量化依据的标准（footprint.standards）", "the standards of the footprint study are not stated (footprint.standards)", { "/footprint/standards" }))
  end
  local missing
  for i = 1, #BASIS do
    local found = false
    for j = 1, #st do
      local s = tostring(st[j])
      if s:find("GB/T", 1, true) and s:find(BASIS[i].key, 1, true) then found = true; break end
    end
    if not found then missing = missing or {}; missing[#missing + 1] = BASIS[i].name end
  end
  if missing then
    return K.fail(msg("碳足迹量化未依据认证依据标准：缺少 " .. list_text(missing) .. "（所列：" .. list_text(st) .. "）",
      "the footprint study does not follow the certification basis: " .. list_text(missing) .. " missing (stated: " .. list_text(st) .. ")",
      { "/footprint/standards" }, { missing = missing }))
  end
  return K.pass()
end

-- team members without a conflict of interest (WPRZ 6.3 不得发生影响认证公正性的行为)
function M.team_impartial(K, c, f, o)
  local a = c.assessment
  local team = a and a.team
  if team == nil then
    return K.insufficient(msg("未记录检查组成员", "the team is not recorded", { "/assessment/team" }))
  end
  local bad, unknown
  for i = 1, #team do
    local t = team[i]
    if t.conflict_of_interest == true then bad = bad or {}; bad[#bad + 1] = tostring(t.id or i)
    elseif t.conflict_of_interest == nil then unknown = unknown or {}; unknown[#unknown + 1] = "/assessment/team/" .. (i - 1) .. "/conflict_of_interest" end
  end
  if bad then
    return K.fail(msg("检查组成员与认证委托人存在利益冲突：" .. list_text(bad), "team members with a conflict of interest: " .. list_text(bad),
      { "/assessment/team" }, { conflicted = bad }))
  end
  if unknown then
    return K.insufficient(msg("未说明检查组成员是否存在利益冲突", "whether team members have a conflict of interest is not stated", unknown))
  end
  return K.pass()
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
local ASSURANCE_ZH = { reasonable = "合理保证", limited = "有限保证" }
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
    return K.fail(msg("核查保证等级为" .. (ASSURANCE_ZH[v] or tostring(v)) .. "，应为合理保证", "assurance level " .. tostring(v) .. "; reasonable assurance required",
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
local STAGE_ZH = { acquisition = "辅助材料和能源获取阶段", production = "电解铝产品生产阶段",
                   distribution = "分销阶段", use = "使用阶段", end_of_life = "生命末期阶段" }
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
    local mz = {}
    for i = 1, #missing do mz[i] = STAGE_ZH[missing[i]] or missing[i] end
    return K.fail(msg("系统边界缺少：" .. concat(mz, "、"),
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

-- line_arrays(lines) → Ls, lns: plain arrays of the line facts (Ls[i] =
-- lines[i]) and of their case lines (lns[i] = lines[i].line), for the checks
-- that walk every line. The facts and the case are read-only proxies: each
-- read of lines[i] or L.line goes through a metatable, and five checks of a
-- pack walk the same 30-odd lines. A pure function of `lines` (read-only, the
-- same table for every rule of a pack), remembered in a memo table, which the
-- engine empties before each pack; the arrays never leave this module (the
-- checks put the line facts themselves in their results).
local LINE_ARRAYS = memo_table()
local function line_arrays(lines)
  local memo = LINE_ARRAYS.t
  local a = memo[lines]
  if a then return a[1], a[2] end
  local Ls, lns = {}, {}
  for i = 1, #lines do
    local L = lines[i]
    Ls[i] = L; lns[i] = L.line
  end
  memo[lines] = { Ls, lns }
  return Ls, lns
end

local function no_lines(K)
  return K.insufficient(msg("未提供清单数据", "no inventory stated", { "/footprint/inventory" }))
end

-- (1)(3) every line of the four core processes is site-specific, and each
-- core process is in the inventory (requirements.md rule 3: the core
-- processes of the boundary are decisive facts; casting only for ingot, not
-- for liquid aluminium)
local CORE_ORDER = { "alumina_production", "anode_production", "electrolysis", "casting" }
local CORE_ZH = { alumina_production = "氧化铝生产", anode_production = "预焙阳极生产", electrolysis = "铝电解", casting = "铝液铸锭" }
function M.core_site_data(K, c, f, o)
  local fp = f.fp
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  -- fast path: the facts say per process whether every line is site-specific
  -- (docs/facts.md): by_process_site_specific has an entry, true or false,
  -- for exactly the processes of the inventory (process_keys), so a core
  -- process (CORE_ORDER, the facts' core_processes) without an entry is absent
  local bss = fp.by_process_site_specific
  local liquid = c.product and c.product.form == "liquid"
  local all, absent = true, nil
  for i = 1, #CORE_ORDER do
    local k = CORE_ORDER[i]
    local s = bss[k]
    if s == nil then
      if not (k == "casting" and liquid) then absent = absent or {}; absent[#absent + 1] = k end
    elseif s ~= true then
      all = false
    end
  end
  if absent then
    local z = {}
    for i = 1, #absent do z[i] = CORE_ZH[absent[i]] end
    return K.insufficient(msg("清单中缺少核心单元过程：" .. concat(z, "、") .. "，无法完整量化",
      "core unit processes absent from the inventory: " .. list_text(absent) .. "; the footprint cannot be complete",
      { "/footprint/inventory" }, { absent = absent }))
  end
  if all then return K.pass() end
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
  local Ls, lns = line_arrays(lines)
  for i = 1, #lns do
    local ln = lns[i]
    if ln.process == process and (stage == nil or ln.stage == stage) then
      n = n + 1
      if not PRIMARY[ln.data_type or ""] then badl = badl or {}; badl[#badl + 1] = Ls[i] end
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

-- secondary data only where the document allows it (CNCA 5.5.3.3, WPRZ 7.7.4.3):
-- energy (its extraction, supply and use, (2)(3)) anywhere; the listed
-- auxiliary productions (P.secondary_allowed_processes, P.secondary_allowed_flows);
-- any other non-core process when 确实无法收集初级数据 ((1)): the line states
-- primary_data_unavailable = true (P.secondary_unlisted_when_unavailable; the
-- factor's conservatism and source are judged by factor-priority).
-- One defect, one nonconformity: a secondary line in a core process, in bauxite
-- mining or in transport is the defect of core-site-data, bauxite-primary or
-- transport-primary; this rule names the line and points at that finding.
-- o.refs = { core =, bauxite_mining =, transport = }: the rule ids that own those lines.
function M.secondary_allowed(K, c, f, o)
  local P = K.P
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local procs, flows = P.secondary_allowed_processes, P.secondary_allowed_flows
  local unlisted_ok = P.secondary_unlisted_when_unavailable
  local badl, unknown, owned, n, justified = nil, nil, nil, 0, 0
  local sec = f.fp.secondary_lines   -- the lines with data_type "secondary", in order
  for i = 1, #sec do
    local L = sec[i]
    local ln = L.line
    n = n + 1
    local process = ln.process
    local owner
    if L.core then owner = "core"
    elseif process == "bauxite_mining" or process == "transport" then owner = process end
    if owner ~= nil then
      owned = owned or {}; owned[#owned + 1] = { L = L, owner = owner }
    elseif ln.kind == "energy" or util.contains(procs, process) or util.contains(flows, ln.flow) then
      -- allowed by (2)(3)
    elseif unlisted_ok then
      local u = ln.primary_data_unavailable
      if u == true then justified = justified + 1
      elseif u == nil then unknown = unknown or {}; unknown[#unknown + 1] = L
      else badl = badl or {}; badl[#badl + 1] = L end
    else
      badl = badl or {}; badl[#badl + 1] = L
    end
  end
  local refs = o.refs or {}
  local pz, pe, pev
  if owned then
    pz, pe, pev = {}, {}, {}
    for i = 1, #owned do
      local it = owned[i]
      local rid = refs[it.owner] or it.owner
      pz[i] = line_id(it.L) .. " 见 " .. rid
      pe[i] = line_id(it.L) .. " see " .. rid
      pev[i] = it.L.ptr .. "/data_type"
    end
  end
  local note_zh = pz and ("；另有次级数据行由所属规则判定（一项缺陷只计一个不符合项）：" .. concat(pz, "，")) or ""
  local note_en = pe and ("; further secondary lines are judged by the rules that own them (one defect, one nonconformity): " .. concat(pe, ", ")) or ""
  local reading_zh = unlisted_ok and "非核心单元过程确实无法收集初级数据的（行的 primary_data_unavailable 为 true）可用次级数据，参数 secondary_unlisted_when_unavailable"
                                  or "只有所列过程可用次级数据，参数 secondary_unlisted_when_unavailable = false"
  local reading_en = unlisted_ok and "a non-core process whose primary data truly cannot be collected (primary_data_unavailable true on the line) may use secondary data; parameter secondary_unlisted_when_unavailable"
                                  or "only the listed processes may use secondary data; parameter secondary_unlisted_when_unavailable = false"
  if badl then
    local ev = line_ptrs(badl, "/data_type")
    return K.fail(msg("以下行使用次级数据，但既不属于可收集次级数据的过程，也未说明确实无法收集初级数据：" .. list_text(line_ids(badl)) .. "（" .. reading_zh .. "）" .. note_zh,
      "secondary data on lines that are neither in a process that may use secondary data nor shown to lack primary data: " .. list_text(line_ids(badl)) .. " (" .. reading_en .. ")" .. note_en,
      ev, { lines = line_ids(badl) }))
  end
  if unknown then
    return K.insufficient(msg("以下非核心单元过程的行使用次级数据，未说明是否确实无法收集初级数据：" .. list_text(line_ids(unknown)) .. "（" .. reading_zh .. "）" .. note_zh,
      "secondary data on non-core lines that do not state whether primary data could be collected: " .. list_text(line_ids(unknown)) .. " (" .. reading_en .. ")" .. note_en,
      line_ptrs(unknown, "/primary_data_unavailable"), { lines = line_ids(unknown) }))
  end
  if owned then
    return K.info(msg("次级数据行由所属规则判定，本条不另计不符合项（一项缺陷只计一个不符合项）：" .. concat(pz, "，"),
      "the secondary lines are judged by the rules that own them, no second nonconformity here (one defect, one nonconformity): " .. concat(pe, ", "), pev,
      { secondary_lines = n, see = line_ids_owned(owned) }))
  end
  return K.pass({ values = { secondary_lines = n, justified_unlisted = justified } })
end

-- 5.5.3.4(2) / 7.7.4.4(2): factor priority (P.factor_top_rank); the kinds in
-- the words of 5.5.3.4(2) b) / 7.7.4.4(2)
local SOURCE_ZH = { national = "国家公布的或相关主管部门推荐的碳足迹因子", regional = "地方主管部门推荐因子",
  verified_report = "经第三方机构验证的报告", supplier = "供应商提供的数据", commercial_db = "商业数据库",
  literature = "文献/调研报告/行业统计数据", foreign = "国外同类技术数据", international = "国外同类技术数据" }
function M.factor_priority(K, c, f, o)
  local P = K.P
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local bad, unknown
  local top = P.factor_top_rank
  local Ls = line_arrays(lines)
  for i = 1, #Ls do
    local L = Ls[i]
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
    local zh, en, ev, ranks = {}, {}, {}, {}
    for i = 1, #bad do
      local L, r = bad[i], bad[i].rank
      local z, e = {}, {}
      if not r.conservative then z[#z + 1] = "未说明保守性"; e[#e + 1] = "not marked conservative" end
      if not r.source_stated then z[#z + 1] = "未说明来源"; e[#e + 1] = "no source stated" end
      if r.foreign_for_domestic and not r.applicability_noted then z[#z + 1] = "国外数据未说明适用性"; e[#e + 1] = "foreign data without an applicability note" end
      local id = L.line.id
      ranks[i] = line_id(L) .. ":" .. r.cnca
      zh[i] = tostring(id) .. "（" .. (SOURCE_ZH[r.source_kind] or tostring(r.source_kind)) .. "，优先级 " .. r.cnca .. "）" .. concat(z, "、")
      en[i] = tostring(id) .. " (" .. tostring(r.source_kind) .. ", rank " .. r.cnca .. "): " .. concat(e, ", ")
      ev[i] = L.ptr .. "/factor"
    end
    return K.fail(msg("非国家公布因子的次级数据须遵循保守性原则并说明来源：" .. concat(zh, "；"),
      "secondary factors below the national rank must be conservative and state their source: " .. concat(en, "; "), ev,
      { lines = line_ids(bad), ranks = ranks }))
  end
  if unknown then
    return K.insufficient(msg("以下行的因子未说明来源类型：" .. list_text(line_ids(unknown)),
      "factor source kind not stated or unknown on lines: " .. list_text(line_ids(unknown)), line_ptrs(unknown, "/factor/source_kind")))
  end
  return K.pass()
end

-- WPRZ Annex B 4.3.2.2(4): secondary data provided by a raw-material supplier
-- must have been verified by a third party. Read from the case field
-- factor.verification.by (lib.sources.supplier_verification); the source
-- text's words only when P.supplier_verification_words_fallback, and a
-- negation in it never verifies.
function M.supplier_verification(K, c, f, o)
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local S = lib.sources
  local words_ok = K.P.supplier_verification_words_fallback
  local bad, unknown, n, by_words, reports = nil, nil, 0, nil, nil
  local Ls, lns = line_arrays(lines)
  for i = 1, #Ls do
    local L = Ls[i]
    -- L.rank is the Source fact of the line's factor (nil without a factor)
    -- and carries the factor's own source_kind (lib.sources.rank): the factor
    -- itself is read only for a supplier line
    local r = L.rank
    if r ~= nil and r.source_kind == "supplier" then
      local fa = lns[i].factor
      n = n + 1
      local st, how = S.supplier_verification(fa)
      if how == "words" and not words_ok then st = "unknown" end
      if st == "not_third_party" then bad = bad or {}; bad[#bad + 1] = L
      elseif st == "unknown" then unknown = unknown or {}; unknown[#unknown + 1] = L
      elseif how == "words" then by_words = by_words or {}; by_words[#by_words + 1] = line_id(L)
      else
        -- verified by the case field: name who verified it and the report
        local v = fa.verification
        if v ~= nil then
          reports = reports or {}
          reports[#reports + 1] = line_id(L) .. ": " .. tostring(v.body or "?") .. " " .. tostring(v.report_id or "?") .. (v.date and (" " .. v.date) or "")
        end
      end
    end
  end
  if n == 0 then
    return K.na({ zh = "未采用原材料供应商提供的次级数据", en = "no supplier-provided factors" })
  end
  if bad then
    return K.fail(msg("以下行采用原材料供应商提供的次级数据，未经第三方机构验证：" .. list_text(line_ids(bad)),
      "supplier-provided factors not verified by a third party on lines: " .. list_text(line_ids(bad)),
      line_ptrs(bad, "/factor/verification"), { lines = line_ids(bad) }))
  end
  if unknown then
    return K.insufficient(msg("以下行采用供应商提供的次级数据，未说明是否经第三方机构验证（factor.verification）：" .. list_text(line_ids(unknown)),
      "supplier-provided factors whose third-party verification is not stated (factor.verification) on lines: " .. list_text(line_ids(unknown)),
      line_ptrs(unknown, "/factor/verification"), { lines = line_ids(unknown) }))
  end
  if by_words then
    return K.pass({ zh = "供应商数据的第三方验证仅由来源文字判断（未填写 factor.verification；参数 supplier_verification_words_fallback）：" .. list_text(by_words),
                    en = "third-party verification of supplier data read from the source text only (factor.verification not stated; parameter supplier_verification_words_fallback): " .. list_text(by_words),
                    values = { supplier_lines = n, by_words = by_words } })
  end
  if reports then
    return K.pass({ zh = "供应商提供的次级数据经第三方机构验证：" .. concat(reports, "；"),
                    en = "supplier-provided data verified by a third party: " .. concat(reports, "; "),
                    values = { supplier_lines = n, verifications = reports } })
  end
  return K.pass({ values = { supplier_lines = n } })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.5 / 7.7.4.5 allocation
local METHODS = { subdivision = true, system_expansion = true, physical = true, economic = true }

-- The alumina table recomputed with the pack's own tolerance
-- (P.alloc_tolerance_pct of Ec + Er, at least P.alloc_tolerance_t tonnes).
local function alumina_with_pack_tolerance(K, c, al)
  local P = K.P
  local a = c.footprint and c.footprint.allocation
  if a == nil then return al end
  return lib.alloc.alumina(a, lib.num.mul(P.alloc_tolerance_pct, "0.01"), P.alloc_tolerance_t)
end

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
    local cl = o.clause and ("；" .. o.clause) or ""
    local cle = o.clause and ("; " .. o.clause) or ""
    return K.fail(msg("存在多种备选分配程序，但未进行敏感性分析（GB/T 44905-2024" .. cl .. "）",
      "several allocation procedures were possible but no sensitivity analysis was done (GB/T 44905-2024" .. cle .. ")",
      { "/footprint/allocation/sensitivity_analysis" }, { alternatives = true, sensitivity_analysis = al.sensitivity_analysis or false }))
  end
  if o.include_alumina and al.alumina ~= nil then
    local r = alumina_result(K, alumina_with_pack_tolerance(K, c, al.alumina))
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
  local a = alumina_with_pack_tolerance(K, c, al.alumina)
  local r = alumina_result(K, a)
  if r then return r end
  return K.pass({ values = { p10_t = a.p10, expected_alumina_t = a.expected_alumina_t, expected_hydroxide_t = a.expected_hydroxide_t } })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.6 / 7.7.4.6 cut-off

local function line_ids_of_items(items)
  local t = {}
  for i = 1, #items do t[i] = tostring(items[i].flow) end
  return t
end
local function items_ptrs(items, suffix)
  local t = {}
  for i = 1, #items do t[i] = items[i].ptr .. suffix end
  return t
end

-- What may be omitted at all (CNCA 5.5.3.6 via GB/T 44905-2024; WPRZ 7.7.4.6
-- (1)(2)(3)(6)): only inputs of a category in P.cutoff_never_omit_categories
-- (energy, raw materials) must always be listed; auxiliaries, overhaul
-- materials (7.7.4.6(4) 铝电解槽大修材料) and other flows may be omitted within
-- the single and total limits (rule cut-off); infrastructure is excluded.
-- Returns the items that may not be omitted and those whose category is not
-- stated (nil when none).
local CAT_ZH = { energy = "能源", raw_material = "原材料", auxiliary = "辅助材料", infrastructure = "基础设施", other = "其他" }
local CAT_EN = { energy = "energy input", raw_material = "raw-material input", auxiliary = "auxiliary material",
                 infrastructure = "infrastructure", other = "other flow" }
local function never_omitted(K, co)
  local never = K.P.cutoff_never_omit_categories
  local bad, unknown
  local items = co.items
  for i = 1, #items do
    local cat = items[i].category
    if cat == nil then unknown = unknown or {}; unknown[#unknown + 1] = items[i]
    elseif util.contains(never, cat) then bad = bad or {}; bad[#bad + 1] = items[i] end
  end
  return bad, unknown
end
local function never_omitted_text(bad)
  local zh, en, ev = {}, {}, {}
  for i = 1, #bad do
    local it = bad[i]
    zh[i] = tostring(it.flow) .. "（" .. (CAT_ZH[it.category] or tostring(it.category)) .. "）"
    en[i] = tostring(it.flow) .. " (" .. (CAT_EN[it.category] or tostring(it.category)) .. ")"
    ev[i] = it.ptr .. "/category"
  end
  return concat(zh, "、"), concat(en, ", "), ev
end
M.never_omitted = never_omitted
-- P.cutoff_single_max_pct, P.cutoff_total_max_pct

local function cutoff_metrics(t)
  return { cutoff_max_share_pct = t.max_share_pct or 0, cutoff_sum_share_pct = t.sum_share_pct }
end

-- limits: single ≤ 1 %, total ≤ 5 % (NC-s above), every omission reported
-- o.categories: also the category rule (energy and raw materials never omitted)
-- P.cutoff_exclude_infrastructure (WPRZ 7.7.4.6(6); nil → every item counts).
-- The total is the exact decimal sum (lib.num): 0.8+0.8+0.8+0.8+0.9+0.9 is 5,
-- within "不应超过 5%", in any order; the message prints that exact sum.
function M.cutoff(K, c, f, o)
  local P = K.P
  local co = f.cutoff
  if co == nil or not co.present then
    return K.insufficient(msg("未说明取舍（忽略的物质/能量流）", "cut-offs not stated", { "/footprint/cut_offs" }))
  end
  local single, total = P.cutoff_single_max_pct, P.cutoff_total_max_pct
  local t = cutoff_totals(co, { exclude_infrastructure = P.cutoff_exclude_infrastructure == true, single_max_pct = single,
                                    shares_only = true })
  local metrics = cutoff_metrics(t)
  local over_total = num.gt(t.sum_share, total)
  local over_single
  if #t.over_single > 0 then
    over_single = {}
    for i = 1, #t.over_single do over_single[i] = t.over_single[i] .. "/share_pct" end
  end
  local never, never_unknown
  if o.categories then never, never_unknown = never_omitted(K, co) end
  local cats = never ~= nil
  local unrep = #co.unreported > 0
  if over_total or over_single or cats or unrep then
    local zh, en, ev = {}, {}, {}
    if over_total then
      local sum_text = num.text(t.sum_share)   -- exact: 5.01, never 5.000000000000001
      zh[#zh + 1] = "忽略的物质（能量）流贡献总和 " .. sum_text .. "% 超过 " .. fmt(total) .. "%（不应超过，即 ≤ " .. fmt(total) .. "%，参数 cutoff_total_max_pct）"
      en[#en + 1] = "omitted flows add up to " .. sum_text .. " % of the footprint, above " .. fmt(total) .. " % (不应超过 read as ≤; parameter cutoff_total_max_pct)"
      ev[#ev + 1] = "/footprint/cut_offs"
    end
    if over_single then
      zh[#zh + 1] = #over_single .. " 项忽略的流单项贡献超过 " .. fmt(single) .. "%（参数 cutoff_single_max_pct；最大 " .. num.text(t.max_share_pct) .. "%）"
      en[#en + 1] = #over_single .. " omitted flow(s) above " .. fmt(single) .. " % each (parameter cutoff_single_max_pct; largest " .. num.text(t.max_share_pct) .. " %)"
      for i = 1, #over_single do ev[#ev + 1] = over_single[i] end
    end
    if cats then
      local z, e, cev = never_omitted_text(never)
      zh[#zh + 1] = "能源和原材料的输入不得忽略：" .. z .. "（参数 cutoff_never_omit_categories）"
      en[#en + 1] = "energy and raw-material inputs must not be omitted: " .. e .. " (parameter cutoff_never_omit_categories)"
      for i = 1, #cev do ev[#ev + 1] = cev[i] end
    end
    if unrep then
      zh[#zh + 1] = "忽略的流未在报告中说明"
      en[#en + 1] = "omissions not reported"
      for i = 1, #co.unreported do ev[#ev + 1] = co.unreported[i] .. "/reported" end
    end
    return K.fail(msg(concat(zh, "；"), concat(en, "; "), ev,
      { sum_share_pct = t.sum_share_pct, max_share_pct = t.max_share_pct, single_max_pct = single, total_max_pct = total,
        infrastructure_excluded = #t.excluded },
      { severity = over_total and "serious" or "general", metrics = metrics }))
  end
  if #t.share_missing > 0 then
    return K.insufficient(msg("忽略的流未说明其贡献比例", "omitted flows without a share of the footprint",
      t.share_missing, nil, { metrics = metrics }))
  end
  if never_unknown then
    return K.insufficient(msg("以下忽略的流未说明类别，无法判断是否为不得忽略的能源或原材料：" .. list_text(line_ids_of_items(never_unknown)),
      "omitted flows without a category (energy and raw materials may never be omitted): " .. list_text(line_ids_of_items(never_unknown)),
      items_ptrs(never_unknown, "/category"), nil, { metrics = metrics }))
  end
  return K.pass({ values = { sum_share_pct = t.sum_share_pct, max_share_pct = t.max_share_pct, total_max_pct = total,
                             infrastructure_excluded = #t.excluded }, metrics = metrics })
end


function M.cutoff_categories(K, c, f, o)
  local co = f.cutoff
  if co == nil or not co.present then
    return K.insufficient(msg("未说明取舍（忽略的物质/能量流）", "cut-offs not stated", { "/footprint/cut_offs" }))
  end
  local bad, unknown = never_omitted(K, co)
  if bad then
    local zh, en, ev = never_omitted_text(bad)
    return K.fail(msg((o.zh_rule or "能源和原材料的输入不得忽略") .. "：" .. zh .. "（只有能源和原材料的输入不得忽略，辅助材料及大修材料等可在单项 ≤ 1%、总和 ≤ 5% 内忽略；参数 cutoff_never_omit_categories）",
      (o.en_rule or "energy and raw-material inputs must not be omitted") .. ": " .. en .. " (only energy and raw-material inputs may never be omitted; auxiliaries, overhaul materials and other flows may be within 1 % each and 5 % in total; parameter cutoff_never_omit_categories)",
      ev, { flows = line_ids_of_items(bad) }))
  end
  if unknown then
    return K.insufficient(msg("以下忽略的流未说明类别：" .. list_text(line_ids_of_items(unknown)),
      "omitted flows without a category: " .. list_text(line_ids_of_items(unknown)), items_ptrs(unknown, "/category")))
  end
  return K.pass({ values = { infrastructure_excluded = #co.infrastructure } })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.7 / 7.7.4.7 data quality: primary and site-specific lines good,
-- secondary lines at least fair. P.dq_primary_max_level, P.dq_secondary_max_level
local RATING_ORDER = { "unusable", "poor", "fair", "good" }
-- the data-quality table's own words (WPRZ 7.7.4.7 表 1: 好 / 一般 / 极差;
-- below 极差 the line is unusable)
local DQ_ZH = { good = "好", fair = "一般", poor = "极差", unusable = "低于极差" }
local DQ_INDICATORS = {
  { key = "technology", zh = "技术", en = "technology" },
  { key = "time", zh = "时间", en = "time" },
  { key = "geography", zh = "地域", en = "geography" },
  { key = "reliability", zh = "可靠性", en = "reliability" },
  { key = "completeness", zh = "完整性", en = "completeness" },
}
local DATA_TYPE_ZH = { site_specific = "现场数据", primary = "初级数据", secondary = "次级数据" }
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
  local bad, unrated, owned
  local Ls, lns = line_arrays(lines)
  local unusable_rule = o.unusable_rule
  local sec_max, prim_max = P.dq_secondary_max_level, P.dq_primary_max_level
  for i = 1, #Ls do
    local L = Ls[i]
    local q = L.quality
    local lvl = q and q.level
    if lvl == nil then
      unrated = unrated or {}; unrated[#unrated + 1] = L
    elseif unusable_rule and q.rating == "unusable" then
      -- below 极差: the rating-table rule (o.unusable_rule) carries it
      owned = owned or {}; owned[#owned + 1] = L
    else
      local data_type = lns[i].data_type
      local max = (data_type == "secondary") and sec_max or prim_max
      if data_type == nil then unrated = unrated or {}; unrated[#unrated + 1] = L
      elseif lvl > max then bad = bad or {}; bad[#bad + 1] = L end
    end
  end
  if bad then
    local zh, en, ind = {}, {}, {}
    for i = 1, #bad do
      local L = bad[i]
      local ln = L.line
      local q = L.quality
      local max = (ln.data_type == "secondary") and P.dq_secondary_max_level or P.dq_primary_max_level
      -- the indicators rated below the line's required level, in the table's words
      local iz, ie = {}, {}
      for k = 1, #DQ_INDICATORS do
        local d = DQ_INDICATORS[k]
        local r = q[d.key]
        if r ~= nil and (lib.quality.LEVEL[r] or 0) > max then
          iz[#iz + 1] = d.zh .. "“" .. (DQ_ZH[r] or tostring(r)) .. "”"
          ie[#ie + 1] = d.en .. " " .. tostring(r)
          ind[#ind + 1] = line_id(L) .. ":" .. d.key
        end
      end
      zh[i] = line_id(L) .. "（" .. (DATA_TYPE_ZH[ln.data_type] or tostring(ln.data_type)) .. "，应为“" .. DQ_ZH[lib.quality.RATINGS[max]] .. "”，" .. concat(iz, "、") .. "）"
      en[i] = line_id(L) .. " (" .. tostring(ln.data_type) .. ", needs " .. lib.quality.RATINGS[max] .. "; " .. concat(ie, ", ") .. ")"
    end
    return K.fail(msg("初级数据应满足数据质量等级（好），其他次级数据应满足数据质量等级（一般）；不满足：" .. concat(zh, "；"),
      "primary data must rate good and secondary data at least fair; below: " .. concat(en, "; "),
      line_ptrs(bad, "/quality"), { lines = line_ids(bad), indicators = ind }, { metrics = metrics }))
  end
  if owned and not unrated then
    return K.info(msg("数据质量低于“极差”（不可用）的行由 " .. o.unusable_rule .. " 判定（一项缺陷只计一个不符合项）：" .. list_text(line_ids(owned)),
      "lines below poor (unusable) are judged by " .. o.unusable_rule .. " (one defect, one nonconformity): " .. list_text(line_ids(owned)),
      line_ptrs(owned, "/quality"), { see = line_ids(owned) }, { metrics = metrics }))
  end
  if unrated then
    return K.insufficient(msg("以下行缺少数据质量指标或数据类型：" .. list_text(line_ids(unrated)),
      "lines without complete quality indicators or data type: " .. list_text(line_ids(unrated)),
      line_ptrs(unrated, "/quality"), nil, { metrics = metrics }))
  end
  return K.pass({ metrics = metrics })
end

-- ---------------------------------------------------------------------------
-- 5.5.3.7 / 7.7.4.7 检查组应确认数据质量评估结果并提供计算过程或评估依据:
-- the time rating of a secondary line (its data is the emission factor) is
-- confirmed against the factor's data year (factor.year). The factor's age =
-- year of the reference date − factor.year (P.factor_age_reference:
-- "period_end" = footprint.period.end, "as_of" = the case's as_of); the rating
-- the stated quality.age_years gives must not be better than the rating of
-- that age (table 1: ≤ 3a good, 3a–5a fair, 5a–10a poor, older unusable).
-- Primary and site-specific lines are not checked: their age is the activity
-- data's, not the factor's.
local function year_of(s)
  if type(s) ~= "string" then return nil end
  return tonumber(string.match(s, "^(%d%d%d%d)%-%d%d%-%d%d$"))
end
local NO_FACTOR_LINE_ZH, NO_FACTOR_LINE_EN = "没有使用排放因子的次级数据行", "no secondary line uses an emission factor"
function M.factor_age(K, c, f, o)
  local lines = fp_lines(f)
  if lines == nil or #lines == 0 then return no_lines(K) end
  local sec = f.fp.secondary_lines   -- the lines with data_type "secondary", in order
  -- no secondary line: nothing to check (the reference year is not needed)
  if #sec == 0 then return K.na(msg(NO_FACTOR_LINE_ZH, NO_FACTOR_LINE_EN, nil)) end
  local P = K.P
  local ref, ref_ptr
  if P.factor_age_reference == "as_of" then
    ref, ref_ptr = year_of(c.as_of), "/as_of"
  else
    local per = c.footprint and c.footprint.period
    ref, ref_ptr = year_of(per and per["end"]), "/footprint/period/end"
  end
  local rate, LEVEL = lib.quality.rate_age, lib.quality.LEVEL
  local checked, bad, unknown, zh, en = 0, nil, nil, nil, nil
  for i = 1, #sec do
    local L = sec[i]
    local ln = L.line
    local fac = ln.factor
    if fac ~= nil then
      local yr = fac.year
      local q = ln.quality
      local stated = q and q.age_years
      if type(yr) ~= "number" or ref == nil or type(stated) ~= "number" then
        unknown = unknown or {}; unknown[#unknown + 1] = L
      else
        checked = checked + 1
        local age = ref - yr
        if age < 0 then age = 0 end
        local allowed, given = rate(age), rate(stated)
        if given and allowed and LEVEL[given] < LEVEL[allowed] then
          bad = bad or {}; zh = zh or {}; en = en or {}
          bad[#bad + 1] = L
          zh[#zh + 1] = line_id(L) .. "（因子年份 " .. yr .. "，距 " .. ref .. " 年 " .. age .. " 年，时间应为“" .. DQ_ZH[allowed] .. "”，填报数据年龄 " .. fmt(stated) .. " 年记为“" .. DQ_ZH[given] .. "”）"
          en[#en + 1] = line_id(L) .. " (factor year " .. yr .. ", " .. age .. " years before " .. ref .. ": time " .. allowed .. ", but the stated age " .. fmt(stated) .. " rates " .. given .. ")"
        end
      end
    end
  end
  if bad then
    return K.fail(msg("次级数据的时间代表性评估与因子年份不符（5.5.3.7 / 表 1：≤3a 好，3a~5a 一般，5a~10a 极差）：" .. concat(zh, "；"),
      "the time rating of secondary data does not follow the factor's data year (table 1: ≤ 3 years good, 3–5 fair, 5–10 poor): " .. concat(en, "; "),
      line_ptrs(bad, "/factor/year"), { lines = line_ids(bad), reference_year = ref }))
  end
  if unknown then
    local why_zh, why_en = "", ""
    if ref == nil then
      why_zh = "（参照日期 " .. ref_ptr .. " 未说明）"; why_en = " (reference date " .. ref_ptr .. " not stated)"
    end
    return K.insufficient(msg("无法按因子年份确认以下次级数据的时间代表性评估（未说明 factor.year 或 quality.age_years）" .. why_zh .. "：" .. list_text(line_ids(unknown)),
      "the time rating of these secondary lines cannot be confirmed against the factor's data year (factor.year or quality.age_years not stated)" .. why_en .. ": " .. list_text(line_ids(unknown)),
      line_ptrs(unknown, "/factor/year"), { lines = line_ids(unknown), checked = checked }))
  end
  if checked == 0 then
    return K.na(msg(NO_FACTOR_LINE_ZH, NO_FACTOR_LINE_EN, nil))
  end
  return K.pass({ values = { checked = checked, reference_year = ref } })
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
-- round_p(x, d, p): the same with p = POW10[d] already read (footprint_metrics
-- rounds a dozen values to the same d and reads the read-only table once)
local function round_p(x, d, p)
  if p == nil then return num.round(x, d) end
  local y = x * p
  local fl = floor(y)
  local frac = y - fl
  if frac > 0.5 - 1e-6 and frac < 0.5 + 1e-6 then return num.round(x, d) end
  if frac > 0.5 then fl = fl + 1 end
  return fl / p
end
local function round_metric(x, d) return round_p(x, d, POW10[d]) end
M.round_metric = round_metric

-- footprint metrics: recomputed value, contributions by process and stage (rounded)
function M.footprint_metrics(K, f, m)
  local fp = f.fp
  local d = K.P.metric_decimals
  m = m or {}
  local pu = fp and fp.per_unit
  if pu == nil then return m end
  local p = POW10[d]
  m.footprint_tco2e_per_t = round_p(pu, d, p)
  local keys, bp = fp.process_keys, fp.by_process
  for i = 1, #keys do
    local k = keys[i]
    m[PROCESS_METRIC[k] or ("process_" .. tostring(k) .. "_tco2e_per_t")] = round_p(bp[k], d, p)
  end
  keys, bp = fp.stage_keys, fp.by_stage
  for i = 1, #keys do
    local k = keys[i]
    m[STAGE_METRIC[k] or ("stage_" .. tostring(k) .. "_tco2e_per_t")] = round_p(bp[k], d, p)
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
  -- materiality first, then the rounding of the declared value (P.declared_decimals
  -- or footprint.declared.decimals); lib.footprint.judge, exact decimals
  local mat = materiality(K, c)
  local j = footprint_judge(fp, mat, K.P.declared_decimals)
  local values = { recomputed = fp.per_unit, declared = fp.declared, materiality_pct = mat }
  if j.equal then
    values.deviation_pct = 0
    return K.pass({ values = values, metrics = metrics })
  end
  if j.deviation then values.deviation_pct = num.tonumber(j.deviation) end
  if j.rounded then
    values.decimals = j.precision
    return K.pass({ values = values, metrics = metrics })
  end
  local dev_zh, dev_en = lib.footprint.deviation_text(fp, mat)
  local rec = num.text(fp.per_unit, 4)
  local dv = num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str)
  if j.material then
    return K.fail(msg(
      format("复算碳足迹 %s tCO2e/t，声明值 %s，偏差 %s%%，绝对值达到实质性阈值 %s%%（|偏差| ≥ 阈值）", rec, dv, dev_zh, fmt(mat)),
      format("recomputed %s tCO2e/t against declared %s: deviation %s %%, in absolute value at or above the materiality threshold %s %%", rec, dv, dev_en, fmt(mat)),
      { "/footprint/declared/value" }, values, { severity = "serious", metrics = metrics }))
  end
  local why_zh, why_en
  if j.precision == nil then
    why_zh, why_en = "且未给出声明值的修约位数（footprint.declared.decimals 或参数 declared_decimals）",
                     "and no rounding precision of the declared value is given (footprint.declared.decimals or parameter declared_decimals)"
  else
    values.decimals = j.precision
    why_zh = format("但声明值不是复算值按 GB/T 8170 修约到 %d 位小数的结果（应为 %s；位数取 footprint.declared.decimals 或参数 declared_decimals）", j.precision, lib.footprint.rounded_text(j))
    why_en = format("but the declared value is not the recomputed value rounded (GB/T 8170) to %d decimals (that is %s; decimals from footprint.declared.decimals or parameter declared_decimals)", j.precision, lib.footprint.rounded_text(j))
  end
  return K.fail(msg(
    format("复算碳足迹 %s tCO2e/t，声明值 %s，偏差 %s%%，绝对值低于实质性阈值 %s%%，%s", rec, dv, dev_zh, fmt(mat), why_zh),
    format("recomputed %s tCO2e/t against declared %s: deviation %s %%, in absolute value below the materiality threshold %s %%, %s", rec, dv, dev_en, fmt(mat), why_en),
    { "/footprint/declared/value" }, values, { severity = "general", metrics = metrics }))
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
    -- whose lapse (assessment.surveillance_delayed_by): the holder's → o.holder
    -- (WPRZ 11.3.1(3) 不能按照规定的时间间隔接受监督检查 → suspend); the body's own
    -- scheduling → a finding on the body; not stated → a general NC naming the gap
    local by = c.assessment and c.assessment.surveillance_delayed_by
    local late_zh = format("本次监督 %s 距 %s 超过 %d 个月（最迟 %s，含当日；参数 surveillance_max_months）", dates.format(on), dates.format(from), P.surveillance_max_months, dates.format(limit))
    local late_en = format("surveillance on %s is more than %d months after %s (due by %s, that day included; parameter surveillance_max_months)", dates.format(on), P.surveillance_max_months, dates.format(from), dates.format(limit))
    local ev = { onptr, fromptr, "/assessment/surveillance_delayed_by" }
    local vals = { from = dates.format(from), on = dates.format(on), due = dates.format(limit), delayed_by = by }
    if by == "body" then
      return K.fail(msg(late_zh .. "；延误由认证机构造成，属认证机构自身的不符合，不影响获证组织的结论",
        late_en .. "; the delay was the certification body's: a finding on the body, not on the holder",
        ev, vals, { metrics = metrics, effect = "body", severity = "general" }))
    end
    if by == "holder" and o.holder then
      return K.fail(msg(late_zh .. "；获证组织未能按照规定的时间间隔接受监督检查，" .. o.holder.zh,
        late_en .. "; the holder could not accept the surveillance at the set interval: " .. o.holder.en,
        ev, vals, { metrics = metrics, effect = o.holder.effect, severity = "serious" }))
    end
    if by == "holder" then
      return K.fail(msg(late_zh .. "；延误由获证组织造成", late_en .. "; the holder caused the delay",
        ev, vals, { metrics = metrics }))
    end
    return K.fail(msg(late_zh .. "；未说明延误由谁造成（assessment.surveillance_delayed_by）" .. (o.holder and ("，若为获证组织原因，" .. o.holder.zh) or ""),
      late_en .. "; who caused the delay is not stated (assessment.surveillance_delayed_by)" .. (o.holder and ("; if the holder, " .. o.holder.en) or ""),
      ev, vals, { metrics = metrics }))
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
-- 不得高于初次核查结果: the recomputed footprint is compared, unrounded, with the
-- initial result on exact decimals (lib.num); nothing is rounded to the digits
-- the initial result happens to show (JSON keeps no trailing zeros: 11.30 is
-- 11.3, and 11.33 is above it). The initial result is converted to tCO2e/t
-- by a power of ten (kgCO2e/t: × 0.001, exact).
local SHIFT = { ["tCO2e/t"] = 0, ["kgCO2e/t"] = -3 }

function M.not_above_initial(K, c, f, o)
  local h = c.history
  local ir = h and h.initial_result
  if ir == nil or type(ir.value) ~= "number" then
    return K.insufficient(msg("未说明初次核查结果", "initial verification result not stated", { "/history/initial_result" }))
  end
  if ir.unit == nil then   -- never guessed: 11 370 read as tCO2e/t would pass a footprint that is above it
    return K.insufficient(msg("未说明初次核查结果的单位", "unit of the initial result not stated", { "/history/initial_result/unit" }))
  end
  local shift = SHIFT[ir.unit]
  if shift == nil then
    return K.insufficient(msg("初次核查结果的单位无法识别：" .. tostring(ir.unit), "unit of the initial result not recognised: " .. tostring(ir.unit),
      { "/history/initial_result/unit" }))
  end
  local fp = f.fp
  if fp == nil or fp.per_unit == nil then
    return K.insufficient(msg("本次碳足迹无法复算", "this round's footprint cannot be recomputed", { "/footprint" }))
  end
  local init = shift == 0 and ir.value or num.shift(ir.value, shift)
  local now = fp.per_unit
  local metrics = { initial_result_tco2e_per_t = init }
  if num.gt(now, init) then
    local now_t, init_t = num.text(now, 4, init), num.text(init)
    return K.fail(msg(
      format("本次复算碳足迹 %s tCO2e/t 高于初次核查结果 %s tCO2e/t（不得高于）", now_t, init_t),
      format("recomputed footprint %s tCO2e/t is above the initial verification result %s tCO2e/t (must not be higher)", now_t, init_t),
      { "/history/initial_result/value", "/footprint/inventory" }, { recomputed = now, initial = init },
      { metrics = metrics }))
  end
  return K.pass({ values = { recomputed = now, initial = init }, metrics = metrics })
end

-- WPRZ 11.5.1 (CNCA 6.5 注销 through the general rules): the certificate is
-- cancelled when the holder applies for it (11.5.1(2)) or the certified product
-- is no longer made (11.5.1(1)). A ground for revocation found in the same
-- round wins (11.5.2 对于列入认证证书撤销情形的，认证委托人不得申请注销; the
-- verdict ranks revoke above cancel). o.zh_clause / o.en_clause: the grounds' words.
function M.cancellation(K, c, f, o)
  local cert = c.certificate
  if cert == nil then
    return K.insufficient(msg("未说明所持证书", "certificate held not stated", { "/certificate" }))
  end
  local req, ceased = cert.cancellation_requested, cert.production_ceased
  if o.grounds then
    -- the pack's reading of which grounds count (CNCA P.cancellation_grounds)
    if not util.contains(o.grounds, "cancellation_requested") then req = nil end
    if not util.contains(o.grounds, "production_ceased") then ceased = nil end
  end
  local zh, en, ev = {}, {}, {}
  if req == true then
    zh[#zh + 1] = o.request_zh; en[#en + 1] = o.request_en; ev[#ev + 1] = "/certificate/cancellation_requested"
  end
  if ceased == true then
    zh[#zh + 1] = o.ceased_zh; en[#en + 1] = o.ceased_en; ev[#ev + 1] = "/certificate/production_ceased"
  end
  if #zh > 0 then
    return K.fail(msg(concat(zh, "；") .. "：注销认证证书（列入撤销情形的，不得以注销代替撤销）",
      concat(en, "; ") .. ": the certificate is cancelled (a ground for revocation is not replaced by a cancellation)",
      ev, { cancellation_requested = req, production_ceased = ceased }))
  end
  if req == nil and ceased == nil then
    return K.na({ zh = "未说明注销情形（申请注销、获证产品不再生产）", en = "no ground for cancellation stated (request, product no longer made)" })
  end
  return K.pass({ values = { cancellation_requested = req, production_ceased = ceased } })
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

-- 6.2.5 / 8.2.6: previous NCs closed and their correction verified. The NCs
-- of earlier rounds are read here and only here (requirements.md rule 6;
-- lib.verdict.nc_this_round decides which round an NC belongs to): one still
-- open, or closed without a verified correction, fails (general); one of them
-- past its due date fails with a suspension (the holder did not correct in
-- time: 6.4(3) / 8.4(3) 监督检查不通过). An earlier NC closed and verified
-- passes, whenever it was closed.
function M.previous_ncs(K, c, f, o)
  local a = c.assessment
  local ncs = a and a.nonconformities
  if ncs == nil then return K.pass({ values = { previous = 0 } }) end
  local V = lib.verdict
  local start = V.round_start(c)
  local open, late, n = nil, nil, 0
  local asd = f.as_of
  for i = 1, #ncs do
    local nc = ncs[i]
    if nc.severity ~= "observation" and not V.nc_this_round(c, nc, start) then
      n = n + 1
      if nc.closed_on == nil or (nc.verified_by ~= "written" and nc.verified_by ~= "onsite") then
        local ptr = "/assessment/nonconformities/" .. (i - 1)
        open = open or {}; open[#open + 1] = ptr
        local due = parse_day(nc.due_on)
        if due and asd and due < asd then late = late or {}; late[#late + 1] = tostring(nc.id or ptr) end
      end
    end
  end
  if late then
    return K.fail(msg("上一次认证的不符合项逾期未关闭或整改未经验证（" .. concat(late, ", ") .. "），监督检查不通过",
      "nonconformities of the previous round still open or unverified past their due date (" .. concat(late, ", ") .. "): surveillance fails",
      open, { previous = n, open = #open, overdue = late }, { severity = "serious", effect = "suspend" }))
  end
  if open then
    return K.fail(msg("上一次认证的不符合项未关闭或整改有效性未验证（" .. #open .. " 项）",
      "previous nonconformities not closed or their correction not verified (" .. #open .. ")", open,
      { previous = n, open = #open }))
  end
  return K.pass({ values = { previous = n } })
end

-- ---------------------------------------------------------------------------
-- Annex 1 / 7.1.3(8): product information table (the table's own words)
local INFO_FIELD = {
  name = { zh = "企业名称", en = "enterprise name" }, province = { zh = "企业所属省份", en = "province" },
  address = { zh = "地址", en = "address" }, contact = { zh = "填表人及联系电话", en = "contact person and phone" },
  start = { zh = "数据统计周期（起）", en = "data period start" }, ["end"] = { zh = "数据统计周期（止）", en = "data period end" },
  value = { zh = "产品产量", en = "output" }, standard = { zh = "执行产品标准", en = "product standard" },
}
local PRODUCT_NAME = { zh = "产品名称", en = "product name" }
function M.product_info(K, c, f, o)
  local missing
  local function need(v, ptr) if v == nil or v == "" then missing = missing or {}; missing[#missing + 1] = ptr end end
  local fpp = f.parties or {}
  local ent = fpp.factory or fpp.producer or fpp.applicant
  local entptr = (fpp.ptr and (fpp.ptr.factory or fpp.ptr.producer or fpp.ptr.applicant)) or "/parties/factory"
  need(ent and ent.name, entptr .. "/name")
  need(ent and ent.province, entptr .. "/province")
  if o.address_and_contact then
    -- CNCA Annex 1: 地址, 填表人及联系电话
    need(ent and ent.address, entptr .. "/address")
    need(ent and ent.contact, entptr .. "/contact")
  end
  local fp = c.footprint
  need(fp and fp.period and fp.period.start, "/footprint/period/start")
  need(fp and fp.period and fp.period["end"], "/footprint/period/end")
  need(fp and fp.output and fp.output.value, "/footprint/output/value")
  local p = c.product
  need(p and p.name, "/product/name")
  need(p and p.standard, "/product/standard")
  local docp = doc_problem(K, c, "product_info_and_material_list")
  if docp then
    missing = missing or {}; missing[#missing + 1] = docp.ptr
  end
  if missing then
    local zh, en = {}, {}
    for i = 1, #missing do
      local w = (missing[i] == "/product/name") and PRODUCT_NAME or INFO_FIELD[missing[i]:match("[^/]+$")]
      zh[i] = w and w.zh or missing[i]; en[i] = w and w.en or missing[i]
    end
    if docp then
      zh[#zh] = doc_label(o, "product_info_and_material_list", "zh") .. "（" .. docp.zh .. "）"
      en[#en] = doc_label(o, "product_info_and_material_list", "en") .. " (" .. docp.en .. ")"
    end
    return K.fail(msg("产品基本信息表缺少：" .. concat(zh, "、"), "product information table lacks: " .. concat(en, ", "), missing,
      { missing = missing }))
  end
  return K.pass()
end

-- Annex 2 / 7.1.3(9): data collection list columns (the list's own column names)
local COLUMN_ZH = { amount = "统计期内消耗总量", unit = "单位", department = "数据来源（具体部门名称）",
  acquisition = "数据获取方式", evidence = "证明材料名称", supplier_city = "供应商所在城市",
  ["transport/mode"] = "运输方式", ["transport/distance_km"] = "运输距离 (km)", transport = "运输方式与运输距离",
  treatment = "处理方式" }
-- the kinds whose lines carry the collection columns (material, energy, waste;
-- written out in the loop below)
function M.data_collection(K, c, f, o)
  local lines = fp_lines(f)
  local n = lines and #lines or 0
  if n == 0 then return no_lines(K) end
  -- the missing columns, { ptr, id, what } per gap, are found once per case
  -- with the footprint (f.fp.collection_gaps, lib.footprint.compute): a
  -- transport line's mode and distance; a material, energy or waste line's
  -- amount, unit, department, acquisition, evidence; a material line's
  -- supplier city and its transport (mode and distance on the line or on a
  -- transport line of the same flow); a waste line's treatment
  local bad = f.fp.collection_gaps
  if #bad > 0 then
    local ev, items = {}, {}
    for i = 1, #bad do ev[i] = bad[i].ptr; items[i] = tostring(bad[i].id) .. ":" .. bad[i].what end
    local zi = {}
    for i = 1, #bad do zi[i] = tostring(bad[i].id) .. "：" .. (COLUMN_ZH[bad[i].what] or bad[i].what) end
    return K.fail(msg("数据收集清单缺少栏目：" .. concat(zi, "；"), "data collection list lacks columns: " .. list_text(items), ev,
      { missing = items }))
  end
  return K.pass()
end

-- a document provided (Annex 3 reduction plan)
function M.document(K, c, f, o)
  local pr = doc_problem(K, c, o.key)
  if pr then
    return K.fail(msg(o.zh .. pr.zh, o.en .. " " .. pr.en, { pr.ptr }))
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
  if #d.decided_by == 0 and lib.verdict.applied(R, "doc-review-conclusion") then
    d.decided_by = { R.by_rule["doc-review-conclusion"].rule }
  end
  local m = M.metrics(K, R.case, R.facts)
  -- the common names written straight into m (none of them is a name
  -- M.metrics sets), not into a table of their own copied over with pairs
  d.metrics = lib.verdict.scheme_metrics(R, {
    validity_months = validity_months, surveillance_max_months = K.P.surveillance_max_months,
    man_days_from = MAN_DAYS_FROM }, m)
  return d
end

return M

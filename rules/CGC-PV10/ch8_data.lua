-- CGC-PV10 chapter 8 (data quality: 8.1 sources ¶23–¶25, 8.2 cut-off ¶26,
-- 8.3 collection ¶27) and chapter 9 (quantification methods ¶28–¶30).

local util = lib.util
local num = lib.num
local fmt = util.fmt_num

-- kinds that emit (docs/facts.md "Line fact" `counts`; read from the case line
-- because the fact is not filled in yet). TODO-move-to-lib: use l.counts.
local EMITTING = { material = true, energy = true, transport = true, direct_emission = true, waste = true, removal = true }
local function counts(l) return EMITTING[l.line.kind] == true end

local function own_site_processes(c)
  local set = {}
  local procs = c.footprint and c.footprint.processes
  if procs then
    for _, p in ipairs(procs) do
      if p.site ~= nil and p.kind ~= nil then set[p.kind] = true end
    end
  end
  return set
end

rule {
  slug    = "data-source", topic = "factor-priority",
  clause  = "8.1",
  title   = { zh = "数据来源：优先现场数据；优先实景因子；数据库次序为机制指定 > 国内权威（国内生产选中国数据库）> 国际 > 其他（第23–25段）",
              en = "Data sources: site data first; real (supplier) factors before database factors; database priority scheme > national authoritative (Chinese for domestic products) > international > other (¶23–¶25)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "database_domestic_first", "lower_priority_with_justification" },
  check   = function(c, f)
    local fp = f.fp
    if not fp.present or fp.line_count == 0 then
      return insufficient { zh = "未提供碳足迹清单", en = "no footprint inventory", evidence = { "/footprint/inventory" } }
    end
    local ev, why_zh, why_en = nil, nil, nil
    local function add(ptr, zh, en)
      if ev == nil then ev, why_zh, why_en = {}, {}, {} end
      ev[#ev + 1] = ptr
      if zh then why_zh[#why_zh + 1] = zh; why_en[#why_en + 1] = en end
    end
    local db = fp.database
    local justified = P.lower_priority_with_justification
    local db_just = db ~= nil and type(db.justification) == "string" and db.justification ~= ""
    local n_noted = 0
    if P.database_domestic_first and db ~= nil and (db.kind == "international" or db.kind == "other") and not (justified and db_just) then
      add("/footprint/database/kind",
          "国内生产的产品使用了" .. (db.kind == "international" and "国际" or "其他") .. "数据库（第25段：应选择中国相关数据库）",
          "a domestic product uses an " .. db.kind .. " database (¶25: a Chinese database comes first)")
    end
    local own = own_site_processes(c)
    local n_foreign, n_secondary = 0, 0
    local lines = fp.lines
    local domestic_first = P.database_domestic_first
    for i = 1, #lines do
      local l = lines[i]
      local r = l.rank
      if domestic_first and r ~= nil and r.foreign_for_domestic then
        if justified and r.applicability_noted then
          n_noted = n_noted + 1
        else
          n_foreign = n_foreign + 1
          add(l.ptr .. "/factor/source_kind")
        end
      end
      local ln = l.line
      if ln.data_type == "secondary" and ln.process ~= nil and own[ln.process] and counts(l) then
        n_secondary = n_secondary + 1
        add(l.ptr .. "/data_type")
      end
    end
    if n_foreign > 0 then
      why_zh[#why_zh + 1] = n_foreign .. " 条国内过程使用了国外/国际数据库因子且未说明适用性（第25段次序：国内生产应选择中国相关数据库）"
      why_en[#why_en + 1] = n_foreign .. " line(s) of domestic processes use foreign or international factors without an applicability note (¶25 order: a Chinese database first)"
    end
    if n_secondary > 0 then
      why_zh[#why_zh + 1] = n_secondary .. " 条本厂过程的活动数据为次级数据，现场数据可获得时应优先采用（第23段）"
      why_en[#why_en + 1] = n_secondary .. " line(s) of own-site processes use secondary activity data where site data are available (¶23)"
    end
    if ev then
      return fail { zh = table.concat(why_zh, "；"), en = table.concat(why_en, "; "), evidence = ev,
                    values = { foreign_factor_lines = n_foreign, secondary_own_site_lines = n_secondary,
                               database_kind = db and db.kind } }
    end
    local zh = "数据库 " .. tostring(db and db.name or "未说明") .. "（" .. tostring(db and db.kind or "类型未说明") .. "）"
    local en = "database " .. tostring(db and db.name or "not stated") .. " (" .. tostring(db and db.kind or "kind not stated") .. ")"
    if db_just and db and (db.kind == "international" or db.kind == "other") then
      zh = zh .. "，已说明选用理由（第25段：协商确定）"; en = en .. ", its choice justified (¶25: agreed)"
    end
    if n_noted > 0 then
      zh = zh .. "；" .. n_noted .. " 条国外因子已说明适用性（第25段第三优先）"
      en = en .. "; " .. n_noted .. " foreign factor line(s) with an applicability note (¶25 third priority)"
    end
    return pass { zh = zh .. "；本厂过程采用现场数据", en = en .. "; own-site processes use site data",
                  values = { database_kind = db and db.kind, foreign_noted_lines = n_noted } }
  end,
}

-- ¶26: the mass of the product in t as an exact decimal (output value × unit)
local function product_mass(f)
  local fp = f.fp
  if fp.output_t == nil then return nil end
  local u = lib.units.UNIT[fp.output_unit]
  return num.mul(fp.output_value, u.to_base)
end

-- ¶26 全部废弃物: Σ waste lines in t, exact; nil when no waste line has a mass
local function waste_mass(f)
  local fp = f.fp
  local lines, parts = fp.lines, nil
  for i = 1, #lines do
    local l = lines[i].line
    local u = l.unit ~= nil and lib.units.UNIT[l.unit] or nil
    if l.kind == "waste" and u ~= nil and u.dim == "mass" and type(l.amount) == "number" then
      parts = parts or {}
      parts[#parts + 1] = num.mul(l.amount, u.to_base)
    end
  end
  return parts and num.sum(parts) or nil
end

rule {
  slug    = "cut-off-mass", topic = "cut-off",
  clause  = "8.2",
  title   = { zh = "取舍原则：所有舍弃的输入或输出数据的重量之和不得超过产品重量或全部废弃物的 5 %（第26段）",
              en = "Cut-off: all omitted inputs or outputs weigh at most 5 % of the product mass or of all waste (¶26)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "cutoff_mass_max_pct", "cutoff_outputs_against_waste" },
  check   = function(c, f)
    local co = f.cutoff
    if not co.present or co.count == 0 then
      return pass { zh = "无舍弃的输入或输出", en = "nothing omitted", values = { omitted_mass_t = 0 }, metrics = { cutoff_mass_pct = 0 } }
    end
    -- every omitted item counts (¶26 所有舍弃的输入或输出数据), infrastructure included
    local t = lib.cutoff.totals(co)
    if #t.mass_missing > 0 then
      return insufficient { zh = "舍弃项未说明重量（mass_t），无法按第26段核算",
                            en = "omitted items without mass_t; ¶26 cannot be checked", evidence = t.mass_missing }
    end
    local split = P.cutoff_outputs_against_waste
    if split and #t.direction_missing > 0 then
      local ev = {}
      for i = 1, #t.direction_missing do ev[i] = t.direction_missing[i] .. "/direction" end
      return insufficient { zh = "舍弃项未说明是输入还是输出（direction），无法按第26段分别与产品重量或全部废弃物比较",
                            en = "omitted items of category other without a direction (input or output); ¶26 compares inputs with the product mass and outputs with all waste",
                            evidence = ev }
    end
    local limit = P.cutoff_mass_max_pct
    local product = product_mass(f)
    if product == nil or num.cmp(product, 0) <= 0 then
      return insufficient { zh = "产品产量不是质量单位或未说明，无法计算舍弃比例",
                            en = "product output not stated as a mass; the omitted share cannot be computed",
                            evidence = { "/footprint/output" } }
    end
    local in_mass, out_mass = t.input_mass, t.output_mass
    if not split then in_mass, out_mass = t.mass, num.dec(0) end
    local in_share = num.share_pct(in_mass, product)
    local values = { omitted_mass_t = t.mass_t, input_mass_t = num.tonumber(in_mass), output_t = num.tonumber(product),
                     omitted_pct = num.tonumber(in_share), limit_pct = limit }
    local metrics = { cutoff_mass_pct = in_share.f }
    local zh, en, ev = {}, {}, {}
    if num.gt(in_share, limit) then
      zh[#zh + 1] = "舍弃的输入重量合计 " .. num.text(in_mass) .. " t，占产品重量 " .. num.text(product) .. " t 的 "
                    .. num.text(in_share, 3, limit) .. " %，超过 " .. fmt(limit) .. " %"
      en[#en + 1] = "omitted inputs weigh " .. num.text(in_mass) .. " t, " .. num.text(in_share, 3, limit)
                    .. " % of the product mass " .. num.text(product) .. " t, above " .. fmt(limit) .. " %"
      for _, it in ipairs(co.items) do
        if lib.cutoff.direction(it) ~= "output" or not split then ev[#ev + 1] = it.ptr .. "/mass_t" end
      end
    end
    if num.gt(out_mass, 0) then
      local waste = waste_mass(f)
      if waste == nil or num.cmp(waste, 0) <= 0 then
        if #zh == 0 then
          return insufficient { zh = "舍弃了输出（废弃物等），但清单未列出废弃物重量，无法与全部废弃物比较（第26段）",
                                en = "outputs (waste) are omitted but the inventory lists no waste mass; ¶26 compares them with all waste",
                                evidence = { "/footprint/inventory", "/footprint/cut_offs" } }
        end
      else
        local out_share = num.share_pct(out_mass, waste)
        values.output_mass_t = num.tonumber(out_mass)
        values.waste_t = num.tonumber(waste)
        values.omitted_output_pct = num.tonumber(out_share)
        if num.gt(out_share, limit) then
          zh[#zh + 1] = "舍弃的输出重量合计 " .. num.text(out_mass) .. " t，占全部废弃物 " .. num.text(waste) .. " t 的 "
                        .. num.text(out_share, 3, limit) .. " %，超过 " .. fmt(limit) .. " %"
          en[#en + 1] = "omitted outputs weigh " .. num.text(out_mass) .. " t, " .. num.text(out_share, 3, limit)
                        .. " % of all waste " .. num.text(waste) .. " t, above " .. fmt(limit) .. " %"
          for _, it in ipairs(co.items) do
            if lib.cutoff.direction(it) == "output" then ev[#ev + 1] = it.ptr .. "/mass_t" end
          end
        end
      end
    end
    if #zh > 0 then
      return fail { zh = table.concat(zh, "；") .. "（第26段，参数 cutoff_mass_max_pct）",
                    en = table.concat(en, "; ") .. " (¶26, parameter cutoff_mass_max_pct)",
                    evidence = ev, values = values, metrics = metrics }
    end
    return pass { zh = "舍弃的输入重量合计 " .. num.text(in_mass) .. " t，占产品重量 " .. num.text(product) .. " t 的 "
                       .. num.text(in_share, 3, limit) .. " %，不超过 " .. fmt(limit) .. " %"
                       .. (values.omitted_output_pct and ("；舍弃的输出占全部废弃物的 " .. num.text(num.share_pct(out_mass, values.waste_t), 3, limit) .. " %") or "")
                       .. "（第26段）",
                  en = "omitted inputs weigh " .. num.text(in_mass) .. " t, " .. num.text(in_share, 3, limit) .. " % of the product mass "
                       .. num.text(product) .. " t, not above " .. fmt(limit) .. " %"
                       .. (values.omitted_output_pct and ("; omitted outputs are " .. num.text(num.share_pct(out_mass, values.waste_t), 3, limit) .. " % of all waste") or "")
                       .. " (¶26)",
                  values = values, metrics = metrics }
  end,
}

-- ¶27 the PCR's minimum data quality. The case names it in
-- product.pcr.data_quality_min ({primary, secondary}: good / fair / poor);
-- otherwise parameters dq_min_primary / dq_min_secondary. Primary means
-- data_type site_specific or primary; secondary means secondary. The table's
-- own words (WPRZ 7.7.4.7 表 1 好 / 一般 / 极差, which the ratings follow).
local DQ_ZH = { good = "好", fair = "一般", poor = "极差", unusable = "低于极差（不可用）" }
local DQ_LEVEL = lib.quality.LEVEL
local DQ_IND = {
  { key = "technology", raw = "technology", zh = "技术代表性", en = "technology" },
  { key = "time", raw = "age_years", zh = "时间代表性", en = "age", unit_zh = " 年", unit_en = " years" },
  { key = "geography", raw = "geography", zh = "地理代表性", en = "geography" },
  { key = "reliability", raw = "reliability", zh = "可靠性", en = "reliability" },
  { key = "completeness", raw = "completeness_pct", zh = "完整性", en = "completeness", unit_zh = " %", unit_en = " %" },
}
local DATA_TYPE_ZH = { site_specific = "现场数据", primary = "初级数据", secondary = "次级数据" }

local function dq_minimums(c)
  local m = util.get(c, "product", "pcr", "data_quality_min")
  local pmin, smin, from = P.dq_min_primary, P.dq_min_secondary, "parameter"
  if m ~= nil then
    if DQ_LEVEL[m.primary] then pmin = m.primary; from = "pcr" end
    if DQ_LEVEL[m.secondary] then smin = m.secondary; from = "pcr" end
  end
  return pmin, smin, from
end

rule {
  slug    = "dq-minimum", topic = "data-quality",
  clause  = "8.3",
  title   = { zh = "数据质量满足 PCR 最低要求，否则认证结果为不通过（第27段）",
              en = "Data quality meets the PCR minimum; otherwise the certification result is 'not passed' (¶27)" },
  stages  = "all",
  severity = "serious",
  effect  = "nc",
  params  = { "dq_min_primary", "dq_min_secondary", "dq_gap_at_application" },
  check   = function(c, f)
    local fp = f.fp
    if not fp.present or fp.line_count == 0 then
      return insufficient { zh = "未提供碳足迹清单", en = "no footprint inventory", evidence = { "/footprint/inventory" } }
    end
    local pmin, smin, from = dq_minimums(c)
    local bad, unrated = nil, nil
    local lines = fp.lines
    for i = 1, #lines do
      local l = lines[i]
      local q = l.quality
      -- a line with an indicator missing is still below the minimum when a
      -- stated indicator already is; without a data type, when it is below both
      local lvl = q.level or (q.worst_known ~= nil and DQ_LEVEL[q.worst_known]) or nil
      local dt = l.line.data_type
      local min = dt == "secondary" and smin or pmin
      if dt == nil and DQ_LEVEL[smin] > DQ_LEVEL[pmin] then min = smin end
      if lvl ~= nil and (lvl == 4 or lvl > DQ_LEVEL[min]) then
        bad = bad or {}; bad[#bad + 1] = { l = l, min = min }
      elseif (q.level == nil or dt == nil) and counts(l) then
        unrated = unrated or {}; unrated[#unrated + 1] = l.ptr .. (q.level == nil and "/quality" or "/data_type")
      end
    end
    local values = { min_primary = pmin, min_secondary = smin, minimum_from = from }
    if bad then
      local zh, en, ev, ind = {}, {}, {}, {}
      for k = 1, #bad do
        local l, min = bad[k].l, bad[k].min
        local q, ln = l.quality, l.line
        local mlvl = DQ_LEVEL[min]
        local iz, ie = {}, {}
        for j = 1, #DQ_IND do
          local d = DQ_IND[j]
          local r = q[d.key]
          if r ~= nil and (DQ_LEVEL[r] > mlvl or DQ_LEVEL[r] == 4) then
            local raw = ln.quality and ln.quality[d.raw]
            local rz = raw ~= nil and (fmt(raw) .. (d.unit_zh or "")) or ""
            local re = raw ~= nil and (fmt(raw) .. (d.unit_en or "")) or ""
            iz[#iz + 1] = d.zh .. " " .. rz .. "（" .. DQ_ZH[r] .. "）"
            ie[#ie + 1] = d.en .. " " .. re .. " (" .. r .. ")"
            ind[#ind + 1] = tostring(ln.id or l.ptr) .. ":" .. d.raw
          end
        end
        local id = tostring(ln.id or l.ptr)
        zh[k] = id .. "（" .. (DATA_TYPE_ZH[ln.data_type] or "数据类型未说明") .. "，最低要求“" .. DQ_ZH[min] .. "”）：" .. table.concat(iz, "、")
        en[k] = id .. " (" .. tostring(ln.data_type) .. ", minimum " .. min .. "): " .. table.concat(ie, ", ")
        ev[k] = l.ptr .. "/quality"
      end
      values.lines_below = #bad; values.indicators = ind
      local src_zh = from == "pcr" and "PCR 规定的最低数据质量" or "最低数据质量（PCR 未在案例中说明，按参数：初级数据“" .. DQ_ZH[pmin] .. "”、次级数据“" .. DQ_ZH[smin] .. "”）"
      local src_en = from == "pcr" and "the PCR's minimum data quality" or ("the minimum data quality (the case names no PCR minimum; parameters: primary " .. pmin .. ", secondary " .. smin .. ")")
      if c.stage == "application" and P.dq_gap_at_application == "supplement" then
        return fail { severity = "general", effect = "supplement",
                      zh = #bad .. " 条数据低于" .. src_zh .. "，申请阶段通知补充或改进数据（第34段），否则认证结果为不通过（第27段）：" .. table.concat(zh, "；"),
                      en = #bad .. " line(s) below " .. src_en .. ": at application the data are to be supplemented or improved (¶34), else the result is 'not passed' (¶27): " .. table.concat(en, "; "),
                      evidence = ev, values = values }
      end
      return fail { zh = #bad .. " 条数据低于" .. src_zh .. "，认证结果为不通过（第27段）：" .. table.concat(zh, "；"),
                    en = #bad .. " line(s) below " .. src_en .. ": the result is 'not passed' (¶27): " .. table.concat(en, "; "),
                    evidence = ev, values = values }
    end
    if unrated then
      return insufficient { zh = #unrated .. " 条数据未给全数据质量指标或数据类型，无法与最低要求比较", en = #unrated .. " line(s) lack data-quality indicators or a data type: they cannot be compared with the minimum",
                            evidence = unrated, values = values }
    end
    return pass { zh = "全部 " .. #lines .. " 条数据满足最低数据质量（初级数据“" .. DQ_ZH[pmin] .. "”、次级数据“" .. DQ_ZH[smin] .. "”" .. (from == "pcr" and "，PCR 规定" or "，按参数") .. "）",
                  en = "all " .. #lines .. " lines meet the minimum data quality (primary " .. pmin .. ", secondary " .. smin .. (from == "pcr" and ", from the PCR" or ", by parameter") .. ")",
                  values = values }
  end,
}

-- ¶27 注 最近一个数据可得的生产周期, measured from the stage's own date
-- (parameter period_reference): the application date at application, initial
-- certification and recertification (the data submitted with it); this
-- surveillance's onsite date (else as_of) at surveillance (¶89 本周期); as_of
-- at a change. Returns day, date string, label zh, label en.
local function period_reference(c, f)
  local st = c.stage
  if P.period_reference == "stage" and (st == "surveillance" or st == "change") then
    local od = st == "surveillance" and util.get(c, "assessment", "onsite", "date") or nil
    if od ~= nil and lib.dates.day(od) ~= nil then
      return lib.dates.day(od), od, "本次监督检查日", "this surveillance on"
    end
    return f.as_of, c.as_of, (st == "surveillance" and "本次监督评价日" or "变更评价日"),
           (st == "surveillance" and "this surveillance's evaluation date" or "the change's evaluation date")
  end
  local ap = util.get(c, "eligibility", "application_dates", "applied_on")
  if ap ~= nil and lib.dates.day(ap) ~= nil then
    return lib.dates.day(ap), ap, "申请日", "the application on"
  end
  return f.as_of, c.as_of, "评价日", "the evaluation date"
end

rule {
  slug    = "period-representative",
  clause  = "8.3",
  title   = { zh = "时效性与代表性：采用最近一个数据可得的生产周期，不含调试、试运行阶段（第27段注）",
              en = "Timeliness and representativeness: the latest available production period, no commissioning or trial period (¶27 note)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "period_latest_months", "period_reference" },
  check   = function(c, f)
    local per = c.footprint and c.footprint.period
    local s = per and lib.dates.day(per.start)
    local e = per and lib.dates.day(per["end"])
    if s == nil or e == nil then
      return insufficient { zh = "未说明数据周期（footprint.period）", en = "data period not stated", evidence = { "/footprint/period" } }
    end
    local ref, ref_s, ref_zh, ref_en = period_reference(c, f)
    local ev, zh, en = nil, nil, nil
    local function add(ptr, z, e2)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = ptr; zh[#zh + 1] = z; en[#en + 1] = e2
    end
    if e < s then add("/footprint/period", "数据周期结束早于开始", "the data period ends before it starts") end
    if ref ~= nil and e > ref then
      add("/footprint/period/end", "数据周期结束于 " .. per["end"] .. "，晚于" .. ref_zh .. " " .. ref_s,
          "the data period ends " .. per["end"] .. ", after " .. ref_en .. " " .. ref_s)
    end
    if ref ~= nil and e <= ref and not lib.dates.within_months(e, ref, P.period_latest_months) then
      add("/footprint/period/end",
          "数据周期结束于 " .. per["end"] .. "，早于" .. ref_zh .. " " .. ref_s .. " " .. P.period_latest_months .. " 个月以上，非最近一个数据可得的生产周期",
          "the data period ended " .. per["end"] .. ", more than " .. P.period_latest_months .. " months before " .. ref_en .. " " .. ref_s .. ": not the latest available period")
    end
    for _, st in ipairs(f.sites) do
      local cd = lib.dates.day(st.commissioned)
      if cd ~= nil and cd > s then
        local info = f.site_by_id[st.id]
        add((info and info.ptr or "/sites") .. "/commissioned",
            "场所 " .. tostring(st.id) .. " 投产于 " .. st.commissioned .. "，数据周期含调试或试运行阶段",
            "site " .. tostring(st.id) .. " was commissioned on " .. st.commissioned .. ", inside the data period (commissioning / trial run)")
      end
    end
    if ev then
      return fail { zh = table.concat(zh, "；") .. "（第27段注）", en = table.concat(en, "; ") .. " (¶27 note)", evidence = ev,
                    values = { period_start = per.start, period_end = per["end"], reference = ref_s } }
    end
    return pass { zh = "数据周期 " .. per.start .. " 至 " .. per["end"] .. "，在" .. ref_zh .. " " .. ref_s .. " 前 " .. P.period_latest_months .. " 个月内结束",
                  en = "data period " .. per.start .. " to " .. per["end"] .. ", ending within " .. P.period_latest_months .. " months before " .. ref_en .. " " .. ref_s,
                  values = { period_start = per.start, period_end = per["end"], reference = ref_s } }
  end,
}

local METHODS = { emission_factor = true, mass_balance = true, measured = true }

rule {
  slug    = "method",
  clause  = "9",
  title   = { zh = "量化方法：每个排放源采用排放因子法、物料平衡法或实测法；结果以质量单位二氧化碳当量/功能单位表示（第29、30段）",
              en = "Quantification: each source by emission factor, mass balance or measurement; result in mass CO2e per functional unit (¶29–¶30)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  check   = function(c, f)
    local fp = f.fp
    if not fp.present or fp.line_count == 0 then
      return insufficient { zh = "未提供碳足迹清单", en = "no footprint inventory", evidence = { "/footprint/inventory" } }
    end
    local ev, n_method, n_calc = nil, 0, 0
    local lines = fp.lines
    for i = 1, #lines do
      local l = lines[i]
      if counts(l) then
        local m = l.line.method
        if m == nil or not METHODS[m] then
          n_method = n_method + 1
          ev = ev or {}; ev[#ev + 1] = l.ptr .. "/method"
        elseif l.error ~= nil then
          n_calc = n_calc + 1
          ev = ev or {}; ev[#ev + 1] = l.error.ptr or l.ptr
        end
      end
    end
    local dec = c.footprint.declared
    local unit_bad = false
    local du = dec and dec.unit
    if du == nil or f.fp.declared == nil then
      unit_bad = true
      ev = ev or {}; ev[#ev + 1] = "/footprint/declared/unit"
    end
    if ev then
      local zh, en = {}, {}
      if n_method > 0 then
        zh[#zh + 1] = n_method .. " 条排放源未采用排放因子法、物料平衡法或实测法"
        en[#en + 1] = n_method .. " source line(s) use no emission-factor, mass-balance or measurement method"
      end
      if n_calc > 0 then
        zh[#zh + 1] = n_calc .. " 条排放源无法按所述方法计算（因子、单位或 GWP 缺失或不一致）"
        en[#en + 1] = n_calc .. " source line(s) cannot be computed by their method (factor, unit or GWP missing or inconsistent)"
      end
      if unit_bad then
        zh[#zh + 1] = "声明结果未以质量单位二氧化碳当量/声明单位表示（第30段）"
        en[#en + 1] = "the declared result is not in mass CO2e per declared unit (¶30)"
      end
      return fail { zh = table.concat(zh, "；"), en = table.concat(en, "; "), evidence = ev,
                    values = { lines_without_method = n_method, lines_not_computable = n_calc, declared_unit = du } }
    end
    return pass { zh = "每个排放源均采用排放因子法、物料平衡法或实测法并可复算；结果单位 " .. tostring(du), en = "every source uses an emission-factor, mass-balance or measurement method and recomputes; result in " .. tostring(du),
                  values = { declared_unit = du } }
  end,
}

-- CICC-CFP chapter 6: data quality and calculation (6.2 1)–3), 6.2.1 methods and database).

local find = string.find
-- Read once while the pack loads: in a check, every global name (pass, lib,
-- tostring, ...) is looked up through the sealed environment, and every field of
-- the case or of the facts through a read-only proxy. The checks below read
-- each name and field they need once.
local pass, fail, insufficient, info = pass, fail, insufficient, info
local tostring, ipairs, concat = tostring, ipairs, table.concat
local fmt = lib.util.fmt_num

-- The loops that need nothing derived from a line read the case's inventory
-- itself (c.footprint.inventory[i] is f.fp.lines[i].line, docs/facts.md):
-- one proxied read per line instead of two.

local function no_inventory(fp)
  if not fp.present or fp.line_count == 0 then
    return insufficient { zh = "未提供碳足迹清单", en = "no footprint inventory", evidence = { "/footprint/inventory" } }
  end
  return nil
end

rule {
  slug    = "sign-convention",
  clause  = "6.2",
  title   = { zh = "排放为正值，清除为负值（6.2 1)）", en = "Emissions positive, removals negative (6.2 1))" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  check   = function(c, f)
    local fp = f.fp
    local r = no_inventory(fp); if r then return r end
    -- 6.2 1) 排放为正值，清除为负值: a removal line counts negative whatever the
    -- sign of its amount (a removal entered as a negative amount, as the clause
    -- writes it, is counted the same: lib.footprint takes −|emission|); an
    -- emission line with a negative amount, factor or emission breaks the
    -- convention (it would lower the footprint as if it were a removal)
    local bad
    local n_em, n_rem = 0, 0
    local lines = fp.lines
    for i = 1, #lines do
      local l = lines[i]
      local ln = l.line
      if ln.kind == "removal" then
        n_rem = n_rem + 1
      else
        n_em = n_em + 1
        local a, fac = ln.amount, ln.factor
        local fv = fac and fac.value
        local em = l.emission_t
        -- amount and factor.value are JSON numbers or absent (case schema),
        -- emission_t a number or nil (docs/facts.md): a truth test says "stated"
        if (a and a < 0) or (fv and fv < 0) or (em and em < 0) then
          bad = bad or {}; bad[#bad + 1] = l.ptr
        end
      end
    end
    if bad then
      return fail { zh = #bad .. " 条排放数据为负值：排放应为正值；清除应记为 removal 行（其数量正负均按负值计入）（6.2 1)）",
                    en = #bad .. " emission line(s) with a negative amount, factor or emission: emissions count positive; a removal is a 'removal' line, counted negative whatever the sign of its amount (6.2 1))",
                    evidence = bad, values = { lines = #bad } }
    end
    -- the texts both languages write, made once
    local removals_t = fp.removals_t
    local em_s, rem_s, removals_s = tostring(n_em), tostring(n_rem), fmt(removals_t or 0, 4)
    return pass { zh = em_s .. " 条排放数据均为正值；" .. rem_s .. " 条清除数据按负值计入（合计 " .. removals_s .. " tCO2e）",
                  en = em_s .. " emission line(s), all positive; " .. rem_s .. " removal line(s) counted negative (" .. removals_s .. " tCO2e in total)",
                  values = { emission_lines = n_em, removal_lines = n_rem, removals_t = removals_t } }
  end,
}

local RANK_NAME = { "a) 测量/质量平衡", "b) 供应商", "c) 区域", "d) 国内", "e) 国际" }
local RANK_EN = { "a) measured / mass balance", "b) supplier", "c) regional", "d) national", "e) international" }

rule {
  slug    = "factor-priority",
  clause  = "6.2",
  title   = { zh = "排放因子优先次序：测量或质量平衡 > 供应商 > 区域 > 国内 > 国际；每个因子注明来源类型和来源（6.2 2)）",
              en = "Factor priority: measured or mass balance > supplier > regional > national > international; every factor states its kind and source (6.2 2))" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "foreign_factor_unnoted_severity" },
  check   = function(c, f)
    local fp = f.fp
    local r0 = no_inventory(fp); if r0 then return r0 end
    -- 6.2 2) ranks the factors (优先次序) and does not forbid a lower rank; 6.1.2 2)
    -- allows generic data when the differences are analysed and recorded. So a
    -- factor without a known kind or a source is the NC; an international factor
    -- for a domestic process without an applicability note is reported at the
    -- severity of parameter foreign_factor_unnoted_severity.
    local ev_src, ev_for, n_src, n_for = nil, nil, 0, 0
    local counts = { 0, 0, 0, 0, 0 }
    local lines = fp.lines
    for i = 1, #lines do
      local l = lines[i]
      local r = l.rank
      if r then   -- (a source fact, or nil for a line without a factor)
        if not r.known or not r.source_stated then
          n_src = n_src + 1
          ev_src = ev_src or {}; ev_src[#ev_src + 1] = l.ptr .. (r.known and "/factor/source" or "/factor/source_kind")
        else
          local k = r.cicc
          local nk = k and counts[k]
          if nk then counts[k] = nk + 1 end
          if r.foreign_for_domestic and not r.applicability_noted then
            n_for = n_for + 1
            ev_for = ev_for or {}; ev_for[#ev_for + 1] = l.ptr .. "/factor/applicability"
          end
        end
      end
    end
    local used_zh, used_en = {}, {}
    for k = 1, 5 do
      local n = counts[k]
      if n > 0 then
        local n_s = tostring(n)
        used_zh[#used_zh + 1] = RANK_NAME[k] .. " " .. n_s
        used_en[#used_en + 1] = RANK_EN[k] .. " " .. n_s
      end
    end
    local values = { no_source = n_src, foreign_for_domestic_unnoted = n_for,
                     rank_a = counts[1], rank_b = counts[2], rank_c = counts[3], rank_d = counts[4], rank_e = counts[5] }
    if n_src > 0 or n_for > 0 then
      local zh, en, ev = {}, {}, {}
      if n_src > 0 then
        zh[#zh + 1] = n_src .. " 个因子未注明来源类型或来源"
        en[#en + 1] = n_src .. " factor(s) without a known source_kind or a source"
        for _, p in ipairs(ev_src) do ev[#ev + 1] = p end
      end
      if n_for > 0 then
        zh[#zh + 1] = n_for .. " 个国内过程使用国际排放因子而未说明其适用性（6.1.2 2) 使用通用数据应分析并记录差异）"
        en[#en + 1] = n_for .. " domestic process line(s) use an international factor without a note on its applicability (6.1.2 2): generic data need the differences analysed and recorded)"
        for _, p in ipairs(ev_for) do ev[#ev + 1] = p end
      end
      return fail { zh = concat(zh, "；") .. "（6.2 2)）", en = concat(en, "; ") .. " (6.2 2))", evidence = ev,
                    severity = n_src > 0 and "general" or P.foreign_factor_unnoted_severity, values = values }
    end
    return pass { zh = "各因子均注明来源类型和来源；所用次序：" .. (#used_zh > 0 and concat(used_zh, "，") or "无"),
                  en = "every factor states its kind and source; ranks used: " .. (#used_en > 0 and concat(used_en, ", ") or "none"),
                  values = values }
  end,
}

rule {
  slug    = "gwp",
  clause  = "6.2",
  title   = { zh = "非二氧化碳温室气体以注明的 GWP 值换算为二氧化碳当量（6.2 3)）",
              en = "Non-CO2 gases converted to CO2e with a stated GWP set (6.2 3))" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  check   = function(c, f)
    local fp = f.fp
    local r0 = no_inventory(fp); if r0 then return r0 end
    -- the non-CO2 gas lines, counted (no finding lists them)
    local n = 0
    local inv = c.footprint.inventory
    for i = 1, #inv do
      local g = inv[i].gas
      if g and g ~= "CO2" then n = n + 1 end   -- (gas: a text or absent, case schema)
    end
    local gwp = fp.gwp
    if n == 0 then
      return pass { zh = "清单中无非二氧化碳气体数据", en = "no non-CO2 gas line in the inventory", values = { non_co2_lines = 0, gwp = gwp } }
    end
    if not fp.gwp_known then
      return fail { zh = n .. " 条非二氧化碳气体数据，但未注明可用的 GWP 值组（footprint.gwp：AR4/AR5/AR6）",
                    en = n .. " non-CO2 gas line(s) but no known GWP set stated (footprint.gwp: AR4/AR5/AR6)",
                    evidence = { "/footprint/gwp" }, values = { non_co2_lines = n, gwp = gwp } }
    end
    local n_s, gwp_s = tostring(n), tostring(gwp)
    return pass { zh = n_s .. " 条非二氧化碳气体数据按 " .. gwp_s .. " GWP 值换算", en = n_s .. " non-CO2 gas line(s) converted with the " .. gwp_s .. " GWP set",
                  values = { non_co2_lines = n, gwp = gwp } }
  end,
}

rule {
  slug    = "methods",
  clause  = "6.2.1",
  title   = { zh = "温室气体量化方法：优先采用排放因子法和统计数据法（6.2.1 注）",
              en = "Quantification methods: the emission-factor and statistical methods are preferred (6.2.1 note)" },
  stages  = "all",
  info_only = true,
  check   = function(c, f)
    local n = { emission_factor = 0, mass_balance = 0, measured = 0, other = 0 }
    local fpc = c.footprint
    local inv = fpc and fpc.inventory
    for i = 1, inv and #inv or 0 do
      local m = inv[i].method
      local nm = n[m]   -- (nil for a method not counted by name, or none)
      if nm then n[m] = nm + 1 else n.other = n.other + 1 end
    end
    return info { values = n }
  end,
}

local DB_NAMES = P.cicc_database_names

rule {
  slug    = "database",
  clause  = "6.2.1",
  title   = { zh = "数据库：本公司使用中国产品全生命周期温室气体排放系数库（CPCD）；使用其他数据库需说明理由",
              en = "Database: CICC uses CPCD; another database needs a justification (6.2.1)" },
  stages  = "all",
  severity = "observation",
  effect  = "nc",
  params  = { "cicc_database_names" },
  check   = function(c, f)
    local db = f.fp.database
    local name = db ~= nil and db.name or nil
    if name == nil then
      return insufficient { zh = "未说明所用数据库", en = "database not stated", evidence = { "/footprint/database" } }
    end
    for k = 1, #DB_NAMES do
      if find(name, DB_NAMES[k], 1, true) then
        return pass { zh = "使用的数据库为 " .. name, en = "the database used is " .. name, values = { database = name } }
      end
    end
    return fail { zh = "使用的数据库为 " .. tostring(name) .. "，非 CPCD，需说明选用理由（6.2.1）",
                  en = "the database is " .. tostring(name) .. ", not CPCD: a justification is needed (6.2.1)",
                  evidence = { "/footprint/database/name" }, values = { database = name } }
  end,
}

-- 6.1.1 应收集系统边界内所有单元过程的定性资料和定量数据: every unit process of the
-- study (footprint.processes) and every life-cycle stage of the boundary
-- (footprint.boundary.stages) has inventory data.
rule {
  slug    = "unit-process-data",
  clause  = "6.1.1",
  title   = { zh = "收集系统边界内所有单元过程的定性资料和定量数据（6.1.1）",
              en = "Data collected for every unit process within the system boundary (6.1.1)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  check   = function(c, f)
    local fp = f.fp
    local r0 = no_inventory(fp); if r0 then return r0 end
    local fpc = c.footprint or {}
    local procs = fpc.processes
    local boundary = fpc.boundary
    local stages = boundary and boundary.stages
    local np, ns = procs and #procs or 0, stages and #stages or 0
    if np == 0 and ns == 0 then
      return insufficient { zh = "未说明单元过程或边界内的生命周期阶段", en = "neither the unit processes nor the boundary's life-cycle stages are stated",
                            evidence = { "/footprint/processes", "/footprint/boundary/stages" } }
    end
    -- the processes and stages the lines name: keys of the facts' per-process
    -- and per-stage sums (every line counts, with or without an error)
    local by_process, by_stage = fp.by_process_t, fp.by_stage_t
    local ev, zh, en = {}, {}, {}
    for i = 1, np do
      local p = procs[i]
      if p == nil then break end   -- (as ipairs: up to the first hole)
      local kind = p.kind
      if kind ~= nil and not by_process[kind] then
        ev[#ev + 1] = "/footprint/processes/" .. (i - 1)
        zh[#zh + 1] = "单元过程 " .. tostring(p.id or kind) .. "（" .. tostring(kind) .. "）无清单数据"
        en[#en + 1] = "unit process " .. tostring(p.id or kind) .. " (" .. tostring(kind) .. ") has no inventory data"
      end
    end
    for i = 1, ns do
      local s = stages[i]
      if s == nil then break end   -- (as ipairs)
      if not by_stage[s] then
        ev[#ev + 1] = "/footprint/boundary/stages/" .. (i - 1)
        zh[#zh + 1] = "边界内的生命周期阶段 " .. tostring(s) .. " 无清单数据"
        en[#en + 1] = "life-cycle stage " .. tostring(s) .. " of the boundary has no inventory data"
      end
    end
    if #ev > 0 then
      return fail { zh = concat(zh, "；") .. "（6.1.1）", en = concat(en, "; ") .. " (6.1.1)", evidence = ev,
                    values = { without_data = #ev } }
    end
    local np_s, ns_s = tostring(np), tostring(ns)
    return pass { zh = np_s .. " 个单元过程和 " .. ns_s .. " 个生命周期阶段均有清单数据",
                  en = "all " .. np_s .. " unit process(es) and " .. ns_s .. " life-cycle stage(s) have inventory data",
                  values = { processes = np, stages = ns } }
  end,
}

-- 6.1.2 数据质量要求: 1) 时间覆盖面 (the data's year and collection period); 2) 地理覆盖面
-- — 若无法获取具有地理针对性的数据，则可使用通用数据或类似产品（或过程）的数据，并对数据差异的
-- 原因和正确性进行分析和记录. A line whose data are not of the same region or
-- technology (quality.geography / technology similar or different) needs
-- quality.difference_analysis = true; the study's period must be stated.
local GENERIC = lib.util.keys_set(P.generic_data_levels)

rule {
  slug    = "data-coverage",
  clause  = "6.1.2",
  title   = { zh = "数据质量：时间覆盖面和地理覆盖面；使用通用数据或类似产品数据时分析并记录差异（6.1.2）",
              en = "Data quality: time and geographical coverage; generic or similar-product data only with the differences analysed and recorded (6.1.2)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "generic_data_levels" },
  check   = function(c, f)
    local fp = f.fp
    local r0 = no_inventory(fp); if r0 then return r0 end
    local fpc = c.footprint
    local per = fpc and fpc.period
    local p_start, p_end
    if per ~= nil then p_start, p_end = per.start, per["end"] end
    local unknown, bad = nil, nil
    if p_start == nil or p_end == nil then
      unknown = { "/footprint/period" }
    end
    local generic, oldest = 0, nil
    local inv = fpc.inventory
    for i = 1, #inv do
      local q = inv[i].quality
      if q then
        -- age_years is a number or absent: the case schema says so, and the
        -- engine rejects a case that breaks it before any rule runs
        local age = q.age_years
        if age and (not oldest or age > oldest) then oldest = age end
        if GENERIC[q.geography] or GENERIC[q.technology] then
          generic = generic + 1
          local analysed = q.difference_analysis
          if analysed == false then
            bad = bad or {}; bad[#bad + 1] = fp.lines[i].ptr .. "/quality/difference_analysis"
          elseif analysed == nil then
            unknown = unknown or {}; unknown[#unknown + 1] = fp.lines[i].ptr .. "/quality/difference_analysis"
          end
        end
      end
    end
    local values = { generic_lines = generic, oldest_data_years = oldest }
    if bad then
      values.unanalysed = #bad
      return fail { zh = #bad .. " 条通用或类似产品数据未对数据差异的原因和正确性进行分析和记录（6.1.2 2)）",
                    en = #bad .. " line(s) of generic or similar-product data without the differences' reasons and correctness analysed and recorded (6.1.2 2))",
                    evidence = bad, values = values }
    end
    if unknown then
      return insufficient { zh = "数据时间段或通用数据的差异分析未说明", en = "the data period, or whether the differences of generic data were analysed, is not stated",
                            evidence = unknown, values = values }
    end
    local gz = generic > 0 and (generic .. " 条通用或类似数据均已分析并记录差异") or "各行数据均为同地区、同技术的数据"
    local ge = generic > 0 and (generic .. " line(s) of generic or similar data, each with its differences analysed and recorded")
               or "every line's data are of the same region and technology"
    local oldest_s = oldest and fmt(oldest)
    return pass { zh = "数据时间段 " .. p_start .. " 至 " .. p_end .. "；" .. gz ..
                       (oldest and ("；最旧数据 " .. oldest_s .. " 年") or ""),
                  en = "data period " .. p_start .. " to " .. p_end .. "; " .. ge ..
                       (oldest and ("; oldest data " .. oldest_s .. " years old") or ""),
                  values = values }
  end,
}

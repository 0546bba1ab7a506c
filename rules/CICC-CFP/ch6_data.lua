-- CICC-CFP chapter 6: data quality and calculation (6.2 1)–3), 6.2.1 methods and database).

local find = string.find

local function no_inventory(f)
  if not f.fp.present or f.fp.line_count == 0 then
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
    local r = no_inventory(f); if r then return r end
    -- amounts are magnitudes: a removal line counts negative by its kind, so a
    -- negative amount or factor on any line breaks the convention
    local bad
    local lines = f.fp.lines
    for i = 1, #lines do
      local l = lines[i]
      local ln = l.line
      local a, fac = ln.amount, ln.factor
      local fv = fac ~= nil and fac.value or nil
      local em = l.emission_t
      -- amount and factor.value are JSON numbers or absent (case schema)
      if (a ~= nil and a < 0) or (fv ~= nil and fv < 0)
         or (em ~= nil and em < 0 and ln.kind ~= "removal") then
        bad = bad or {}; bad[#bad + 1] = l.ptr
      end
    end
    if bad then
      return fail { zh = #bad .. " 条数据的正负号与约定不符：排放应为正值，清除应记为 removal 并计为负值（6.2 1)）",
                    en = #bad .. " line(s) break the sign convention: emissions count positive, removals are 'removal' lines counted negative (6.2 1))",
                    evidence = bad, values = { lines = #bad } }
    end
    return pass { values = { removals_t = f.fp.removals_t } }
  end,
}

rule {
  slug    = "factor-priority",
  clause  = "6.2",
  title   = { zh = "排放因子优先次序：测量或质量平衡 > 供应商 > 区域 > 国内 > 国际；每个因子注明来源类型和来源（6.2 2)）",
              en = "Factor priority: measured or mass balance > supplier > regional > national > international; every factor states its kind and source (6.2 2))" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  params  = { "factor_conservative_below_rank" },
  check   = function(c, f)
    local r0 = no_inventory(f); if r0 then return r0 end
    local limit = P.factor_conservative_below_rank
    local ev, n_src, n_for, n_cons = nil, 0, 0, 0
    local lines = f.fp.lines
    for i = 1, #lines do
      local l = lines[i]
      local r = l.rank
      if r ~= nil then
        if not r.known or not r.source_stated then
          n_src = n_src + 1
          ev = ev or {}; ev[#ev + 1] = l.ptr .. (r.known and "/factor/source" or "/factor/source_kind")
        elseif r.foreign_for_domestic then
          n_for = n_for + 1
          ev = ev or {}; ev[#ev + 1] = l.ptr .. "/factor"
        elseif r.cicc ~= nil and r.cicc > limit and not r.conservative then
          n_cons = n_cons + 1
          ev = ev or {}; ev[#ev + 1] = l.ptr .. "/factor/conservative"
        end
      end
    end
    if ev then
      local zh, en = {}, {}
      if n_src > 0 then
        zh[#zh + 1] = n_src .. " 个因子未注明来源类型或来源"
        en[#en + 1] = n_src .. " factor(s) without a known source_kind or a source"
      end
      if n_for > 0 then
        zh[#zh + 1] = n_for .. " 个国内过程使用了国际（国外）排放因子"
        en[#en + 1] = n_for .. " domestic process line(s) use an international (foreign) factor"
      end
      if n_cons > 0 then
        zh[#zh + 1] = n_cons .. " 个低于国内因子次序的因子未按保守原则选取"
        en[#en + 1] = n_cons .. " factor(s) ranked below national without conservative = true"
      end
      return fail { zh = table.concat(zh, "；") .. "（6.2 2)）", en = table.concat(en, "; ") .. " (6.2 2))", evidence = ev,
                    values = { no_source = n_src, foreign_for_domestic = n_for, not_conservative = n_cons } }
    end
    return pass()
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
    local r0 = no_inventory(f); if r0 then return r0 end
    local gases
    local lines = f.fp.lines
    for i = 1, #lines do
      local l = lines[i]
      local g = l.line.gas
      if g ~= nil and g ~= "CO2" then gases = gases or {}; gases[#gases + 1] = l.ptr .. "/gas" end
    end
    if gases == nil then
      return pass { values = { non_co2_lines = 0, gwp = f.fp.gwp } }
    end
    if not f.fp.gwp_known then
      return fail { zh = #gases .. " 条非二氧化碳气体数据，但未注明可用的 GWP 值组（footprint.gwp：AR4/AR5/AR6）",
                    en = #gases .. " non-CO2 gas line(s) but no known GWP set stated (footprint.gwp: AR4/AR5/AR6)",
                    evidence = { "/footprint/gwp" }, values = { non_co2_lines = #gases, gwp = f.fp.gwp } }
    end
    return pass { values = { non_co2_lines = #gases, gwp = f.fp.gwp } }
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
    local lines = f.fp.lines
    for i = 1, #lines do
      local m = lines[i].line.method
      if n[m] ~= nil then n[m] = n[m] + 1 else n.other = n.other + 1 end
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
    if db == nil or db.name == nil then
      return insufficient { zh = "未说明所用数据库", en = "database not stated", evidence = { "/footprint/database" } }
    end
    for k = 1, #DB_NAMES do
      if find(db.name, DB_NAMES[k], 1, true) then return pass { values = { database = db.name } } end
    end
    return fail { zh = "使用的数据库为 " .. tostring(db.name) .. "，非 CPCD，需说明选用理由（6.2.1）",
                  en = "the database is " .. tostring(db.name) .. ", not CPCD: a justification is needed (6.2.1)",
                  evidence = { "/footprint/database/name" }, values = { database = db.name } }
  end,
}

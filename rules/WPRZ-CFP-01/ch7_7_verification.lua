-- WPRZ-CFP-01 7.7 电解铝碳足迹核查 (mirrors CNCA-CFP-15 5.5; own rows 7.7.4.5–7.7.4.8)
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

rule {
  slug = "assurance-reasonable", clause = "7.7.1.1", stages = { "init", "surv" }, severity = "general", effect = "nc",
  title = { zh = "核查在合理保证等级下进行（同 CNCA-CFP-15 5.5）", en = "Verification at reasonable assurance (as CNCA-CFP-15 5.5)" },
  params = { "assurance_level" },
  check = function(c, f) return E.assurance(K, c, f, NONE) end,
}

rule {
  slug = "verification-days", party = "body", clause = "7.7.3", stages = "init", severity = "general", effect = "nc",
  title = { zh = "核查人日数：每个场所一个单元不低于 4 人日，每增加 1 个单元增加 1-2 人日",
            en = "Verification person-days: at least 4 per site for one unit, 1–2 more per further unit" },
  params = { "site_base_days", "site_extra_unit_days" },
  check = function(c, f)
    return E.site_days(K, c, f, { key = "verification", metric = "verification_min_days", zh = "现场核查", en = "verification" })
  end,
}

local READING = {
  zh = "7.7.4.1“重熔用铅锭”读作“重熔用铝锭”，参数 declared_products",
  en = "7.7.4.1 '重熔用铅锭' (lead ingot) read as 重熔用铝锭 (aluminium ingot), parameter declared_products",
  pass_zh = "声明单位为 1 t 重熔用铝锭或铝液（7.7.4.1“铅锭”读作“铝锭”，参数 declared_products）",
  pass_en = "declared unit is 1 t remelting aluminium ingot or liquid aluminium (7.7.4.1 '铅锭' read as 铝锭, parameter declared_products)",
  values = { reading = "铅锭→铝锭" },
}
local DU_OPTS = { reading = READING }
rule {
  slug = "declared-unit", clause = "7.7.4.1", stages = "all", severity = "general", effect = "nc",
  title = { zh = "声明单位为符合 GB/T 1196 的 1 t 重熔用铝锭（原文“铅锭”）或铝液",
            en = "Declared unit: 1 t remelting aluminium ingot (GB/T 1196; the text says lead ingot) or liquid aluminium" },
  params = { "declared_unit_amount", "declared_products", "ingot_standard_prefix" },
  check = function(c, f) return E.declared_unit(K, c, f, DU_OPTS) end,
}

rule {
  slug = "boundary", clause = "7.7.4.2", stages = "all", severity = "serious", effect = "nc",
  title = { zh = "系统边界包括辅助材料和能源获取阶段、电解铝产品生产阶段",
            en = "Boundary includes the auxiliary-material and energy acquisition stage and the production stage" },
  params = { "boundary_stages" },
  check = function(c, f) return E.boundary(K, c, f, NONE) end,
}

rule {
  slug = "core-site-data", clause = "7.7.4.3(1)(3)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "核心单元过程（氧化铝、预焙阳极、铝电解、铝液铸锭）收集现场数据",
            en = "Core unit processes (alumina, anode, electrolysis, casting) use site-specific data" },
  check = function(c, f) return E.core_site_data(K, c, f, NONE) end,
}

local TRANSPORT = { process = "transport", zh = "辅助材料及能源运输到电解铝生产企业的运输过程", en = "transport of auxiliaries and energy to the plant" }
rule {
  slug = "transport-primary", clause = "7.7.4.3(2)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "辅助材料和能源运输到生产企业的运输过程收集初级数据",
            en = "Transport of auxiliary materials and energy to the plant uses primary data" },
  check = function(c, f) return E.primary_lines(K, c, f, TRANSPORT) end,
}

local BAUXITE = { process = "bauxite_mining", zh = "铝土矿的采选过程", en = "bauxite mining" }
rule {
  slug = "bauxite-primary", clause = "7.7.4.3(3)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "铝土矿的采选过程收集初级数据", en = "Bauxite mining uses primary data" },
  check = function(c, f) return E.primary_lines(K, c, f, BAUXITE) end,
}

local SECONDARY = { refs = { core = SCHEME .. "/7.7.4.3(1)(3)/core-site-data", bauxite_mining = SCHEME .. "/7.7.4.3(3)/bauxite-primary",
                              transport = SCHEME .. "/7.7.4.3(2)/transport-primary" } }
rule {
  slug = "secondary-allowed", clause = "7.7.4.3(2)(3)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "次级数据仅用于所列辅助材料生产和能源过程（(2) 所列“氧化铝生产”读作“氟化铝生产”），或无法收集初级数据的非核心单元过程（(1)）",
            en = "Secondary data only for the listed auxiliary productions and energy ((2)'s 氧化铝生产 read as 氟化铝生产), or a non-core process whose primary data cannot be collected ((1))" },
  params = { "secondary_allowed_processes", "secondary_allowed_flows", "secondary_unlisted_when_unavailable" },
  check = function(c, f) return E.secondary_allowed(K, c, f, SECONDARY) end,
}

rule {
  slug = "factor-priority", clause = "7.7.4.4(2)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "次级数据按优先顺序选用，低优先级因子遵循保守性原则并说明来源，国外数据核实适用性",
            en = "Secondary factors by priority; lower ranks conservative with a stated source; foreign data checked for applicability" },
  params = { "factor_top_rank" },
  check = function(c, f) return E.factor_priority(K, c, f, NONE) end,
}

rule {
  slug = "supplier-verified", clause = "Annex B 4.3.2.2(4)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "采用原材料供应商提供的次级数据，应经过第三方机构依据相关产品认证依据或实施规则的验证",
            en = "Secondary data provided by a raw-material supplier verified by a third party" },
  params = { "supplier_verification_words_fallback" },
  check = function(c, f) return E.supplier_verification(K, c, f, NONE) end,
}

local ALLOC = { include_alumina = false, clause = "7.7.4.5" }
rule {
  slug = "allocation", clause = "7.7.4.5", stages = "all", severity = "general", effect = "nc",
  title = { zh = "数据分配：细分法、扩展法或按物理/经济属性分配；有备选程序时做敏感性分析",
            en = "Allocation by subdivision, system expansion or physical/economic ratio; sensitivity analysis when alternatives exist" },
  check = function(c, f) return E.allocation(K, c, f, ALLOC) end,
}

rule {
  slug = "allocation-alumina", clause = "7.7.4.5", stages = "all", severity = "general", effect = "nc",
  title = { zh = "副产品氢氧化铝：报告 P1、P2、Ec、Er；Ec 全归氧化铝；Er 按 P1.0 与 P2 的质量分摊；总量平衡",
            en = "Hydroxide co-product: P1, P2, Ec, Er reported; Ec to alumina; Er split by mass between P1.0 and P2; totals balance" },
  params = { "alloc_tolerance_pct", "alloc_tolerance_t" },
  check = function(c, f) return E.allocation_alumina(K, c, f, NONE) end,
}

local CUTOFF = { categories = false }
rule {
  slug = "cut-off", clause = "7.7.4.6", stages = "all", severity = "general", effect = "nc",
  title = { zh = "忽略的单项物质（能量）流 ≤ 1%，总和 ≤ 5%，并在报告中说明",
            en = "Each omitted flow ≤ 1 %, all omissions ≤ 5 %, and reported" },
  params = { "cutoff_single_max_pct", "cutoff_total_max_pct", "cutoff_exclude_infrastructure" },
  check = function(c, f) return E.cutoff(K, c, f, CUTOFF) end,
}

local CUTOFF_CATS = { zh_rule = "能源和原材料的所有输入均需列出，不得忽略（7.7.4.6 (1)(2)）",
                      en_rule = "every energy and raw-material input must be listed, not omitted (7.7.4.6 (1)(2))" }
rule {
  slug = "cut-off-explicit", clause = "7.7.4.6(1)(2)(3)(6)", stages = "all", severity = "general", effect = "nc",
  title = { zh = "能源、原材料的输入均需列出；辅助材料（及 (4) 所举铝电解槽大修材料）可在限值内忽略；基础设施、设备、办公生活设施的消耗和排放忽略",
            en = "All energy and raw-material inputs listed; auxiliaries (and (4)'s cell-overhaul materials) may be omitted within the limits; infrastructure, equipment and office consumption excluded" },
  params = { "cutoff_never_omit_categories" },
  check = function(c, f) return E.cutoff_categories(K, c, f, CUTOFF_CATS) end,
}

local DQ = { unusable_rule = SCHEME .. "/7.7.4.7/dq-table" }
rule {
  slug = "data-quality", clause = "7.7.4.7", stages = "all", severity = "general", effect = "nc",
  title = { zh = "数据质量：初级数据等级为“好”，次级数据至少为“一般”",
            en = "Data quality: primary data rated good, secondary data at least fair" },
  params = { "dq_primary_max_level", "dq_secondary_max_level" },
  check = function(c, f) return E.data_quality(K, c, f, DQ) end,
}

rule {
  slug = "factor-age", clause = "7.7.4.7", stages = "all", severity = "general", effect = "nc",
  title = { zh = "次级数据时间代表性的评估以排放因子年份为依据（表 1：≤3a 好，3a~5a 一般，5a~10a 极差）",
            en = "Time rating of secondary data confirmed against the emission factor's data year (table 1: ≤ 3 years good, 3–5 fair, 5–10 poor)" },
  params = { "factor_age_reference" },
  check = function(c, f) return E.factor_age(K, c, f, NONE) end,
}

rule {
  slug = "dq-table", clause = "7.7.4.7", stages = "all", severity = "general", effect = "nc",
  title = { zh = "按表 1 对每行数据的技术、时间、地域、可靠性、完整性赋值",
            en = "Every line rated with table 1: technology, time, geography, reliability, completeness" },
  check = function(c, f)
    local lines = f.fp.lines
    if #lines == 0 then
      return insufficient({ zh = "未提供清单数据", en = "no inventory stated", evidence = { "/footprint/inventory" } })
    end
    -- fast path: every line rated (all five indicators valid) and none unusable
    local qc = f.fp.quality_counts
    if (qc.unrated or 0) == 0 and (qc.unusable or 0) == 0 then return pass() end
    local bad
    for i = 1, #lines do
      local q = lines[i].quality
      if not q.present or q.missing ~= nil or q.invalid ~= nil or q.rating == "unusable" then
        bad = bad or {}; bad[#bad + 1] = lines[i]
      end
    end
    if bad == nil then return pass() end
    local ev, items = {}, {}
    for i = 1, #bad do
      local L, q = bad[i], bad[i].quality
      ev[i] = L.ptr .. "/quality"
      local why
      if not q.present then why = "no quality"
      elseif q.missing then why = "missing " .. table.concat(q.missing, "/")
      elseif q.invalid then why = "invalid " .. table.concat(q.invalid, "/")
      else why = "below poor (older than 10 years or under 50 % complete)" end
      items[i] = tostring(L.line.id) .. ": " .. why
    end
    return fail({ zh = "数据质量评估表赋值不完整或数据不可用：" .. table.concat(items, "；"),
                  en = "data-quality table incomplete or data unusable: " .. table.concat(items, "; "), evidence = ev })
  end,
}

rule {
  slug = "recompute", clause = "7.7.4(5)", stages = "all", severity = "general", effect = "nc", decisive = true,
  title = { zh = "确认数据计算过程和结果正确：复算碳足迹与声明值一致（按声明值的修约位数）",
            en = "Calculation confirmed: the recomputed footprint equals the declared value (to its rounding)" },
  params = { "materiality_default_pct", "metric_decimals", "declared_decimals" },
  check = function(c, f) return E.recompute(K, c, f, NONE) end,
}

rule {
  slug = "report-content", clause = "7.7.4.8", stages = "init", severity = "general", effect = "nc",
  title = { zh = "碳足迹核查报告包含 (1)–(13) 项内容（含不确定性分析）",
            en = "Verification report has the 13 contents (1)–(13), incl. uncertainty analysis" },
  params = { "report_sections" },
  check = function(c, f)
    local have = c.footprint and c.footprint.report_sections
    if have == nil then
      return insufficient({ zh = "未说明核查报告的内容", en = "report sections not stated", evidence = { "/footprint/report_sections" } })
    end
    local set = {}
    for i = 1, #have do set[have[i]] = true end
    local req, missing = P.report_sections, nil
    for i = 1, #req do
      if not set[req[i]] then missing = missing or {}; missing[#missing + 1] = req[i] end
    end
    if missing then
      return fail({ zh = "核查报告缺少内容：" .. table.concat(missing, ", "), en = "verification report lacks: " .. table.concat(missing, ", "),
                    evidence = { "/footprint/report_sections" }, values = { missing = missing } })
    end
    -- (12) 不确定性分析: where the case states the range (footprint.uncertainty,
    -- in the unit of the declared value), it contains the declared result; a
    -- range that excludes the result the report declares is not an analysis
    -- of that result (the report's accuracy, 7.7.4.8 准确性)
    local fp = c.footprint
    local u, d = fp.uncertainty, fp.declared
    local lo, hi, v = u and u.low, u and u.high, d and d.value
    if type(lo) == "number" and type(hi) == "number" and type(v) == "number"
       and (lib.num.gt(lo, v) or lib.num.lt(hi, v)) then
      local range = "[" .. lib.util.fmt_num(lo) .. ", " .. lib.util.fmt_num(hi) .. "]"
      return fail({ zh = "不确定性分析（(12)）的区间 " .. range .. " 不包含声明值 " .. lib.util.fmt_num(v),
                    en = "the uncertainty analysis (12) gives the range " .. range .. ", which does not contain the declared value " .. lib.util.fmt_num(v),
                    evidence = { "/footprint/uncertainty", "/footprint/declared/value" }, values = { low = lo, high = hi, declared = v } })
    end
    return pass()
  end,
}

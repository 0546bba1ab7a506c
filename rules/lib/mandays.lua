-- mandays: minimum (and typical) person-days per scheme. Pure functions of counts.
-- Readings: docs/interpretations.md "Man-days".

local M = {}

-- CNCA-CFP-15 5.3.2 / WPRZ-CFP-01 7.5.2: 一个认证单元的文件评审人日数为 2 人日，每增加
-- 1 个认证单元 … 可酌情增加人日，最多不超过 4 人日.
-- cnca_doc_review(units) -> { min, max }: one unit → 2..2; more units → 2..4. nil for units < 1.
M.DOC_REVIEW_BASE, M.DOC_REVIEW_CAP = 2, 4
function M.cnca_doc_review(units)
  if type(units) ~= "number" or units < 1 then return nil end
  if units == 1 then return { min = M.DOC_REVIEW_BASE, max = M.DOC_REVIEW_BASE } end
  return { min = M.DOC_REVIEW_BASE, max = M.DOC_REVIEW_CAP }
end

-- CNCA-CFP-15 5.4.3 and 5.5.2 / WPRZ 7.6.3 and 7.7.3: 基础人日数不得低于 4 人日。每增加 1 个
-- 认证单元 … 相应增加 1—2 人日。不同的生产场所应分别计算人日数.
-- cnca_site(units at one site) -> { units, min = 4 + 1×(u−1), typical_max = 4 + 2×(u−1) }
M.SITE_BASE, M.SITE_ADD_MIN, M.SITE_ADD_MAX = 4, 1, 2
function M.cnca_site(units)
  if type(units) ~= "number" or units < 1 then return nil end
  return { units = units,
           min = M.SITE_BASE + M.SITE_ADD_MIN * (units - 1),
           typical_max = M.SITE_BASE + M.SITE_ADD_MAX * (units - 1) }
end

-- cnca_total(units_by_site, site_keys) -> { sites = {id → cnca_site}, site_keys, min, typical_max }
-- The onsite-inspection minimum, and equally the verification minimum (same rule).
-- `site_keys` (optional) gives the order; else the map is walked with pairs.
function M.cnca_total(units_by_site, site_keys)
  local res = { sites = {}, site_keys = {}, min = 0, typical_max = 0 }
  if units_by_site == nil then return res end
  local keys = site_keys
  if keys == nil then
    keys = {}
    for k in pairs(units_by_site) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  end
  for _, k in ipairs(keys) do
    local s = M.cnca_site(units_by_site[k])
    if s then
      res.sites[k] = s
      res.site_keys[#res.site_keys + 1] = k
      res.min = res.min + s.min
      res.typical_max = res.typical_max + s.typical_max
    end
  end
  return res
end

-- CNCA-CFP-15 6.3 / WPRZ 8.3: 监督人日数应不少于初次现场检查人日数与初次现场核查人日数之和的 50%.
-- surveillance_min(initial_onsite, initial_verification) -> number or nil
M.SURVEILLANCE_SHARE = 0.5
function M.surveillance_min(onsite, verification)
  if type(onsite) ~= "number" or type(verification) ~= "number" then return nil end
  return M.SURVEILLANCE_SHARE * (onsite + verification)
end

-- CGC-PV10 10.4.2.3 table (per certification unit, by BOM item count x):
-- ≤50 → 1; 50<x≤100 → 1; 100<x≤200 → 1.5; 200<x≤400 → 1.5; x≥400 → 2.
-- interpretations.md: x = 400 is 1.5, x > 400 is 2. Hence ≤100 → 1, ≤400 → 1.5, >400 → 2.
M.CGC_ONSITE = { { max = 100, days = 1 }, { max = 400, days = 1.5 }, { max = math.huge, days = 2 } }
function M.cgc_onsite(bom)
  if type(bom) ~= "number" or bom < 0 then return nil end
  for _, row in ipairs(M.CGC_ONSITE) do
    if bom <= row.max then return row.days end
  end
end

-- CGC-PV10 10.5.2 §74 table: BOM ≤ 200 → 1; > 200 → 2; 如果 … 核查结果可以被本机构采信，
-- 可不开展现场核查 → 0 when a prior verification is accepted.
M.CGC_VERIFICATION = { { max = 200, days = 1 }, { max = math.huge, days = 2 } }
function M.cgc_verification(bom, prior_accepted)
  if prior_accepted == true then return 0 end
  if type(bom) ~= "number" or bom < 0 then return nil end
  for _, row in ipairs(M.CGC_VERIFICATION) do
    if bom <= row.max then return row.days end
  end
end

-- CGC-PV10 10.3 §51: 文件评审一般需要 10-15 个人日 (typical, client time excluded).
M.CGC_DOC_REVIEW_TYPICAL = { min = 10, max = 15 }

-- CICC-ZY/GZ-20 Annex A (GB/T 24067 & ISO 14067 核查时间表), by GHG sources and sinks:
--   1–30:   文件审定/一阶段 1–2, 二阶段 1–2, 证书和报告 2, 合计 2–6
--   31–100: 2–3, 2–3, 2, 合计 4–8
--   > 100:  by case (证书和报告 2)
-- interpretations.md: the stated totals' minimums (2, 4) are below the row sums
-- (1+1+2 = 4, 2+2+2 = 6); report both; planned days are checked against the stated total.
M.CICC_ROWS = {
  { from = 1,  to = 30,  stage1 = { 1, 2 }, stage2 = { 1, 2 }, report = 2, stated = { 2, 6 } },
  { from = 31, to = 100, stage1 = { 2, 3 }, stage2 = { 2, 3 }, report = 2, stated = { 4, 8 } },
}
M.CICC_MAX_REDUCTION_PCT = 30   -- 9.4: 减少的时间不得超过规定核查时间的 30%

-- cicc(sources) -> table or nil (nil for a missing or < 1 count):
-- { sources, by_case, stage1 = {min,max}, stage2 = {min,max}, report,
--   row_min, row_max (row sums), stated_min, stated_max (合计 column) }
function M.cicc(n)
  if type(n) ~= "number" or n < 1 then return nil end
  for _, r in ipairs(M.CICC_ROWS) do
    if n <= r.to then
      return { sources = n, by_case = false,
               stage1 = { min = r.stage1[1], max = r.stage1[2] }, stage2 = { min = r.stage2[1], max = r.stage2[2] },
               report = r.report,
               row_min = r.stage1[1] + r.stage2[1] + r.report, row_max = r.stage1[2] + r.stage2[2] + r.report,
               stated_min = r.stated[1], stated_max = r.stated[2] }
    end
  end
  return { sources = n, by_case = true, report = 2 }
end

-- cicc_reduction_ok(planned, standard) -> bool or nil: planned ≥ 70 % of the standard time (9.4).
function M.cicc_reduction_ok(planned, standard)
  if type(planned) ~= "number" or type(standard) ~= "number" then return nil end
  -- planned × 100 ≥ standard × (100 − max), on exact decimals (lib.num; no tolerance)
  local num = lib.num
  return num.ge(num.mul(planned, 100), num.mul(standard, num.sub(100, M.CICC_MAX_REDUCTION_PCT)))
end

-- NTE-GLA 7.3.3: 一般人日数为 4 人日.
M.NTE_ONSITE = 4
function M.nte_onsite() return M.NTE_ONSITE end

-- Shared read-only parts of `f.mandays` (frozen with the library, so the
-- per-case facts do not copy them): the document-review range for one unit and
-- for more, the NTE day count, and the CICC stage ranges of each table row.
M.DOC_REVIEW_ONE = { min = M.DOC_REVIEW_BASE, max = M.DOC_REVIEW_BASE }
M.DOC_REVIEW_MORE = { min = M.DOC_REVIEW_BASE, max = M.DOC_REVIEW_CAP }
M.NTE_FACTS = { onsite = M.NTE_ONSITE }
M.CICC_STAGES = {}
for i, r in ipairs(M.CICC_ROWS) do
  M.CICC_STAGES[i] = { stage1 = { min = r.stage1[1], max = r.stage1[2] }, stage2 = { min = r.stage2[1], max = r.stage2[2] } }
end

-- facts(counts) -> `f.mandays` (docs/facts.md "Man-days").
-- counts = { unit_count, units_by_site, unit_site_keys, bom, sources, initial_onsite, initial_verification }
-- The same values as cnca_doc_review / cnca_total / cicc give, with the
-- constant parts shared (see above).
function M.facts(k)
  local tot = M.cnca_total(k.units_by_site, k.unit_site_keys)
  local keys = tot.site_keys
  local has_sites = #keys > 0
  -- every site of units_by_site has ≥ 1 unit, so site_keys is unit_site_keys: keep one table
  if k.unit_site_keys ~= nil and #keys == #k.unit_site_keys then keys = k.unit_site_keys end
  local cgc_on, cgc_ver = M.cgc_onsite(k.bom), M.cgc_verification(k.bom)
  local n = k.unit_count
  local doc_review
  if type(n) == "number" and not (n < 1) then doc_review = n == 1 and M.DOC_REVIEW_ONE or M.DOC_REVIEW_MORE end
  local cicc
  local src = k.sources
  if type(src) == "number" and not (src < 1) then
    local rows = M.CICC_ROWS
    for i = 1, #rows do
      local r = rows[i]
      if src <= r.to then
        local st = M.CICC_STAGES[i]
        local s1, s2 = r.stage1, r.stage2
        cicc = { sources = src, by_case = false, stage1 = st.stage1, stage2 = st.stage2, report = r.report,
                 row_min = s1[1] + s2[1] + r.report, row_max = s1[2] + s2[2] + r.report,
                 stated_min = r.stated[1], stated_max = r.stated[2] }
        break
      end
    end
    if cicc == nil then cicc = { sources = src, by_case = true, report = 2 } end
  end
  return {
    cnca = {
      doc_review = doc_review,
      sites = has_sites and tot.sites or lib.util.EMPTY, site_keys = keys,
      onsite_min = has_sites and tot.min or nil,
      verification_min = has_sites and tot.min or nil,
      onsite_typical_max = has_sites and tot.typical_max or nil,
      surveillance_min = M.surveillance_min(k.initial_onsite, k.initial_verification),
    },
    cgc = {
      onsite_per_unit = cgc_on, verification_per_unit = cgc_ver,
      onsite_min = (cgc_on and n and n > 0) and cgc_on * n or nil,
      verification_min = (cgc_ver and n and n > 0) and cgc_ver * n or nil,
      doc_review_typical = M.CGC_DOC_REVIEW_TYPICAL,
    },
    cicc = cicc,
    nte = M.NTE_FACTS,
  }
end

return M

-- sources: ranking of an emission factor's source per scheme family.
-- Clauses: CNCA-CFP-15 5.5.3.4(2) b) and e) (seed 001), WPRZ-CFP-01 7.7.4.4
-- (seed 000), CICC-ZY/GZ-20 6.2 2) (seed 004), CGC-PV10 8.1 (seed 002).
-- Table and readings: docs/interpretations.md "Factor sources ranked per scheme";
-- data: data/reference/factor_ranks.json (REF.factor_ranks).
--
-- Readings made here (documented in docs/facts.md "Source fact"):
-- * `supplier` is CNCA rank 2 (third-party verified) only when verified
--   (M.supplier_verification): `factor.verification.by == "third_party"`;
--   else the legacy `factor.verified`; else, as a fallback, the `source` text
--   (factor_ranks.json supplier_verified_words) — but a text with a negation
--   (supplier_negation_words: 未经, 未, not, un…, without, …) is never read as
--   verified. Otherwise rank 4.
-- * `commercial_db` is CICC rank 4 (domestic database, e.g. CPCD) or 5 (foreign):
--   `factor.region` decides when stated (a Chinese region → domestic, any other
--   → foreign); else the `source` text (Chinese / foreign database names); else
--   origin "unknown", ranked 5 (a domestic origin has to be shown).
-- * A process is domestic unless its line states `supplier_country` other than
--   China; a foreign factor on a domestic line is `foreign_for_domestic`
--   (CNCA 5.5.3.4 e): its applicability must be verified → `applicability_noted`
--   from `factor.applicability` / `factor.note`).

local M = {}
local type, pairs, ipairs = type, pairs, ipairs

local R = REF.factor_ranks

local KIND = {}
for k, v in pairs(R.kinds) do
  KIND[k] = { cnca = v.cnca, cnca_verified = v.cnca_verified, cicc = v.cicc,
              cicc_foreign = v.cicc_foreign, cgc = v.cgc, origin = v.origin }
end
M.KIND = KIND

local DOMESTIC_REGION = {}
for _, r in ipairs(R.domestic_regions) do DOMESTIC_REGION[r] = true end
local DOM_WORDS, FOR_WORDS, VER_WORDS, NEG_WORDS = {}, {}, {}, {}
for _, w in ipairs(R.supplier_negation_words) do NEG_WORDS[#NEG_WORDS + 1] = w end
for _, w in ipairs(R.domestic_source_words) do DOM_WORDS[#DOM_WORDS + 1] = w end
for _, w in ipairs(R.foreign_source_words) do FOR_WORDS[#FOR_WORDS + 1] = w end
for _, w in ipairs(R.supplier_verified_words) do VER_WORDS[#VER_WORDS + 1] = w end

local DOMESTIC_COUNTRY = { CN = true, CHN = true, China = true, china = true, PRC = true, ["中国"] = true }

local find = string.find
local function mentions(text, words)
  if type(text) ~= "string" or text == "" then return false end
  for i = 1, #words do
    if find(text, words[i], 1, true) then return true end
  end
  return false
end

-- region_is_domestic(region) -> true / false / nil (nil = not stated)
function M.region_is_domestic(region)
  if type(region) ~= "string" or region == "" then return nil end
  return DOMESTIC_REGION[region] == true
end

-- origin(factor) -> "domestic" / "foreign" / "unknown"
function M.origin(factor)
  local k = KIND[factor.source_kind]
  if k == nil then return "unknown" end
  if k.origin ~= "by_region" then return k.origin end
  local dom = M.region_is_domestic(factor.region)
  if dom ~= nil then return dom and "domestic" or "foreign" end
  local src = factor.source
  if mentions(src, FOR_WORDS) then return "foreign" end
  if mentions(src, DOM_WORDS) then return "domestic" end
  return "unknown"
end

-- supplier_verification(factor) -> state, how
--   state: "third_party" (verified by a third party), "not_third_party"
--   (stated as not, or only by the supplier itself), "unknown" (nothing says);
--   how: "field" (factor.verification.by), "legacy_field" (factor.verified),
--   "words" (the source text), nil.
-- The words are only a fallback, and a negation in the text never verifies:
-- "未经第三方验证" is "not_third_party", whatever else it says.
function M.supplier_verification(factor)
  local v = factor.verification
  if type(v) == "table" and v.by ~= nil then
    if v.by == "third_party" then return "third_party", "field" end
    return "not_third_party", "field"
  end
  local legacy = factor.verified
  if legacy == true then return "third_party", "legacy_field" end
  if legacy == false then return "not_third_party", "legacy_field" end
  local src = factor.source
  if mentions(src, NEG_WORDS) then
    if mentions(src, VER_WORDS) then return "not_third_party", "words" end
    return "unknown", nil
  end
  if mentions(src, VER_WORDS) then return "third_party", "words" end
  return "unknown", nil
end

-- supplier_verified(factor) -> bool
function M.supplier_verified(factor)
  return (M.supplier_verification(factor)) == "third_party"
end

-- Shared, precomputed results: every (kind, variant, conservative, source_stated)
-- combination is built once at load, so ranking a factor allocates nothing.
-- Variants: "base"; supplier "verified"/"unverified"; commercial_db
-- "domestic"/"unknown"; foreign origin "ffd_noted"/"ffd_unnoted"/"abroad_noted"/"abroad_unnoted"
-- (ffd = foreign_for_domestic; noted = applicability_noted).
local function make(sk, k, variant, cons, stated)
  local r = {
    source_kind = sk, known = true, conservative = cons, source_stated = stated,
    supplier_verified = false, foreign = false, foreign_for_domestic = false, applicability_noted = nil,
    origin = k.origin, cnca = k.cnca, cicc = k.cicc, cgc = k.cgc,
  }
  if variant == "verified" then r.supplier_verified = true; r.cnca = k.cnca_verified
  elseif variant == "domestic" or variant == "unknown" then
    r.origin = variant
    if variant == "unknown" then r.cicc = k.cicc_foreign or k.cicc end
  elseif variant ~= "base" and variant ~= "unverified" then
    r.origin = "foreign"; r.foreign = true
    if k.cicc_foreign then r.cicc = k.cicc_foreign end
    r.foreign_for_domestic = (variant == "ffd_noted" or variant == "ffd_unnoted")
    r.applicability_noted = (variant == "ffd_noted" or variant == "abroad_noted")
  end
  return r
end
local FOREIGN_VARIANTS = { "ffd_noted", "ffd_unnoted", "abroad_noted", "abroad_unnoted" }
local PRE = {}
for sk, k in pairs(KIND) do
  local variants
  if sk == "supplier" then variants = { "verified", "unverified" }
  elseif k.origin == "by_region" then variants = { "domestic", "unknown", table.unpack(FOREIGN_VARIANTS) }
  elseif k.origin == "foreign" then variants = FOREIGN_VARIANTS
  else variants = { "base" } end
  local byv = {}
  for _, v in ipairs(variants) do
    byv[v] = { [false] = { [false] = make(sk, k, v, false, false), [true] = make(sk, k, v, false, true) },
               [true]  = { [false] = make(sk, k, v, true, false),  [true] = make(sk, k, v, true, true) } }
  end
  PRE[sk] = byv
end

-- rank(factor, line) -> Source fact (docs/facts.md "Source fact"). `line` may be nil.
-- The result is a shared read-only table except for an unknown source_kind.
function M.rank(factor, line)
  local sk, src = factor.source_kind, factor.source
  local cons = factor.conservative == true
  local stated = type(src) == "string" and src ~= ""
  local k = KIND[sk]   -- (a table read at a nil key gives nil)
  if k == nil then
    return { source_kind = sk, known = false, conservative = cons, source_stated = stated,
             supplier_verified = false, foreign = false, foreign_for_domestic = false, origin = "unknown" }
  end
  local variant = "base"
  local origin = k.origin
  if sk == "supplier" then
    variant = M.supplier_verified(factor) and "verified" or "unverified"
  elseif origin == "by_region" then
    origin = M.origin(factor)
    variant = origin
  end
  if origin == "foreign" then
    local country = line and line.supplier_country
    local ffd = country == nil or DOMESTIC_COUNTRY[country] == true
    local app, note = factor.applicability, factor.note
    local noted = (type(app) == "string" and app ~= "") or (type(note) == "string" and note ~= "")
    if ffd then variant = noted and "ffd_noted" or "ffd_unnoted"
    else variant = noted and "abroad_noted" or "abroad_unnoted" end
  end
  return PRE[sk][variant][cons][stated]
end

return M

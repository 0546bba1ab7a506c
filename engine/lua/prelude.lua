-- cfpcheck engine glue: runs once per Lua state, before the library and the
-- packs. It is compiled into the engine (like Redis's scripting glue); rule
-- authors never edit it. It defines the rule DSL (rule{}, pass{}, ...), the
-- environments rule code runs in, and the per-case runner.
--
-- `host` is given by the engine: safe (the sandboxed standard library),
-- freeze (deep read-only copy), current (the rule now running, read by the
-- engine when an error escapes).
local host = ...
local SAFE, freeze, CUR, PROF = host.safe, host.freeze, host.current, host.prof
local BAD_KEY, MERGE, RUN_RULES = host.bad_key, host.merge, host.run_rules
local POINTER_ERROR, FIND_TEXT = host.pointer_error, host.find_text

-- "file:line" of the first line at or after `where` ("file:line") that holds
-- one of the needles; `where` itself when none does.
local function locate(where, needles)
  local file, line = where:match("^(.*):(%d+)$")
  if file and FIND_TEXT then
    for _, n in ipairs(needles) do
      local l = FIND_TEXT(file, tonumber(line), n)
      if l then return file .. ":" .. l end
    end
  end
  return where
end

local type, pairs, ipairs, error, tostring, setmetatable, rawequal, select =
      type, pairs, ipairs, error, tostring, setmetatable, rawequal, select
local sort, concat = table.sort, table.concat

local API = {}

-- Names that exist in stock Lua but are withheld from rule code.
local WITHHELD = {
  io = true, os = true, package = true, require = true, debug = true, load = true,
  loadfile = true, dofile = true, loadstring = true, collectgarbage = true,
  coroutine = true, pcall = true, xpcall = true, rawset = true, rawget = true,
  print = true, module = true, setfenv = true, getfenv = true, _G = true,
}

local function undefined(_, k)
  if WITHHELD[k] then
    error("'" .. tostring(k) .. "' is not available to rule code (sandbox)", 2)
  end
  error("undefined global '" .. tostring(k) .. "'", 2)
end

-- A global environment: a copy of the safe library plus `extra`. Reading an
-- undefined name is an error. While the pack loads, its modules may define
-- globals; seal() then fixes them: the environment becomes an empty table that
-- reads through to the globals and refuses every assignment, so no state can
-- leak from one case to the next.
local function new_env(extra)
  local env = {}
  for k, v in pairs(SAFE) do env[k] = v end
  for k, v in pairs(extra) do env[k] = v end
  return setmetatable(env, { __index = undefined })
end

local function locked(_, k)
  error("cannot assign global '" .. tostring(k) .. "': globals are fixed once the pack has loaded", 2)
end

-- Everything a pack built while loading is frozen when loading ends: a
-- global table (`cache = {}`) becomes read-only, so no case can leave data
-- in it for the next case to see.
local function seal(env)
  local data = {}
  for k, v in pairs(env) do
    if type(v) == "table" then v = freeze(v) end
    data[k] = v
  end
  for k in pairs(data) do env[k] = nil end
  setmetatable(data, { __index = undefined })
  setmetatable(env, { __index = data, __newindex = locked, __metatable = false })
end

------------------------------------------------------------------------------
-- The shared library
------------------------------------------------------------------------------
local LIB = {}
local REF = freeze(host.reference)

-- Memo tables for the library's pure functions (lib.dates.parse): a module
-- asks for one while it loads (`local M = memo_table()`) and reads and fills
-- M.t. Every evaluation step (the facts of a case, each pack's run) starts
-- with empty memo tables, at a fixed cost: no result, and no pack's
-- instruction or memory count, depends on what was evaluated before it.
local MEMO_SLOTS, memo_open = {}, true
local function memo_table()
  if not memo_open then error("memo_table() is for library modules while they load", 2) end
  local slot = { t = {} }
  MEMO_SLOTS[#MEMO_SLOTS + 1] = slot
  return slot
end
-- (When the pack loads, the engine freezes the tables a library function
-- keeps in its upvalues: the slot a module holds becomes a read-only proxy
-- of MEMO_SLOTS[i], so a module cannot replace M.t, and each reset hands it
-- a fresh, writable t.)
local function reset_memos()
  for i = 1, #MEMO_SLOTS do MEMO_SLOTS[i].t = {} end
end

local lib_env = new_env({ lib = LIB, REF = REF, memo_table = memo_table })

-- The engine loads each module chunk with _ENV = API.lib_env() and passes its
-- result here.
function API.lib_env() return lib_env end
function API.add_lib(name, module)
  if type(module) ~= "table" then
    error("library module '" .. name .. "' must return a table, got " .. type(module), 0)
  end
  LIB[name] = module
end
local LIB_RO
function API.seal_lib()
  LIB_RO = freeze(LIB)
  lib_env.lib = LIB_RO
  memo_open = false
  seal(lib_env)
end

------------------------------------------------------------------------------
-- Rule DSL
------------------------------------------------------------------------------
local ALL_STAGES = { "application", "initial", "recertification", "surveillance", "change" }
local STAGE_ALIAS = {
  all = ALL_STAGES, app = { "application" }, init = { "initial", "recertification" },
  recert = { "recertification" }, surv = { "surveillance" }, chg = { "change" },
  application = { "application" }, initial = { "initial" }, recertification = { "recertification" },
  surveillance = { "surveillance" }, change = { "change" },
}
local SEVERITIES = { serious = true, general = true, observation = true }
local EFFECTS = { refuse = true, supplement = true, nc = true, withhold = true, suspend = true,
                  revoke = true, reassess = true, cancel = true, body = true, metric = true }
-- Whose requirement a finding is (result-format.md: a finding's `party`):
-- the applicant's (default) or the certification body's own duty. A rule
-- declares `party = "body"` (effect "body" implies it); a check may set
-- `party` on one result. Body findings never change the verdict.
local PARTIES = { applicant = true, body = true }
local GRADE_STATUS = { established = true, provisional = true }
local STATUSES = { pass = true, fail = true, insufficient_data = true, not_applicable = true, info = true }
local VERDICTS = { pass = true, conditional = true, fail = true, not_applicable = true, insufficient_data = true }

-- The keys each declaration may carry. A key not listed is an error naming the
-- nearest listed one: a misspelt `severty` must not silently become the default.
local function keyset(list) local s = {} for _, k in ipairs(list) do s[k] = true end return s end
local RULE_KEYS = keyset { "slug", "clause", "title", "check", "stages", "severity", "effect", "params",
                           "topic", "scope", "info_only", "decisive", "party" }
local RESULT_KEYS = keyset { "status", "zh", "en", "evidence", "values", "metrics", "severity", "effect", "party" }
local TITLE_KEYS = keyset { "zh", "en" }

-- Edit distance (Levenshtein, by bytes) for "did you mean" hints.
local function distance(a, b)
  local la, lb = #a, #b
  local prev, cur = {}, {}
  for j = 0, lb do prev[j] = j end
  for i = 1, la do
    cur[0] = i
    local ca = a:byte(i)
    for j = 1, lb do
      local cost = (ca == b:byte(j)) and 0 or 1
      local v = prev[j] + 1
      if cur[j - 1] + 1 < v then v = cur[j - 1] + 1 end
      if prev[j - 1] + cost < v then v = prev[j - 1] + cost end
      cur[j] = v
    end
    prev, cur = cur, prev
  end
  return prev[lb]
end

-- "unknown key `severty` (did you mean `severity`?)": the nearest allowed key
-- when it is close enough, else the list of allowed keys.
local function unknown_key(k, allowed)
  local names = {}
  for n in pairs(allowed) do names[#names + 1] = n end
  sort(names)
  local best, bd = nil, math.huge
  if type(k) == "string" then
    for _, n in ipairs(names) do
      local d = distance(k, n)
      if d < bd then best, bd = n, d end
    end
  end
  local shown = type(k) == "string" and ("`" .. k .. "`") or ("a " .. type(k) .. " key")
  if best and bd <= math.max(2, #best // 3) then
    return "unknown key " .. shown .. " (did you mean `" .. best .. "`?)"
  end
  return "unknown key " .. shown .. " (allowed: " .. concat(names, ", ") .. ")"
end
API.unknown_key = unknown_key

-- The first key of t (in `next` order) that `allowed` does not list, or nil.
local function check_keys(t, allowed)
  return BAD_KEY(t, allowed)
end

-- Evidence pointers must be JSON Pointers the case schema allows (they may
-- name an absent value). Checked pointers are remembered (bounded).
local POINTER_OK, pointers_ok = {}, 0
local function evidence_error(ev)
  if type(ev) == "string" then ev = { ev } end
  if type(ev) ~= "table" then return "`evidence` must be a JSON Pointer or a list of them, not a " .. type(ev) end
  for i = 1, #ev do
    local p = ev[i]
    if not POINTER_OK[p] then
      local why = POINTER_ERROR(p)
      if why then return "evidence pointer " .. (type(p) == "string" and ("\"" .. p .. "\"") or tostring(p)) .. ": " .. why, p end
      if pointers_ok < 20000 then POINTER_OK[p] = true; pointers_ok = pointers_ok + 1 end
    end
  end
  return nil
end

local CTOR_NAME = { pass = "pass", fail = "fail", info = "info", insufficient_data = "insufficient", not_applicable = "na" }
local RESULT_ARGS = {}
for k in pairs(RESULT_KEYS) do if k ~= "status" then RESULT_ARGS[k] = true end end
-- Result constructors: ctor(t) sets t.status and returns t; ctor() a fresh
-- { status = ... } (a shared constant would let one rule, of any pack,
-- change another's result). In C (host.result_ctor, run_rules.cpp): every
-- check calls one. Errors: "<status>{...} takes a table" for a non-table,
-- "<name>{}: `status` is set by the constructor; leave it out" when t has a
-- status, both at the caller's line.
local constructor = host.result_ctor
local RESULTS = {
  pass = constructor("pass", "pass"), fail = constructor("fail", "fail"), info = constructor("info", "info"),
  insufficient = constructor("insufficient_data", "insufficient"), na = constructor("not_applicable", "na"),
}

local function check_title(t, what)
  if type(t) ~= "table" or type(t.zh) ~= "string" or type(t.en) ~= "string" then
    error(what .. " needs a bilingual title { zh = ..., en = ... }", 3)
  end
  local bad = check_keys(t, TITLE_KEYS)
  if bad ~= nil then error(what .. ": title: " .. unknown_key(bad, TITLE_KEYS), 3) end
end

local FINDING  -- finding(r, res), defined with the evaluation below

-- Creates a pack from its manifest. Returns the pack object and the global
-- environment its modules run in.
function API.new_pack(manifest, dir)
  if type(manifest) ~= "table" then error("pack.lua must return a table", 0) end
  local id = manifest.id
  if type(id) ~= "string" or not id:match("^[%w%-%.]+$") then
    error("pack.lua: `id` must be a scheme id such as NTE-GLA", 0)
  end
  local pvalues = {}
  for name, p in pairs(manifest.params or {}) do
    if type(p) ~= "table" or p.value == nil then
      error("pack.lua: parameter '" .. tostring(name) .. "' needs { value = ..., clause = ..., doc = ... }", 0)
    end
    pvalues[name] = p.value
  end
  local P = freeze(pvalues, "strict")
  local pack = { id = id, rules = {}, by_slug = {}, P = P, decide = nil, dir = dir }

  local function rule(r)
    if type(r) ~= "table" then error("rule{...} takes a table", 2) end
    if type(r.slug) ~= "string" or not r.slug:match("^[%w%-_%.]+$") then
      error("rule needs a `slug` (letters, digits, - _ .)", 2)
    end
    do
      local bad = check_keys(r, RULE_KEYS)
      if bad ~= nil then
        local here = host.where(2)
        local loc = type(bad) == "string" and locate(here, { bad .. " =", bad .. "=" }) or here
        error(loc .. ": rule '" .. r.slug .. "': " .. unknown_key(bad, RULE_KEYS), 0)
      end
    end
    if type(r.clause) ~= "string" then error("rule '" .. r.slug .. "' needs a `clause` string", 2) end
    check_title(r.title, "rule '" .. r.slug .. "'")
    local check = r.check
    if type(check) ~= "function" and not (type(check) == "table" and STATUSES[check.status]) then
      error("rule '" .. r.slug .. "' needs a `check` function (or a fixed result such as info{})", 2)
    end
    local id = pack.id .. "/" .. r.clause .. "/" .. r.slug
    if pack.by_slug[r.slug] then error("duplicate rule slug '" .. r.slug .. "'", 2) end
    local stages = r.stages or "all"
    if type(stages) == "string" then stages = { stages } end
    local set, list = {}, {}
    for _, s in ipairs(stages) do
      local exp = STAGE_ALIAS[s]
      if not exp then error("rule '" .. r.slug .. "': unknown stage '" .. tostring(s) .. "'", 2) end
      for _, e in ipairs(exp) do
        if not set[e] then set[e] = true; list[#list + 1] = e end
      end
    end
    local severity = r.severity or "general"
    if not SEVERITIES[severity] then error("rule '" .. r.slug .. "': unknown severity '" .. tostring(severity) .. "'", 2) end
    local effect = r.effect or "nc"
    if not EFFECTS[effect] then error("rule '" .. r.slug .. "': unknown effect '" .. tostring(effect) .. "'", 2) end
    for _, pname in ipairs(r.params or {}) do
      if pvalues[pname] == nil then
        error("rule '" .. r.slug .. "' names parameter '" .. tostring(pname) .. "' that pack.lua does not define", 2)
      end
    end
    if r.topic ~= nil and type(r.topic) ~= "string" then error("rule '" .. r.slug .. "': `topic` must be a string", 2) end
    local party = r.party or (effect == "body" and "body") or "applicant"
    if not PARTIES[party] then error("rule '" .. r.slug .. "': unknown party '" .. tostring(party) .. "' (applicant or body)", 2) end
    local def = {
      id = id, slug = r.slug, topic = r.topic or r.slug, clause = r.clause, title = freeze(r.title), stages = set, stage_list = list,
      severity = severity, effect = effect, party = party, params = r.params or {}, check = r.check,
      scope = r.scope and true or false, info_only = r.info_only and true or false,
      decisive = r.decisive and true or false, where = host.where(2, true),
    }
    if type(check) == "table" then
      -- a result that does not depend on the case: checked now, once; every
      -- case gets a fresh finding table holding these (read-only) fields
      local fd, m = FINDING(def, check)
      for _, k in ipairs({ "message", "evidence", "values" }) do
        if type(fd[k]) == "table" then fd[k] = freeze(fd[k]) end
      end
      if m ~= nil then
        if type(m) ~= "table" then error("metrics must be a table", 0) end
        m = freeze(m)
      end
      def.fixed, def.fixed_metrics = fd, m
    end
    pack.rules[#pack.rules + 1] = def
    pack.by_slug[r.slug] = def
    -- returns nothing: the definition is the engine's, not the rule's
  end

  local function decide(fn)
    if type(fn) ~= "function" then error("decide(...) takes a function", 2) end
    if pack.decide then error("decide(...) called twice", 2) end
    pack.decide = fn
  end

  local extra = { rule = rule, decide = decide, P = P, SCHEME = id, lib = LIB_RO }
  for k, v in pairs(RESULTS) do extra[k] = v end
  local env = new_env(extra)
  pack.env = env
  return pack, env
end

-- The fields of a finding, in the order its constructor (finding, below) gives them.
local FINDING_KEYS = { "rule", "slug", "topic", "clause", "status", "title", "decisive", "scope", "party",
                       "severity", "effect", "message", "evidence", "values" }

-- What host.run_rules reads of a rule, as an array (run_rules.cpp, enum Rec,
-- same order): one indexed read per field instead of a hash look-up in the
-- definition, for every rule of every case. A fixed result's finding is kept
-- as a flat list { key1, value1, key2, value2, ... } in FINDING_KEYS order,
-- from which each case gets its own copy. Made once, when the pack is sealed;
-- the records never leave the engine.
local function run_record(r)
  local fixed = false
  if r.fixed then
    fixed = {}
    for _, k in ipairs(FINDING_KEYS) do
      local v = r.fixed[k]
      if v ~= nil then fixed[#fixed + 1] = k; fixed[#fixed + 1] = v end
    end
  end
  local rec = { r.id, r.slug, r.topic, r.clause, r.title, r.decisive, r.scope, r.party, r.severity, r.effect,
                r.check, fixed }
  rec[13], rec[14] = r.fixed_metrics, r
  return rec
end

-- After the modules ran: fix the globals and precompute per-stage rule lists
-- (and their run records).
function API.seal_pack(pack)
  seal(pack.env)
  pack.by_stage, pack.recs_by_stage = {}, {}
  for _, s in ipairs(ALL_STAGES) do
    local list, recs = {}, {}
    for _, r in ipairs(pack.rules) do if r.scope and r.stages[s] then list[#list + 1] = r end end
    for _, r in ipairs(pack.rules) do if not r.scope and r.stages[s] then list[#list + 1] = r end end
    for i, r in ipairs(list) do recs[i] = run_record(r) end
    pack.by_stage[s], pack.recs_by_stage[s] = list, recs
  end
  return pack
end

-- Metadata for `schemes` / `explain`.
function API.describe(pack)
  local out = {}
  for i, r in ipairs(pack.rules) do
    out[i] = { id = r.id, slug = r.slug, topic = r.topic, clause = r.clause, title = r.title, stages = r.stage_list,
               severity = r.severity, effect = r.effect, party = r.party, params = r.params, scope = r.scope,
               info_only = r.info_only, decisive = r.decisive, where = r.where }
  end
  return out
end

------------------------------------------------------------------------------
-- Evaluation
------------------------------------------------------------------------------
function API.build_facts(c)
  CUR.pack, CUR.rule = "lib", "lib/facts.build"
  reset_memos()
  if CUR.profile then PROF("lib/facts.build") end
  local f = LIB.facts.build(c)
  if type(f) ~= "table" then error("lib.facts.build must return a table", 0) end
  -- 64: about the number of tables in a case's facts (a size hint for the
  -- engine's table of tables already frozen; any number gives the same result)
  return freeze(f, nil, 64)
end

-- An error about what a rule returned, at `loc` ("file:line") or at the
-- rule's declaration.
local function bad_result(r, what, loc)
  error((loc or r.where) .. ": rule " .. r.id .. ": " .. what, 0)
end

-- Turns one check's return value into a finding (one table, built at once).
local function finding(r, res)
  if type(res) ~= "table" then
    bad_result(r, "check returned " .. type(res) .. "; it must return pass{}, fail{}, insufficient{}, na{} or info{}")
  end
  local status = res.status
  if not STATUSES[status] then
    bad_result(r, "check returned a table without a status; build results with pass{}, fail{}, ...")
  end
  local bad = BAD_KEY(res, RESULT_KEYS)
  if bad ~= nil then
    local loc = type(bad) == "string" and locate(r.where, { bad .. " =", bad .. "=" }) or nil
    bad_result(r, CTOR_NAME[status] .. "{}: " .. unknown_key(bad, RESULT_ARGS), loc)
  end
  local party = res.party or r.party
  local sev, eff
  if status == "fail" then
    sev = res.severity or r.severity
    if not SEVERITIES[sev] then bad_result(r, "unknown severity '" .. tostring(sev) .. "'") end
    eff = res.effect or r.effect
    if not EFFECTS[eff] then bad_result(r, "unknown effect '" .. tostring(eff) .. "'") end
    if eff == "body" then party = "body" end
  end
  if party ~= "applicant" and not PARTIES[party] then bad_result(r, "unknown party '" .. tostring(party) .. "'") end
  local message
  local zh, en = res.zh, res.en
  if zh ~= nil or en ~= nil then
    message = { zh = zh or en, en = en or zh }
  else
    message = r.title
  end
  local ev = res.evidence
  if ev ~= nil then
    local why, p = evidence_error(ev)
    if why then
      local loc = type(p) == "string" and locate(r.where, { '"' .. p .. '"', "'" .. p .. "'" }) or nil
      bad_result(r, CTOR_NAME[status] .. "{}: " .. why, loc)
    end
    if type(ev) == "string" then ev = { ev } end
  end
  return { rule = r.id, slug = r.slug, topic = r.topic, clause = r.clause, status = status, title = r.title,
           decisive = r.decisive or nil, scope = r.scope or nil, party = party, severity = sev, effect = eff,
           message = message, evidence = ev, values = res.values }, res.metrics
end
FINDING = finding

local function merge(into, from)
  if from == nil then return end
  if type(from) ~= "table" then error("metrics must be a table", 0) end
  if MERGE(into, from) then return end
  for k, v in pairs(from) do
    if type(k) ~= "string" then error("metrics must be keyed by names (a " .. type(k) .. " key was given)", 0) end
    into[k] = v
  end
end

-- Evaluates one pack on one case. Returns the scheme result table.
function API.run(pack, c, f)
  local stage = c.stage
  CUR.pack = pack.id
  reset_memos()
  local rules = pack.by_stage[stage] or {}
  local metrics = {}
  local prof = CUR.profile and PROF or nil
  -- every rule in order (host.run_rules, the loop in C, reading the rules'
  -- records): CUR.rule = r.id, fd, m = finding(r, r.check(c, f)) (or a copy
  -- of r.fixed), findings[#findings + 1] = fd, by_rule[r.slug] = fd,
  -- merge(metrics, m), with findings and by_rule new tables; it stops at a
  -- scope rule that gives not_applicable and returns its index too
  local findings, by_rule, na = RUN_RULES(pack.recs_by_stage[stage] or {}, c, f, metrics, prof, CUR, finding, merge,
                                          POINTER_OK)
  if na then
    local fd = findings[na]
    return { applicable = false, applicability = fd.message, verdict = "not_applicable",
             action = nil, native = fd.message, decided_by = { rules[na].id }, metrics = metrics,
             findings = { fd } }
  end
  CUR.rule = pack.id .. "/decide"
  if prof then prof(CUR.rule) end
  local R = { stage = stage, findings = findings, by_rule = by_rule, case = c, facts = f, P = pack.P,
              scheme = pack.id, metrics = metrics }
  local d
  if pack.decide then d = pack.decide(R) else d = LIB.verdict.standard(R, {}) end
  if type(d) ~= "table" or not VERDICTS[d.verdict] then
    error(pack.id .. ": the decision must return { verdict = pass|conditional|fail|not_applicable|insufficient_data, ... }", 0)
  end
  merge(metrics, d.metrics)
  -- grade_status (result-format.md): null without a grade; with one, what the
  -- decision says, and `provisional` unless it says `established` (a grade is
  -- never called established by default)
  local grade_status = nil
  if d.grade ~= nil then
    grade_status = d.grade_status
    if d.grade_status ~= nil and not GRADE_STATUS[grade_status] then
      error(pack.id .. ": grade_status must be established or provisional, not " .. tostring(d.grade_status), 0)
    end
    grade_status = grade_status or "provisional"
  end
  -- the first scope rule's finding: scope rules come first (API.seal_pack),
  -- so it is the first finding when there is one
  local scope = rules[1] and rules[1].scope and findings[1] or nil
  return { applicable = true, applicability = scope and scope.message or nil,
           verdict = d.verdict, action = d.action, native = d.native, grade = d.grade, grade_status = grade_status,
           decided_by = d.decided_by or {}, metrics = metrics, findings = findings }
end

------------------------------------------------------------------------------
-- Library tests (tests/lib/*.lua)
------------------------------------------------------------------------------
local function deep_eq(a, b)
  if a == b then return true end
  if type(a) == "number" and type(b) == "number" then return a == b end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  for k, v in pairs(a) do if not deep_eq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

local function show(v, depth)
  depth = depth or 0
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" or depth > 3 then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  sort(keys, function(x, y) return tostring(x) < tostring(y) end)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k], depth + 1) end
  return "{" .. concat(parts, ", ") .. "}"
end

function API.test_env(pcall_fn)
  reset_memos()
  local results = { passed = 0, failed = 0, messages = {} }
  local function eq(a, b, msg)
    if not deep_eq(a, b) then
      error((msg and (msg .. ": ") or "") .. "expected " .. show(b) .. ", got " .. show(a), 2)
    end
  end
  local function near(a, b, tol, msg)
    if type(a) ~= "number" or math.abs(a - b) > (tol or 1e-9) then
      error((msg and (msg .. ": ") or "") .. "expected " .. tostring(b) .. " ± " .. tostring(tol) ..
            ", got " .. tostring(a), 2)
    end
  end
  local function ok(v, msg) if not v then error(msg or "expected a true value", 2) end end
  local function raises(fn, pattern, msg)
    local good, err = pcall_fn(fn)
    if good then error((msg or "expected an error") .. " (none raised)", 2) end
    if pattern and not tostring(err):find(pattern) then
      error((msg or "error") .. ": '" .. tostring(err) .. "' does not match '" .. pattern .. "'", 2)
    end
  end
  local function test(name, fn)
    local good, err = pcall_fn(fn)
    if good then results.passed = results.passed + 1
    else
      results.failed = results.failed + 1
      results.messages[#results.messages + 1] = name .. ": " .. tostring(err)
    end
  end
  local env = new_env({ lib = LIB_RO, REF = REF, test = test, eq = eq, near = near, ok = ok, raises = raises })
  return env, results
end

return API

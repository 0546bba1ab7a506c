-- verdict: the standard decision "From findings to a verdict".
--
-- Implements docs/library.md "verdict" with the
-- vocabularies of cfpresult/1 (docs/library.md "verdict") (verdict: pass / conditional / fail /
-- not_applicable / insufficient_data; action per stage) and the effects of
-- docs/rule-authoring.md ("Effects: what a fail means").
--
-- A pack's decide() calls
--     return lib.verdict.standard(R, OPTS)
-- (adding grade / metrics itself), where OPTS carries the scheme's own words
-- and periods. The assessors' nonconformities (case /assessment/
-- nonconformities) are read here directly; a pack's conclusion rule reports
-- them with lib.verdict.nc_summary and is cited in decided_by when they
-- decide. Reference and worked examples: docs/library.md, section "verdict".

local verdict = {}

local util, dates = lib.util, lib.dates
local num_round = lib.num.round   -- (a function in a local: no look-up through the read-only library)
local type, error, tostring, format = type, error, tostring, string.format
local concat = table.concat

---------------------------------------------------------------------------
-- Vocabularies (result-format.md)
---------------------------------------------------------------------------

-- Stage names as written in a case (`stage`) or in a rule's `stages` list.
local STAGE = {
  app = "application", application = "application",
  init = "initial", initial = "initial",
  recert = "recertification", recertification = "recertification",
  surv = "surveillance", surveillance = "surveillance",
  chg = "change", change = "change",
}

-- Which step of the decision a stage follows: application (step 3),
-- initial/recertification (step 4), surveillance/change (steps 5-6).
-- Stages whose round assesses the factory: the assessors' findings
-- (assessment.nonconformities) are then a decisive fact (rule 3).
local ASSESSED = { initial = true, recertification = true, surveillance = true }

local PHASE = {
  application = "app", initial = "init", recertification = "init",
  surveillance = "surv", change = "surv",
}

--- verdict.actions[stage] → { pass =, corrected =, conditional =, fail = }
-- the action words of result-format.md per stage: `pass` with no NC,
-- `corrected` when every NC was closed, `conditional` with open NCs or
-- supplements, `fail` the stage's default failing action.
verdict.actions = {
  application     = { pass = "accept",  corrected = "accept", conditional = "request_supplement", fail = "refuse" },
  initial         = { pass = "certify", corrected = "certify_after_correction", conditional = "certify_after_correction", fail = "withhold" },
  recertification = { pass = "certify", corrected = "certify_after_correction", conditional = "certify_after_correction", fail = "withhold" },
  surveillance    = { pass = "maintain", corrected = "maintain_after_correction", conditional = "maintain_after_correction", fail = "suspend" },
  change          = { pass = "maintain", corrected = "maintain_after_correction", conditional = "maintain_after_correction", fail = "suspend" },
}

-- A failing effect (rule-authoring.md "Effects") → action in each phase.
-- application: everything that fails refuses. initial/recertification:
-- everything withholds. surveillance/change: suspend / revoke / reassess as
-- named; `withhold` (WPRZ 7.8.4 不做出保持认证的决定) suspends; `refuse`
-- (e.g. falsified documents 5.2(3): "refuse (app), withhold/revoke later")
-- revokes unless opts.refuse_action_surveillance says otherwise.
local FAIL_ACTION = {
  app  = { refuse = "refuse", withhold = "refuse", suspend = "refuse", revoke = "refuse", reassess = "refuse", cancel = "refuse" },
  init = { refuse = "withhold", withhold = "withhold", suspend = "withhold", revoke = "withhold", reassess = "withhold", cancel = "withhold" },
  surv = { refuse = "revoke", withhold = "suspend", suspend = "suspend", revoke = "revoke", reassess = "reassess", cancel = "cancel" },
}

-- Which failing action wins when several apply (higher wins).
-- cancel (注销: the certificate lapsed or expired) outranks suspend and
-- reassess (there is nothing left to suspend) but not revoke.
local DEFAULT_RANK = { revoke = 5, cancel = 4, suspend = 3, reassess = 2, withhold = 1, refuse = 1 }

--- verdict.default_native → generic wording per outcome key (used when a
-- pack's opts.native has no entry). Keys: "verdict/action" (e.g.
-- "pass/certify_after_correction"), optionally "/written" or "/onsite",
-- and "not_applicable", "insufficient_data".
verdict.default_native = {
  ["pass/accept"]                           = { zh = "符合要求", en = "conforming: application accepted" },
  ["conditional/request_supplement"]        = { zh = "基本符合要求，需补充完善", en = "basically conforming: supplements required" },
  ["fail/refuse"]                           = { zh = "不符合要求", en = "nonconforming: application refused" },
  ["pass/certify"]                          = { zh = "通过", en = "passed" },
  ["pass/certify_after_correction"]         = { zh = "验证纠正措施合格后通过", en = "passed after the corrective actions were verified" },
  ["conditional/certify_after_correction"]  = { zh = "待纠正措施验证合格后通过", en = "passes once the open nonconformities are corrected and verified" },
  ["fail/withhold"]                         = { zh = "不通过", en = "not passed: certificate withheld" },
  ["pass/maintain"]                         = { zh = "监督检查通过", en = "surveillance passed: certificate maintained" },
  ["pass/maintain_after_correction"]        = { zh = "验证纠正措施合格后监督检查通过", en = "surveillance passed after the corrective actions were verified" },
  ["conditional/maintain_after_correction"] = { zh = "待纠正措施验证合格后保持认证", en = "certificate maintained once the open nonconformities are corrected and verified" },
  ["fail/suspend"]                          = { zh = "暂停认证证书", en = "certificate suspended" },
  ["fail/revoke"]                           = { zh = "撤销认证证书", en = "certificate revoked" },
  ["fail/reassess"]                         = { zh = "认证失效，应重新认证", en = "certification lapsed: re-certification required" },
  ["fail/cancel"]                           = { zh = "注销认证证书", en = "certificate cancelled (lapsed or expired)" },
  ["not_applicable"]                        = { zh = "不适用", en = "not applicable" },
  ["insufficient_data"]                     = { zh = "信息不足，无法作出结论", en = "insufficient data for a conclusion" },
  ["insufficient_data/findings"]            = { zh = "未说明检查/核查发现的不符合项，无法作出结论",
                                                en = "the assessors' nonconformities are not stated: no conclusion possible" },
}

-- The conclusion rule's slug for this stage: opts.conclusion is a slug, or
-- a table stage → slug (full stage names or the short ones).
local function conclusion_slug(conclusion, stage)
  if type(conclusion) == "string" then return conclusion end
  if type(conclusion) == "table" then
    local s = conclusion[stage]
    if s == nil then
      for k, v in pairs(conclusion) do
        if STAGE[k] == stage then s = v end
      end
    end
    return s
  end
  return nil
end

-- Rule id for a slug: the finding's id when the rule ran, else the slug.
local function resolve_id(R, slug)
  if slug == nil then return nil end
  local f = R.by_rule and R.by_rule[slug]
  if f and f.rule then return f.rule end
  local fs = R.findings or {}
  for i = 1, #fs do
    if fs[i].slug == slug or fs[i].rule == slug then return fs[i].rule end
  end
  return slug
end

-- Whether rule `slug` gave a finding that applies (rule 10: decided_by never
-- cites a finding that did not apply).
local function has_finding(R, slug)
  if slug == nil then return false end
  local f = R.by_rule and R.by_rule[slug]
  if f == nil then
    local fs = R.findings or {}
    for i = 1, #fs do
      if fs[i].slug == slug or fs[i].rule == slug then f = fs[i]; break end
    end
  end
  return f ~= nil and f.status ~= "not_applicable" and f.status ~= "na"
end
--- verdict.applied(R, slug) → whether rule `slug` (or a full rule id) gave a
-- finding that applies: the only kind decided_by may cite (rule 10).
verdict.applied = has_finding

---------------------------------------------------------------------------
-- The assessors' nonconformities
---------------------------------------------------------------------------

local function day_or_nil(s)
  if s == nil then return nil end
  return dates.day(s)
end

-- An NC's correction deadline (day number): the scheme's correction period
-- from raised_on when `months` is given, else the NC's own due date.
local function nc_deadline(nc, months)
  local deadline
  if months then
    local raised = nc.raised_on
    if raised then
      local r = day_or_nil(raised)
      if r then deadline = dates.add_months(r, months) end
    end
  end
  if deadline == nil then deadline = day_or_nil(nc.due_on) end
  return deadline
end

--- verdict.nc_summary(c, as_of, opts) → summary of /assessment/nonconformities
-- (case-format.md "NC"; requirements.md steps 4-5).
-- opts (all optional):
--   correction_months  deadline = raised_on + n months (Art. 202) instead of
--                      due_on (NTE 7.6.3: 1; CGC 12 §91: 2). Falls back to
--                      due_on when raised_on is missing.
--   classify(nc)       → "serious" / "general" / "observation": reclassify
--                      an NC (default: its `severity` as raised; nil → general)
--   serious_fails_even_closed  a serious NC blocks even when closed (NTE 7.3.5)
--   closed_late_fails  an NC closed after its deadline blocks (default false)
-- Definitions: open = closed_on is nil; overdue = open and deadline < as_of;
-- closed_late = closed_on > deadline. Observations are counted apart and are
-- not nonconformities (they never block and never need correction).
-- Returns a table:
--   total, open, closed, overdue, closed_late, serious, serious_open,
--   serious_closed, general, general_open, general_closed, systemic,
--   observation, verified_written, verified_onsite, verified_unknown
--     (closed NCs without verified_by), no_deadline (open NCs without a deadline)
--   ids  = { open, closed, overdue, closed_late, serious, systemic, blocking } (NC ids)
--   ptrs = the same as JSON Pointers ("/assessment/nonconformities/0")
--   blocking (bool), reasons (list of "systemic"/"serious_open"/"overdue"/
--     "serious_closed"/"closed_late"), outcome: "blocking"/"open"/"closed"/"none"
--   verified_variant: "onsite" if any closed NC was verified on site, else
--     "written" if any in writing, else nil
--   status ("fail" when blocking or open, else "pass"), severity ("serious"
--     when blocking, "general" when open, else nil), message = { zh, en },
--   evidence (pointers of the blocking NCs, else the open ones, else all),
--   values (counts and id lists, for a finding's `values`)
-- A conclusion rule typically returns
--   local s = lib.verdict.nc_summary(c, c.as_of, OPTS_NC)
--   if s.status == "fail" then return fail{ zh = s.message.zh, en = s.message.en,
--        severity = s.severity, evidence = s.evidence, values = s.values } end
--   return pass{ zh = s.message.zh, en = s.message.en, values = s.values }
local NO_OPTS = {}

-- Pointers /assessment/nonconformities/<i-1>, precomputed.
local NC_PTR = {}
for i = 1, 200 do NC_PTR[i] = "/assessment/nonconformities/" .. format("%d", i - 1) end

-- Which NCs drive this round (requirements.md rule 6): at `surveillance` and
-- `change`, only those raised in this round: source "surveillance", or
-- raised after the last decision before this round (the later of
-- history.last_surveillance_on, history.initial_decision_on and
-- certificate.issued_on). NCs of earlier rounds count only through a pack's
-- previous-NCs rule. At other stages every NC counts.
local ROUND_STAGE = { surveillance = true, change = true }

--- verdict.round_start(c) → day number of the last decision before this
-- round (nil when none is stated).
-- later_day(best, s): the later of day number `best` (or nil) and date text
-- `s` (or nil / not a date).
local function later_day(best, s)
  local d = day_or_nil(s)
  if d and (best == nil or d > best) then return d end
  return best
end
function verdict.round_start(c)
  local h, cert = c.history, c.certificate
  local best
  if h then best = later_day(later_day(best, h.last_surveillance_on), h.initial_decision_on) end
  if cert then best = later_day(best, cert.issued_on) end
  return best
end

--- verdict.nc_this_round(c, nc, start) → true when the NC was raised in this
-- round (always true outside surveillance and change). `start` is
-- verdict.round_start(c) (computed when not given).
function verdict.nc_this_round(c, nc, start)
  if not ROUND_STAGE[c.stage] then return true end
  if nc.source == "surveillance" then return true end
  if start == nil then start = verdict.round_start(c) end
  local raised = day_or_nil(nc.raised_on)
  if raised == nil or start == nil then return false end
  return raised > start
end

-- The verification modes a scheme accepts for closing an NC (rule 5: closed
-- counts only when verified): opts.verified_by = { written = true, onsite = true }.
local ANY_VERIFICATION = { written = true, onsite = true }

-- The reading context of one call (summarize, brief): the options (read by
-- judge as given), as_of, and the start of this round (rule 6).
--   start  nil outside surveillance and change; at those stages
--          verdict.round_start(c), false when no date states it
-- (a small table: four keys; judge reads the options from opts itself)
local function nc_context(c, as_of, opts)
  local start
  if c and ROUND_STAGE[c.stage] then start = verdict.round_start(c) or false end
  return { opts = opts, as_of = as_of, start = start,
           asd = false }   -- asd: as_of's day number, read when an open NC has a deadline (as_of_day)
end

-- The day number of the context's as_of (nil when not a date), read once and
-- only when needed: a case whose NCs are all closed never parses it.
local function as_of_day(x)
  local d = x.asd
  if d == false then d = day_or_nil(x.as_of); x.asd = d end
  return d
end

-- judge(c, nc, x) → the reading of one NC, as values rather than a table
-- (summarize and brief read it once, right away; a table per NC was the
-- costliest part of reading the NCs):
--   sev          nil for an NC of an earlier round (nothing else returned);
--                else "serious"/"general"/"observation" (nothing else for an
--                observation)
--   closed       closed AND verified;  vb: the verification that closed it
--   deadline     the correction deadline (day number), nil when none
--   unverified   closed_on stated but not verified (counts as open)
--   overdue      open past the deadline;  closed_late: closed after it
--   systemic_block, serious_open, serious_closed, late_block: the blocking
--                reasons besides overdue
-- The NC blocks when overdue or any of the four reasons holds.
local function judge(c, nc, x)
  local start, o = x.start, x.opts
  if start ~= nil and not verdict.nc_this_round(c, nc, start or nil) then return nil end
  local classify = o.classify
  local sev = (classify and classify(nc)) or nc.severity or "general"
  if sev == "observation" then return sev end
  local serious = sev == "serious"
  local deadline = nc_deadline(nc, o.correction_months)
  local closed_on = nc.closed_on
  local vb = nc.verified_by
  local closed, serious_closed, closed_late, late_block, unverified, overdue, serious_open = false, false, false, false, false, false, false
  if closed_on ~= nil and vb ~= nil and (o.verified_by or ANY_VERIFICATION)[vb] then
    closed = true
    if serious and o.serious_fails_even_closed then serious_closed = true end
    local cd = deadline and day_or_nil(closed_on)   -- read only against a deadline
    if deadline and cd and cd > deadline then
      closed_late = true
      if o.closed_late_fails then late_block = true end
    end
  else
    vb = nil   -- the verification is named only for a closed NC
    unverified = closed_on ~= nil
    if deadline ~= nil then
      local asd = as_of_day(x)
      if asd and deadline < asd then overdue = true end
    end
    -- rule 6: with a correction period at surveillance, open NCs (serious or
    -- systemic too) fail only once the period has passed (CGC ¶91)
    if not o.period_governs then
      if serious then serious_open = true end
    end
  end
  local systemic_block = false
  if nc.systemic and not (o.period_governs and not overdue) then systemic_block = true end
  return sev, closed, vb, deadline, unverified, overdue, closed_late,
         systemic_block, serious_open, serious_closed, late_block
end

-- the reasons are few (five kinds): a short scan of the list replaces a
-- `seen` set
local function add_reason(reasons, r)
  for i = 1, #reasons do if reasons[i] == r then return end end
  reasons[#reasons + 1] = r
end

-- summarize(c, as_of, opts [, into]) → the summary table of verdict.nc_summary
-- without `message` (see nc_message). With `into` (verdict.restate, a values
-- table it may write into) the summary's `values` are set in that table,
-- which becomes the summary's `values`, instead of in a new one.
local function summarize(c, as_of, opts, into)
  local total, open, closed, overdue, closed_late, unverified = 0, 0, 0, 0, 0, 0
  local serious_n, serious_open, serious_closed = 0, 0, 0
  local general, general_open, general_closed = 0, 0, 0
  local systemic, observation, earlier = 0, 0, 0
  local verified_written, verified_onsite, no_deadline = 0, 0, 0
  local i_open, i_closed, i_overdue, i_closed_late, i_serious, i_systemic, i_blocking, i_unverified = {}, {}, {}, {}, {}, {}, {}, {}
  local p_open, p_closed, p_overdue, p_closed_late, p_serious, p_systemic, p_blocking, p_all = {}, {}, {}, {}, {}, {}, {}, {}
  local reasons = {}
  local ncs = c and c.assessment and c.assessment.nonconformities
  local x = nc_context(c, as_of, opts)
  if ncs then
    for i = 1, #ncs do
      local nc = ncs[i]
      local ptr = NC_PTR[i] or ("/assessment/nonconformities/" .. format("%d", i - 1))
      local ncid = nc.id
      local id = ncid ~= nil and tostring(ncid) or ptr
      local sev, j_closed, vb, deadline, j_unverified, j_overdue, j_closed_late,
            systemic_block, serious_open_block, serious_closed_block, late_block = judge(c, nc, x)
      if sev == nil then
        earlier = earlier + 1
      elseif sev == "observation" then
        observation = observation + 1
      else
        local serious = sev == "serious"
        total = total + 1
        p_all[#p_all + 1] = ptr
        if serious then
          serious_n = serious_n + 1
          i_serious[#i_serious + 1] = id; p_serious[#p_serious + 1] = ptr
        else
          general = general + 1
        end
        if nc.systemic then
          systemic = systemic + 1
          i_systemic[#i_systemic + 1] = id; p_systemic[#p_systemic + 1] = ptr
        end
        if j_closed then
          closed = closed + 1
          i_closed[#i_closed + 1] = id; p_closed[#p_closed + 1] = ptr
          if serious then serious_closed = serious_closed + 1 else general_closed = general_closed + 1 end
          if vb == "onsite" then verified_onsite = verified_onsite + 1 else verified_written = verified_written + 1 end
          if j_closed_late then
            closed_late = closed_late + 1
            i_closed_late[#i_closed_late + 1] = id; p_closed_late[#p_closed_late + 1] = ptr
          end
        else
          open = open + 1
          i_open[#i_open + 1] = id; p_open[#p_open + 1] = ptr
          if j_unverified then unverified = unverified + 1; i_unverified[#i_unverified + 1] = id end
          if serious then serious_open = serious_open + 1 else general_open = general_open + 1 end
          if deadline == nil then no_deadline = no_deadline + 1 end
          if j_overdue then overdue = overdue + 1; i_overdue[#i_overdue + 1] = id; p_overdue[#p_overdue + 1] = ptr end
        end
        if systemic_block then add_reason(reasons, "systemic") end
        if serious_open_block then add_reason(reasons, "serious_open") end
        if j_overdue then add_reason(reasons, "overdue") end
        if serious_closed_block then add_reason(reasons, "serious_closed") end
        if late_block then add_reason(reasons, "closed_late") end
        if systemic_block or serious_open_block or j_overdue or serious_closed_block or late_block then
          i_blocking[#i_blocking + 1] = id; p_blocking[#p_blocking + 1] = ptr
        end
      end
    end
  end
  local blocking = #i_blocking > 0
  local outcome
  if blocking then outcome = "blocking"
  elseif open > 0 then outcome = "open"
  elseif closed > 0 then outcome = "closed"
  else outcome = "none" end
  local variant
  if verified_onsite > 0 then variant = "onsite"
  elseif verified_written > 0 then variant = "written" end
  local evidence
  if blocking then evidence = p_blocking
  elseif open > 0 then evidence = p_open
  else evidence = p_all end
  -- (none of the thirteen is ever nil: written over `into`, they take the
  -- place of the rule's own values of those names, as a copy would)
  local values = into or {}
  values.nc_total, values.nc_open, values.nc_closed, values.nc_overdue = total, open, closed, overdue
  values.nc_serious, values.nc_systemic, values.nc_observation = serious_n, systemic, observation
  values.nc_closed_late, values.nc_unverified, values.nc_earlier_round = closed_late, unverified, earlier
  values.open_ids, values.overdue_ids, values.blocking_ids = i_open, i_overdue, i_blocking
  return {
    total = total, open = open, closed = closed, overdue = overdue, closed_late = closed_late,
    serious = serious_n, serious_open = serious_open, serious_closed = serious_closed,
    general = general, general_open = general_open, general_closed = general_closed,
    systemic = systemic, observation = observation, earlier_round = earlier,
    verified_written = verified_written, verified_onsite = verified_onsite,
    unverified = unverified, verified_unknown = unverified,
    no_deadline = no_deadline,
    ids = { open = i_open, closed = i_closed, overdue = i_overdue, closed_late = i_closed_late, serious = i_serious,
            systemic = i_systemic, blocking = i_blocking, unverified = i_unverified },
    ptrs = { open = p_open, closed = p_closed, overdue = p_overdue, closed_late = p_closed_late, serious = p_serious,
             systemic = p_systemic, blocking = p_blocking, all = p_all },
    blocking = blocking, reasons = reasons, outcome = outcome, verified_variant = variant,
    status = (blocking or open > 0) and "fail" or "pass",
    severity = blocking and "serious" or (open > 0 and "general" or nil),
    evidence = evidence,
    values = values,
  }
end

local RZ = { systemic = "存在系统性不符合", serious_open = "严重不符合项未关闭", overdue = "不符合项逾期未关闭",
             serious_closed = "存在严重不符合项（关闭后仍不通过）", closed_late = "不符合项未按期完成整改" }
local RE = { systemic = "a systemic nonconformity", serious_open = "an open serious nonconformity",
             overdue = "a nonconformity open past its deadline", serious_closed = "a serious nonconformity (fails even when closed)",
             closed_late = "a nonconformity closed after its deadline" }

-- The message of a summary (verdict.nc_message): the deciding reason first
-- (what blocks, with the NC ids; else what is open; else that every NC was
-- closed), then the counts.
local function plural(n, one, many) return n == 1 and one or many end
-- The counts are written by concatenation with int_text(n) (the text
-- format("%d", n) gives, taken from a table below 100) rather than by
-- string.format: format copies its long (Chinese) pattern byte by byte and
-- prints every %d with the C library; the message is made on every
-- restated conclusion and by the conclusion rules. The same bytes.
local INT_TEXT = {}
for i = 0, 99 do INT_TEXT[i] = format("%d", i) end
local function int_text(n) return INT_TEXT[n] or format("%d", n) end
-- pre_zh, pre_en (verdict.restate): text put before the message, in the same
-- concatenation (the long message string is made once).
local function message(s, months, pre_zh, pre_en)
  local lead_zh, lead_en
  if s.blocking then
    local z, e = {}, {}
    local reasons = s.reasons
    for i = 1, #reasons do z[i] = RZ[reasons[i]]; e[i] = RE[reasons[i]] end
    local ids = concat(s.ids.blocking, ", ")
    lead_zh = "不通过：" .. concat(z, "、") .. "（" .. ids .. "）"
    lead_en = "fails: " .. concat(e, ", ") .. " (" .. ids .. ")"
  elseif s.open > 0 then
    local ids, n = concat(s.ids.open, ", "), int_text(s.open)
    lead_zh = n .. " 项不符合项待纠正并验证（" .. ids .. "）"
    lead_en = n .. " " .. plural(s.open, "nonconformity", "nonconformities") .. " to be corrected and verified (" .. ids .. ")"
  elseif s.closed > 0 then
    lead_zh = int_text(s.closed) .. " 项不符合项均已关闭"
    lead_en = s.closed == 1 and "the nonconformity is closed" or ("all " .. int_text(s.closed) .. " nonconformities closed")
  else
    lead_zh, lead_en = "无不符合项", "no nonconformity"
  end
  if pre_zh then lead_zh, lead_en = pre_zh .. lead_zh, pre_en .. lead_en end
  local total, serious, systemic = int_text(s.total), int_text(s.serious), int_text(s.systemic)
  local open, overdue, closed = int_text(s.open), int_text(s.overdue), int_text(s.closed)
  local written, onsite, observation = int_text(s.verified_written), int_text(s.verified_onsite), int_text(s.observation)
  local zh = lead_zh .. "。不符合项 " .. total .. " 项（严重 " .. serious .. " 项，系统性 " .. systemic .. " 项）：未关闭 "
    .. open .. " 项（逾期 " .. overdue .. " 项），已关闭 " .. closed .. " 项（书面验证 " .. written .. " 项，现场验证 "
    .. onsite .. " 项）；观察项 " .. observation .. " 项"
  local en = lead_en .. ". " .. total .. " " .. plural(s.total, "nonconformity", "nonconformities") .. " (" .. serious
    .. " serious, " .. systemic .. " systemic): " .. open .. " open (" .. overdue .. " past the deadline), " .. closed
    .. " closed (" .. written .. " verified in writing, " .. onsite .. " on site); " .. observation .. " "
    .. plural(s.observation, "observation", "observations")
  if s.unverified > 0 then
    local n, ids = int_text(s.unverified), concat(s.ids.unverified, ", ")
    zh = zh .. "；其中 " .. n .. " 项已填写关闭日期但整改未经书面或现场验证，按未关闭计（" .. ids .. "）"
    en = en .. "; " .. n .. " of them have a closing date but no verified correction (in writing or on site) and count as open (" .. ids .. ")"
  end
  if s.earlier_round > 0 then
    local n = int_text(s.earlier_round)
    zh = zh .. "；以前轮次的不符合项 " .. n .. " 项不计入本轮结论（见上次不符合项的规则）"
    en = en .. "; " .. n .. " nonconformities of earlier rounds not counted in this round (see the previous-NCs rule)"
  end
  if months then
    local n = int_text(months)
    zh = zh .. "；整改期限为提出后 " .. n .. " 个月"
    en = en .. "; correction period " .. n .. " " .. plural(months, "month", "months") .. " from raising"
  end
  return { zh = zh, en = en }
end

-- verdict.nc_summary(c, as_of, opts): the public entry of the summary
-- documented above (with message, values and evidence filled in).
function verdict.nc_summary(c, as_of, opts)
  opts = opts or NO_OPTS
  local s = summarize(c, as_of, opts)
  s.message = message(s, opts.correction_months)
  return s
end

--- verdict.nc_counts(c, as_of, opts) → the same table as verdict.nc_summary
-- without `message` (a conclusion rule that writes the message only when it
-- fails saves building it: verdict.nc_message gives it then).
function verdict.nc_counts(c, as_of, opts)
  return summarize(c, as_of, opts or NO_OPTS)
end

--- verdict.nc_message(s, opts) → { zh, en }: the message verdict.nc_summary
-- gives, for a table `s` from verdict.nc_counts with the same opts.
function verdict.nc_message(s, opts)
  return message(s, (opts or NO_OPTS).correction_months)
end

-- What the standard decision (and a conclusion rule that passes) needs of
-- the NCs, read exactly as summarize reads them (through judge) but without
-- any list: blocking (bool), overdue, open, closed, verified variant
-- ("onsite" / "written" / nil), closed_late.
local function brief(c, as_of, opts)
  local ncs = c and c.assessment and c.assessment.nonconformities
  local n = ncs and #ncs or 0
  if n == 0 then return false, 0, 0, 0, nil, 0 end
  local x = nc_context(c, as_of, opts)
  local blocking, open, closed, overdue, closed_late, onsite, written = false, 0, 0, 0, 0, false, false
  for i = 1, n do
    local sev, j_closed, vb, _, _, j_overdue, j_closed_late,
          systemic_block, serious_open_block, serious_closed_block, late_block = judge(c, ncs[i], x)
    if sev ~= nil and sev ~= "observation" then
      if j_closed then
        closed = closed + 1
        if vb == "onsite" then onsite = true else written = true end
        if j_closed_late then closed_late = closed_late + 1 end
      else
        open = open + 1
        if j_overdue then overdue = overdue + 1 end
      end
      if systemic_block or serious_open_block or j_overdue or serious_closed_block or late_block then blocking = true end
    end
  end
  return blocking, overdue, open, closed, onsite and "onsite" or (written and "written" or nil), closed_late
end

--- verdict.nc_brief(c, as_of, opts) → blocking, overdue, open, closed,
-- verified_variant, closed_late: the same values as the fields of
-- verdict.nc_summary (opts as there), without building the summary; for a
-- rule that needs the full summary only when something is open or blocks.
function verdict.nc_brief(c, as_of, opts)
  return brief(c, as_of, opts or NO_OPTS)
end

-- The native wording of an outcome key, a fresh { zh, en } (verdict.standard).
local function native_of(native_opts, key, variant)
  local default = verdict.default_native
  if variant then
    local kv = key .. "/" .. variant
    local v = native_opts[kv] or default[kv]
    if v then return { zh = v.zh, en = v.en } end
  end
  local v = native_opts[key] or default[key] or { zh = key, en = key }
  return { zh = v.zh, en = v.en }
end

local function result(native_opts, v, action, decided_by, variant)
  local key = action and (v .. "/" .. action) or v
  return { verdict = v, action = action, native = native_of(native_opts, key, variant), decided_by = decided_by }
end

-- The rule ids of the contributions of one level and action, each once, in order.
local function ids_of(lv, ac, ids, n, level, action)
  local out, m = {}, 0
  for i = 1, n do
    if lv[i] == level and ac[i] == action then
      local id = ids[i]
      -- each once: a scan of the few ids so far (no `seen` set)
      local dup = false
      for k = 1, m do if out[k] == id then dup = true; break end end
      if not dup then m = m + 1; out[m] = id end
    end
  end
  return out
end

local function in_list(list, v)
  for i = 1, #list do if list[i] == v then return true end end
  return false
end

--- verdict.standard(R, opts) → { verdict, action, native = { zh, en }, decided_by = { rule ids } }
-- requirements.md "From findings to a verdict", steps 1-6, in that order:
--  1. a `scope` finding not_applicable → not_applicable (action nil);
--  2. a decisive rule (finding.decisive, or its slug in opts.decisive) gave
--     insufficient_data → insufficient_data (action nil);
--  3-6. every failing finding and the assessors' NCs are turned into a
--     contribution (fail + action / conditional / corrected); the worst
--     wins: fail (highest-ranked action: revoke > suspend > reassess >
--     withhold = refuse) > conditional > corrected (pass, *_after_correction)
--     > pass. decided_by lists, in rule order, the rules whose contributions
--     gave the final verdict and action (the conclusion rule's id for the
--     assessors' NCs); for a plain pass, the conclusion rule when it ran.
-- Findings (R.findings, status fail only; effect nil = "nc"):
--   body, metric          never decide
--   supplement            conditional (application: request_supplement;
--                         later stages: an open general NC)
--   nc + serious          fail: application refuse (document review
--                         nonconforming), initial withhold, surveillance/change
--                         opts.surveillance_serious_action (default suspend)
--   nc + general          conditional;  nc + observation: never decides
--   refuse/withhold/suspend/revoke/reassess  fail, action per stage (see FAIL_ACTION)
--   the conclusion rule's own finding is not counted: the NCs it reports are
--   read directly from the case.
-- Assessors' NCs (verdict.nc_summary): blocking (systemic; open serious;
--   open past the deadline; opts.serious_fails_even_closed and any serious;
--   opts.closed_late_fails and closed late) → fail with the stage's action
--   (refuse / withhold / suspend); open → conditional; all closed → corrected.
--   At surveillance and change the deadline is raised_on +
--   opts.surveillance_correction_months when given, else due_on.
-- Suspension (surveillance, change): with opts.suspension_max_months, a
--   certificate still `suspended` after suspended_on + min(suspension_months,
--   max) months (< as_of) → fail / revoke (WPRZ 11.3.2), decided by
--   opts.suspension_rule (slug) or the conclusion rule.
-- opts (all optional):
--   conclusion        slug, or { stage = slug }, of the conclusion rule
--   decisive          list of slugs treated as decisive
--   decisive_at       { [stage] = list of slugs } decisive at that stage only
--                     (e.g. the eligibility facts at the application)
--   application_serious  "refuse" (default) or "supplement" (rule 4)
--   serious_fails_even_closed  pack parameter serious_nc_correctable negated (rule 5)
--   verified_by       { written = true, onsite = true }: the verifications that close an NC
--   surveillance_period_governs  every NC at surveillance gets the correction period (rule 6, CGC ¶91)
--   native            { [key] = { zh, en } } the scheme's wording, keys as in
--                     verdict.default_native plus "/written", "/onsite"
--                     variants of the *_after_correction keys
--   surveillance_correction_months, serious_fails_even_closed,
--   closed_late_fails, classify   (see verdict.nc_summary)
--   surveillance_serious_action   default "suspend"
--   refuse_action_surveillance    default "revoke"
--   suspension_max_months, suspension_rule
--   action_rank       { action = number } to reorder failing actions
--   as_of             overrides R.case.as_of
function verdict.standard(R, opts)
  opts = opts or NO_OPTS
  local stage = STAGE[R.stage]
  if stage == nil then error("verdict.standard: unknown stage " .. tostring(R.stage), 2) end
  local phase = PHASE[stage]
  local A = verdict.actions[stage]
  local c = R.case or {}
  local as_of = opts.as_of or c.as_of
  local findings = R.findings or {}
  local rank = opts.action_rank or DEFAULT_RANK
  local native_opts = opts.native or NO_OPTS
  local concl_slug = conclusion_slug(opts.conclusion, stage)
  local concl_id = resolve_id(R, concl_slug)
  local dlist = opts.decisive
  local dstage = opts.decisive_at and opts.decisive_at[stage]

  -- One pass over the findings collects what steps 1, 2 and 3-6 need; the
  -- steps are then applied in their order. Contributions (steps 3-6) are kept
  -- in three parallel lists: level ("fail"/"conditional"/"corrected"),
  -- action, rule id.
  local scope_na              -- rule 1
  local missing               -- rule 3 (decided after rule 2)
  local lv, ac, ids, n = {}, {}, {}, 0
  local fail_map = FAIL_ACTION[phase]
  local serious_action = A.fail
  if phase == "surv" then serious_action = opts.surveillance_serious_action or "suspend" end
  -- a serious finding that asks for correction instead of failing: at the
  -- application where the document's review asks for supplements (rule 4:
  -- opts.application_serious = "supplement", CGC ¶34/¶52), at surveillance
  -- where every NC has a correction period (rule 6: opts.surveillance_period_governs, CGC ¶91)
  local serious_correctable = (phase == "app" and opts.application_serious == "supplement")
    or (phase == "surv" and opts.surveillance_period_governs and true) or false

  for i = 1, #findings do
    local f = findings[i]
    local st = f.status
    if st == "pass" or st == "info" then
      -- never decides
    elseif f.party == "body" then
      -- the certification body's own duty: listed and counted apart, never decides
    elseif st == "fail" then
      if not (concl_slug and (f.slug == concl_slug or f.rule == concl_slug)) then
        local eff = f.effect or "nc"
        if eff == "body" or eff == "metric" then
          -- listed, never decides (rule-authoring.md "Effects")
        elseif eff == "supplement" then
          n = n + 1; lv[n], ac[n], ids[n] = "conditional", A.conditional, f.rule
        elseif eff == "nc" then
          local sev = f.severity or "general"
          if sev == "serious" and not serious_correctable then n = n + 1; lv[n], ac[n], ids[n] = "fail", serious_action, f.rule
          elseif sev == "serious" or sev == "general" then n = n + 1; lv[n], ac[n], ids[n] = "conditional", A.conditional, f.rule end
        elseif fail_map[eff] then
          local action = fail_map[eff]
          if phase == "surv" and eff == "refuse" and opts.refuse_action_surveillance then
            action = opts.refuse_action_surveillance
          end
          n = n + 1; lv[n], ac[n], ids[n] = "fail", action, f.rule
        else
          error("verdict.standard: unknown effect '" .. tostring(eff) .. "' on " .. tostring(f.rule), 2)
        end
      end
    elseif st == "insufficient_data" or st == "insufficient" then
      -- decisive: the rule says so, the pack names it (opts.decisive, or
      -- opts.decisive_at[stage]), or it is a scope rule (rule 1: scope facts
      -- not stated → no better than rule 3 allows)
      if f.decisive or f.scope or (dlist and (in_list(dlist, f.slug) or in_list(dlist, f.rule)))
         or (dstage and (in_list(dstage, f.slug) or in_list(dstage, f.rule))) then
        missing = missing or {}
        missing[#missing + 1] = f.rule
      end
    elseif (st == "not_applicable" or st == "na") and f.scope and scope_na == nil then
      scope_na = f
    end
  end

  -- Rule 1: scope.
  if scope_na then return result(native_opts, "not_applicable", nil, { scope_na.rule }) end

  -- Rule 3: where the stage assesses the factory (initial, recertification,
  -- surveillance), the assessors' findings are decisive facts: a list that
  -- is not stated is not "no nonconformities" (an empty list is).
  local ncs_unstated = false
  if ASSESSED[stage] and opts.ncs_required ~= false then
    local a = c.assessment
    if a == nil or a.nonconformities == nil then
      ncs_unstated = true
      local id = concl_id or "assessment/nonconformities"
      missing = missing or {}
      if not in_list(missing, id) then missing[#missing + 1] = id end
    end
  end

  -- The assessors' nonconformities of this round (rules 5, 6), read with the
  -- same options as the conclusion finding that restates them.
  local nc_opts = {
    correction_months = phase == "surv" and opts.surveillance_correction_months or nil,
    classify = opts.classify, serious_fails_even_closed = opts.serious_fails_even_closed,
    closed_late_fails = opts.closed_late_fails, verified_by = opts.verified_by,
    period_governs = phase == "surv" and opts.surveillance_period_governs or nil,
  }
  local blocking, overdue, open, closed, variant = brief(c, as_of, nc_opts)
  local nc_id = concl_id or "assessment/nonconformities"
  if blocking then
    -- past the deadline: the stage's failing action (refuse / withhold /
    -- suspend); serious or systemic only: the same, except that surveillance
    -- uses opts.surveillance_serious_action.
    local action = A.fail
    if phase == "surv" and overdue == 0 then action = serious_action end
    n = n + 1; lv[n], ac[n], ids[n] = "fail", action, nc_id
  elseif open > 0 then
    n = n + 1; lv[n], ac[n], ids[n] = "conditional", A.conditional, nc_id
  elseif closed > 0 then
    n = n + 1; lv[n], ac[n], ids[n] = "corrected", A.corrected, nc_id
  end

  -- Suspension past its maximum (WPRZ 11.3.2 暂停期限最长不超过 3 个月).
  local cert = c.certificate
  if phase == "surv" and opts.suspension_max_months and cert and cert.status == "suspended" then
    local since = day_or_nil(cert.suspended_on)
    local asd = day_or_nil(as_of)
    if since and asd then
      local months = opts.suspension_max_months
      if type(cert.suspension_months) == "number" and cert.suspension_months < months then
        months = cert.suspension_months
      end
      -- a fractional suspension_months is taken as whole months, rounded down
      if dates.add_months(since, months // 1) < asd then
        n = n + 1; lv[n], ac[n], ids[n] = "fail", "revoke", resolve_id(R, opts.suspension_rule) or nc_id
      end
    end
  end

  -- Decide: the worst contribution wins.
  local best_fail
  local any_conditional, any_corrected = false, false
  for i = 1, n do
    local l = lv[i]
    if l == "fail" then
      local x = ac[i]
      if best_fail == nil or (rank[x] or 0) > (rank[best_fail] or 0) then best_fail = x end
    elseif l == "conditional" then any_conditional = true
    elseif l == "corrected" then any_corrected = true end
  end
  local d
  if best_fail then
    -- Rule 2: a ground the case establishes decides even when other data is missing.
    d = result(native_opts, "fail", best_fail, ids_of(lv, ac, ids, n, "fail", best_fail))
  elseif missing and phase == "app" then
    -- Rule 3 at the application: the applicant supplies what is missing.
    local by = ids_of(lv, ac, ids, n, "conditional", A.conditional)
    for i = 1, #missing do if not in_list(by, missing[i]) then by[#by + 1] = missing[i] end end
    d = result(native_opts, "conditional", A.conditional, by)
  elseif missing then
    -- Rule 3 later: the stage's decisive facts are missing.
    d = result(native_opts, "insufficient_data", nil, missing, (ncs_unstated and #missing == 1) and "findings" or nil)
  elseif any_conditional then
    d = result(native_opts, "conditional", A.conditional, ids_of(lv, ac, ids, n, "conditional", A.conditional))
  elseif any_corrected then
    d = result(native_opts, "pass", A.corrected, ids_of(lv, ac, ids, n, "corrected", A.corrected), variant)
  else
    local by = {}
    if has_finding(R, concl_slug) then by[1] = concl_id end
    d = result(native_opts, "pass", A.pass, by)
  end
  -- Rule 10: the stage's conclusion finding states the verdict.
  verdict.restate(R, d, concl_slug, nc_opts, as_of, opts.conclusion_values_owned)
  return d
end

local EFFECT_OF_ACTION = { refuse = "refuse", withhold = "withhold", suspend = "suspend", revoke = "revoke",
                           reassess = "reassess", cancel = "cancel" }

--- verdict.restate(R, d, slug, nc_opts, as_of): one source of truth
-- (requirements.md rule 10). The stage's conclusion finding (rule `slug`)
-- is rewritten to state the decision `d` (pass → pass; conditional → a
-- general NC; fail → serious with the action's effect; insufficient_data →
-- insufficient_data), its message the scheme's wording of the decision
-- followed by the NC summary read with nc_opts. verdict.standard calls it;
-- a pack that changes the decision afterwards calls it again.
-- `owned` (verdict.standard's opts.conclusion_values_owned): the conclusion
-- rule's `values` is a new table of that finding alone on every call (never
-- kept or shared), so the summary's values are written into it in place;
-- else they go into a new table that takes the rule's other keys (pairs).
-- The finding's values hold the same keys and values either way.
function verdict.restate(R, d, slug, nc_opts, as_of, owned)
  local f = slug and R.by_rule and R.by_rule[slug]
  if f == nil or f.status == "not_applicable" then return end
  local v = d.verdict
  -- a passing conclusion beside a passing verdict already agrees: kept as the
  -- rule wrote it (the common case costs nothing)
  if v == "pass" and f.status == "pass" then return end
  local status, sev, eff
  if v == "pass" then status = "pass"
  elseif v == "conditional" then status, sev, eff = "fail", "general", "nc"
  elseif v == "fail" then status, sev, eff = "fail", "serious", EFFECT_OF_ACTION[d.action] or "nc"
  elseif v == "insufficient_data" then status = "insufficient_data"
  else return end
  local c = R.case or {}
  local fv = f.values
  local into = owned and type(fv) == "table" and fv or nil
  local s = summarize(c, as_of or c.as_of, nc_opts or NO_OPTS, into)
  -- the message: "conclusion: <the scheme's wording of the decision>. " then
  -- the NC summary's message, or for insufficient_data what could not be decided
  local nat = d.native or { zh = v, en = v }
  local pre_zh, pre_en = "结论：" .. tostring(nat.zh) .. "。", "conclusion: " .. tostring(nat.en) .. ". "
  local m
  if v == "insufficient_data" then
    -- name what could not be decided: each deciding rule's own message
    local zh, en = {}, {}
    local a = c.assessment
    if a == nil or a.nonconformities == nil then
      zh[1] = "assessment.nonconformities 未说明（空清单表示无不符合项）"
      en[1] = "assessment.nonconformities not stated (an empty list means none)"
    end
    local by, fs = d.decided_by or NO_OPTS, R.findings or NO_OPTS
    for i = 1, #by do
      if by[i] ~= f.rule then
        for j = 1, #fs do
          local x = fs[j]
          if x.rule == by[i] and x.message then
            zh[#zh + 1] = tostring(x.clause) .. " " .. tostring(x.message.zh)
            en[#en + 1] = tostring(x.clause) .. " " .. tostring(x.message.en)
            break
          end
        end
      end
    end
    if #zh > 0 then
      m = { zh = pre_zh .. "无法判定：" .. concat(zh, "；"), en = pre_en .. "cannot be decided: " .. concat(en, "; ") }
    end
  end
  m = m or message(s, (nc_opts or NO_OPTS).correction_months, pre_zh, pre_en)   -- a fresh table
  local was_pass = f.status == "pass"
  f.status, f.severity, f.effect = status, sev, eff
  f.message = m
  -- the rule's values with the summary's on top: written into the rule's
  -- own table when it is owned (above); else the summary's `values` is a
  -- fresh table of this call (summarize makes it), so it takes the rule's
  -- other keys instead of both being copied into a third table
  local vals = s.values
  if into == nil and type(fv) == "table" then
    for k, x in pairs(fv) do if vals[k] == nil then vals[k] = x end end
  end
  -- the rule's own wording of a passed inspection (NTE 7.3.5 "书面验证通过")
  -- must not stand beside the failing decision it now states (rule 10)
  if was_pass and status ~= "pass" then
    if vals.conclusion ~= nil then vals.conclusion = nat.zh end
    if vals.conclusion_en ~= nil then vals.conclusion_en = nat.en end
  end
  vals.decision = d.action and (v .. "/" .. d.action) or v
  f.values = vals
  if s.total > 0 then f.evidence = s.evidence end
end

-- Metrics every scheme reports under the same names (docs/rule-authoring.md
-- "Common metric names"), so that `cfpcheck compare` can line the schemes up.
--   t.validity_months, t.surveillance_max_months: the scheme's own periods;
--   t.man_days_from: names of metrics (already reported by the pack's rules)
--   whose sum is the stage's minimum person-days.
-- With `into` (a table of the pack's own metrics) the four names are set in
-- it and it is returned, instead of a new table: a pack that adds them to
-- its metrics does not copy them over with pairs (which sorts the keys). A
-- name with no value is set to nil there.
function verdict.scheme_metrics(R, t, into)
  local facts = R.facts
  local fp = facts and facts.fp
  local footprint
  if fp and fp.ok then
    local pu = fp.per_unit
    if type(pu) == "number" then footprint = num_round(pu, 3) end
  end
  local min_days
  local from, metrics = t.man_days_from, R.metrics
  if from and metrics then
    local sum, any = 0, false
    for i = 1, #from do
      local v = metrics[from[i]]
      if type(v) == "number" then sum = sum + v; any = true end
    end
    if any then min_days = sum end
  end
  local m = into or {}
  m.footprint_tco2e_per_t, m.validity_months = footprint, t.validity_months
  m.surveillance_max_months, m.min_man_days = t.surveillance_max_months, min_days
  return m
end

return verdict

-- Tests of lib.verdict: spec/requirements.md "From findings to a verdict",
-- spec/result-format.md vocabularies, docs/rule-authoring.md effects.
-- Every R below is hand-made; the expected verdicts are read off the steps
-- of requirements.md, not taken from program output.

local V = lib.verdict

-- A finding as the engine hands it to decide(): rule id "X/<clause>/<slug>".
local function F(slug, status, t)
  t = t or {}
  return { rule = "X/1/" .. slug, slug = slug, clause = "1", status = status,
           severity = t.severity, effect = t.effect, decisive = t.decisive, scope = t.scope,
           title = { zh = slug, en = slug }, message = { zh = slug, en = slug }, evidence = {}, values = {} }
end
local function R(stage, findings, case)
  local by = {}
  for _, f in ipairs(findings) do by[f.slug] = f end
  -- by default the assessors stated their findings: none (an empty list)
  return { stage = stage, findings = findings, by_rule = by,
           case = case or { as_of = "2026-05-20", assessment = { nonconformities = {} } }, facts = {}, P = {} }
end
-- A case with assessors' NCs.
local function C(as_of, ncs, extra)
  local c = { as_of = as_of, assessment = { nonconformities = ncs } }
  for k, v in pairs(extra or {}) do c[k] = v end
  return c
end
local function NC(id, t)
  t = t or {}
  t.id = id
  t.severity = t.severity or "general"
  return t
end
local function VA(r) return { r.verdict, r.action } end

local CONCL = { conclusion = "conclusion" }

test("step 1: scope not met → not_applicable", function()
  local r = V.standard(R("application", { F("scope", "not_applicable", { scope = true }), F("docs", "fail", { effect = "refuse" }) }))
  eq(VA(r), { "not_applicable", nil })
  eq(r.decided_by, { "X/1/scope" })
  eq(r.native, { zh = "不适用", en = "not applicable" })
  -- a non-scope rule that does not apply changes nothing
  r = V.standard(R("application", { F("scope", "pass", { scope = true }), F("label", "not_applicable") }))
  eq(VA(r), { "pass", "accept" })
end)

test("rules 2-3: an established ground beats missing data; missing decisive facts never pass", function()
  -- rule 2: the refuse-type finding decides although the inventory is missing
  local r = V.standard(R("initial", { F("recompute", "insufficient_data", { decisive = true }), F("elig", "fail", { effect = "refuse" }) }))
  eq(VA(r), { "fail", "withhold" }, "rule 2: the established ground decides")
  eq(r.decided_by, { "X/1/elig" })
  r = V.standard(R("application", { F("recompute", "insufficient_data", { decisive = true }), F("elig", "fail", { effect = "refuse" }) }))
  eq(VA(r), { "fail", "refuse" })
  -- rule 3 later: insufficient_data, also over a general NC
  r = V.standard(R("initial", { F("recompute", "insufficient_data", { decisive = true }), F("gen", "fail", { severity = "general" }) }))
  eq(VA(r), { "insufficient_data", nil })
  eq(r.decided_by, { "X/1/recompute" })
  -- rule 3 at the application: the applicant supplies the missing facts
  r = V.standard(R("application", { F("elig", "insufficient_data", { decisive = true }) }))
  eq(VA(r), { "conditional", "request_supplement" })
  eq(r.decided_by, { "X/1/elig" })
  r = V.standard(R("application", { F("docs", "fail", { effect = "supplement" }), F("elig", "insufficient_data", { decisive = true }) }))
  eq(r.decided_by, { "X/1/docs", "X/1/elig" }, "each missing fact's rule is named")
  r = V.standard(R("initial", { F("recompute", "insufficient_data") }), { decisive = { "recompute" } })
  eq(r.verdict, "insufficient_data", "decisive by opts.decisive")
  r = V.standard(R("initial", { F("period", "insufficient_data") }))
  eq(VA(r), { "pass", "certify" }, "a non-decisive insufficient rule does not decide")
end)

test("step 3: application", function()
  eq(VA(V.standard(R("application", {}))), { "pass", "accept" })
  local r = V.standard(R("application", { F("docs", "fail", { effect = "supplement", severity = "general" }) }))
  eq(VA(r), { "conditional", "request_supplement" }); eq(r.decided_by, { "X/1/docs" })
  eq(r.native, { zh = "基本符合要求，需补充完善", en = "basically conforming: supplements required" })
  r = V.standard(R("application", { F("unit", "fail", { effect = "nc", severity = "general" }) }))
  eq(VA(r), { "conditional", "request_supplement" }, "a general finding → basically conforming")
  r = V.standard(R("application", { F("bound", "fail", { effect = "nc", severity = "serious" }) }))
  eq(VA(r), { "fail", "refuse" }, "a serious finding makes the document review nonconforming")
  r = V.standard(R("application", { F("docs", "fail", { effect = "supplement" }), F("elig", "fail", { effect = "refuse" }),
                                    F("bar", "fail", { effect = "refuse" }) }))
  eq(VA(r), { "fail", "refuse" }); eq(r.decided_by, { "X/1/elig", "X/1/bar" }, "only the refusing rules decided")
  r = V.standard(R("application", { F("ack", "fail", { effect = "body" }), F("days", "fail", { effect = "metric" }),
                                    F("db", "fail", { effect = "nc", severity = "observation" }), F("x", "pass") }))
  eq(VA(r), { "pass", "accept" }, "body, metric and observations never decide")
  eq(r.decided_by, {})
  r = V.standard(R("application", { F("w", "fail", { effect = "withhold" }) }))
  eq(VA(r), { "fail", "refuse" }, "any failing effect refuses at application")
  r = V.standard(R("application", { F("u", "fail") }))
  eq(VA(r), { "conditional", "request_supplement" }, "effect nil = nc, severity nil = general")
  r = V.standard(R("application", { F("conclusion", "pass") }), CONCL)
  eq(r.decided_by, { "X/1/conclusion" }, "a plain pass cites the conclusion rule when it ran")
  r = V.standard(R("app", { F("docs", "fail", { effect = "supplement" }) }))
  eq(r.action, "request_supplement", "short stage names accepted")
end)

test("step 4: initial - engine findings", function()
  eq(VA(V.standard(R("initial", {}))), { "pass", "certify" })
  local r = V.standard(R("initial", { F("cut", "fail", { effect = "nc", severity = "general" }) }))
  eq(VA(r), { "conditional", "certify_after_correction" }, "the engine's own data findings count as open NCs")
  r = V.standard(R("initial", { F("docs", "fail", { effect = "supplement" }) }))
  eq(VA(r), { "conditional", "certify_after_correction" }, "supplement later = open general NC")
  r = V.standard(R("initial", { F("bound", "fail", { effect = "nc", severity = "serious" }) }))
  eq(VA(r), { "fail", "withhold" })
  for _, e in ipairs({ "refuse", "withhold", "suspend", "revoke", "reassess" }) do
    eq(V.standard(R("initial", { F("x", "fail", { effect = e }) })).action, "withhold", e .. " → withhold at initial")
  end
  r = V.standard(R("recertification", { F("bound", "fail", { effect = "nc", severity = "serious" }) }))
  eq(VA(r), { "fail", "withhold" }, "recertification decides like initial")
  raises(function() V.standard(R("initial", { F("x", "fail", { effect = "explode" }) })) end, "unknown effect")
  raises(function() V.standard(R("launch", {})) end, "unknown stage")
end)

test("step 4: initial - assessors' NCs", function()
  local as_of = "2026-05-20"
  -- all closed, verified in writing
  local c = C(as_of, { NC("NC1", { due_on = "2026-04-16", closed_on = "2026-04-08", verified_by = "written" }) })
  local r = V.standard(R("initial", { F("conclusion", "pass") }, c), CONCL)
  eq(VA(r), { "pass", "certify_after_correction" })
  eq(r.decided_by, { "X/1/conclusion" })
  eq(r.native.zh, "验证纠正措施合格后通过")
  -- open, not yet due
  c = C(as_of, { NC("NC1", { due_on = "2026-06-01" }) })
  r = V.standard(R("initial", { F("conclusion", "fail", { severity = "general" }) }, c), CONCL)
  eq(VA(r), { "conditional", "certify_after_correction" })
  eq(r.decided_by, { "X/1/conclusion" }, "the conclusion rule's own fail is not counted twice")
  -- open, due on as_of itself: not past due (due_on < as_of is needed)
  c = C(as_of, { NC("NC1", { due_on = "2026-05-20" }) })
  eq(V.standard(R("initial", {}, c), CONCL).verdict, "conditional")
  -- open, past due
  c = C(as_of, { NC("NC1", { due_on = "2026-05-19" }) })
  r = V.standard(R("initial", { F("conclusion", "fail") }, c), CONCL)
  eq(VA(r), { "fail", "withhold" }); eq(r.decided_by, { "X/1/conclusion" })
  -- open serious
  c = C(as_of, { NC("NC1", { severity = "serious", due_on = "2026-06-30" }) })
  eq(VA(V.standard(R("initial", {}, c), CONCL)), { "fail", "withhold" })
  -- systemic, even closed
  c = C(as_of, { NC("NC1", { systemic = true, closed_on = "2026-04-01", verified_by = "onsite" }) })
  eq(VA(V.standard(R("initial", {}, c), CONCL)), { "fail", "withhold" })
  -- closed serious: passes by default ...
  c = C(as_of, { NC("NC1", { severity = "serious", due_on = "2026-04-30", closed_on = "2026-04-20", verified_by = "onsite" }) })
  eq(VA(V.standard(R("initial", {}, c), CONCL)), { "pass", "certify_after_correction" })
  -- ... but not for NTE 7.3.5 (个别严重不符合项)
  eq(VA(V.standard(R("initial", {}, c), { conclusion = "conclusion", serious_fails_even_closed = true })), { "fail", "withhold" })
  -- closed after its due date: counted, blocks only with closed_late_fails
  c = C(as_of, { NC("NC1", { due_on = "2026-04-16", closed_on = "2026-04-20", verified_by = "written" }) })
  eq(VA(V.standard(R("initial", {}, c), CONCL)), { "pass", "certify_after_correction" })
  eq(VA(V.standard(R("initial", {}, c), { conclusion = "conclusion", closed_late_fails = true })), { "fail", "withhold" })
  -- observations are not nonconformities
  c = C(as_of, { NC("OB1", { severity = "observation", due_on = "2026-01-01" }) })
  eq(VA(V.standard(R("initial", {}, c), CONCL)), { "pass", "certify" })
  -- engine general finding + all NCs closed → still conditional, decided by the engine finding
  c = C(as_of, { NC("NC1", { closed_on = "2026-04-08", verified_by = "written" }) })
  r = V.standard(R("initial", { F("cut", "fail", { severity = "general" }) }, c), CONCL)
  eq(VA(r), { "conditional", "certify_after_correction" }); eq(r.decided_by, { "X/1/cut" })
  -- both engine finding and open NC → both cited
  c = C(as_of, { NC("NC1", { due_on = "2026-06-01" }) })
  r = V.standard(R("initial", { F("cut", "fail"), F("conclusion", "fail") }, c), CONCL)
  eq(r.decided_by, { "X/1/cut", "X/1/conclusion" })
  -- no conclusion rule configured: a placeholder id
  c = C(as_of, { NC("NC1", { due_on = "2026-05-01" }) })
  eq(V.standard(R("initial", {}, c)).decided_by, { "assessment/nonconformities" })
end)

test("NTE wording: written vs onsite verification (7.3.5)", function()
  local NTE = {
    conclusion = "conclusion",
    serious_fails_even_closed = true,
    native = {
      ["pass/certify"] = { zh = "工厂检查通过", en = "factory inspection passed" },
      ["pass/certify_after_correction/written"] = { zh = "书面验证通过", en = "passed after written verification" },
      ["pass/certify_after_correction/onsite"] = { zh = "现场验证通过", en = "passed after onsite verification" },
      ["fail/withhold"] = { zh = "工厂检查不通过", en = "factory inspection failed" },
    },
  }
  local c = C("2026-05-20", { NC("NC1", { closed_on = "2026-04-01", verified_by = "written" }),
                              NC("NC2", { closed_on = "2026-04-02", verified_by = "written" }) })
  eq(V.standard(R("initial", {}, c), NTE).native, { zh = "书面验证通过", en = "passed after written verification" })
  c = C("2026-05-20", { NC("NC1", { closed_on = "2026-04-01", verified_by = "written" }),
                        NC("NC2", { closed_on = "2026-04-02", verified_by = "onsite" }) })
  eq(V.standard(R("initial", {}, c), NTE).native.zh, "现场验证通过", "any onsite verification → 现场验证通过")
  c = C("2026-05-20", { NC("NC1", { closed_on = "2026-04-01" }) })
  eq(V.standard(R("initial", {}, c), NTE).native.zh, "待纠正措施验证合格后通过", "no verified_by: closed but unverified is still open (rule 5)")
  eq(V.standard(R("initial", {}), NTE).native.zh, "工厂检查通过")
  eq(V.standard(R("initial", { F("b", "fail", { severity = "serious" }) }), NTE).native.zh, "工厂检查不通过")
  eq(V.standard(R("surveillance", {}), NTE).native.zh, "监督检查通过", "keys fall back to the defaults")
end)

test("step 5: surveillance - footprint rules and effects", function()
  eq(VA(V.standard(R("surveillance", {}))), { "pass", "maintain" })
  local r = V.standard(R("surveillance", { F("not-above-initial", "fail", { effect = "suspend" }) }))
  eq(VA(r), { "fail", "suspend" })
  r = V.standard(R("surveillance", { F("not-above-initial", "fail", { effect = "suspend" }),
                                     F("increase", "fail", { effect = "revoke" }) }))
  eq(VA(r), { "fail", "revoke" }, "revoke outranks suspend"); eq(r.decided_by, { "X/1/increase" })
  eq(V.standard(R("surveillance", { F("x", "fail", { effect = "withhold" }) })).action, "suspend", "withhold → suspend")
  eq(V.standard(R("surveillance", { F("x", "fail", { effect = "refuse" }) })).action, "revoke", "refuse → revoke")
  eq(V.standard(R("surveillance", { F("x", "fail", { effect = "refuse" }) }), { refuse_action_surveillance = "suspend" }).action, "suspend")
  eq(VA(V.standard(R("surveillance", { F("b", "fail", { severity = "serious" }) }))), { "fail", "suspend" })
  eq(V.standard(R("surveillance", { F("b", "fail", { severity = "serious" }) }), { surveillance_serious_action = "revoke" }).action, "revoke")
  eq(VA(V.standard(R("surveillance", { F("g", "fail", { severity = "general" }) }))), { "conditional", "maintain_after_correction" })
  eq(VA(V.standard(R("surv", { F("ack", "fail", { effect = "body" }) }))), { "pass", "maintain" })
end)

test("step 5: surveillance - correction periods", function()
  -- NTE 7.6.3: 1 month from raising. Raised 2026-03-01 → deadline 2026-04-01.
  local NTE = { conclusion = "conclusion", surveillance_correction_months = 1 }
  local ncs = { NC("NC1", { raised_on = "2026-03-01", due_on = "2026-06-30" }) }
  eq(VA(V.standard(R("surveillance", {}, C("2026-04-01", ncs)), NTE)), { "conditional", "maintain_after_correction" }, "on the deadline")
  eq(VA(V.standard(R("surveillance", {}, C("2026-04-02", ncs)), NTE)), { "fail", "suspend" }, "a day later; the NC's later due_on does not help")
  -- CGC 12 §91: 2 months. Raised 2026-01-31 → deadline 2026-03-31 (Art. 202).
  local CGC = { conclusion = "conclusion", surveillance_correction_months = 2 }
  ncs = { NC("NC1", { raised_on = "2026-01-31" }) }
  eq(V.standard(R("surveillance", {}, C("2026-03-31", ncs)), CGC).verdict, "conditional")
  eq(VA(V.standard(R("surveillance", {}, C("2026-04-01", ncs)), CGC)), { "fail", "suspend" })
  -- WPRZ: the NC's own due date
  local WPRZ = { conclusion = "conclusion" }
  ncs = { NC("NC1", { raised_on = "2026-01-31", due_on = "2026-05-01" }) }
  eq(V.standard(R("surveillance", {}, C("2026-04-01", ncs)), WPRZ).verdict, "conditional")
  eq(VA(V.standard(R("surveillance", {}, C("2026-05-02", ncs)), WPRZ)), { "fail", "suspend" })
  -- correction months but no raised_on → due_on
  ncs = { NC("NC1", { due_on = "2026-05-01" }) }
  eq(V.standard(R("surveillance", {}, C("2026-05-02", ncs)), NTE).verdict, "fail")
  -- the correction period applies at surveillance only: initial uses due_on
  ncs = { NC("NC1", { raised_on = "2026-03-01", due_on = "2026-06-30" }) }
  eq(V.standard(R("initial", {}, C("2026-04-02", ncs)), NTE).verdict, "conditional")
  -- closed → pass / maintain_after_correction; open serious not overdue → suspend
  ncs = { NC("NC1", { raised_on = "2026-03-01", closed_on = "2026-03-20", verified_by = "written" }) }
  eq(VA(V.standard(R("surveillance", {}, C("2026-04-02", ncs)), NTE)), { "pass", "maintain_after_correction" })
  ncs = { NC("NC1", { severity = "serious", raised_on = "2026-03-20" }) }
  eq(VA(V.standard(R("surveillance", {}, C("2026-04-02", ncs)), NTE)), { "fail", "suspend" })
end)

test("step 5: suspension past its maximum → revoke (WPRZ 11.3.2)", function()
  local W = { conclusion = "conclusion", suspension_max_months = 3, suspension_rule = "suspension" }
  local cert = { certificate = { status = "suspended", suspended_on = "2026-01-10" } }
  -- 2026-01-10 + 3 months = 2026-04-10: still within on that day
  local r = V.standard(R("surveillance", { F("suspension", "pass") }, C("2026-04-10", {}, cert)), W)
  eq(VA(r), { "pass", "maintain" })
  r = V.standard(R("surveillance", { F("suspension", "pass") }, C("2026-04-11", {}, cert)), W)
  eq(VA(r), { "fail", "revoke" }); eq(r.decided_by, { "X/1/suspension" })
  -- a shorter suspension fixed by the body ends earlier: 01-10 + 2 months = 03-10
  cert = { certificate = { status = "suspended", suspended_on = "2026-01-10", suspension_months = 2 } }
  eq(V.standard(R("change", {}, C("2026-03-11", {}, cert)), W).action, "revoke")
  -- a longer stated suspension is capped at the maximum
  cert = { certificate = { status = "suspended", suspended_on = "2026-01-10", suspension_months = 6 } }
  eq(V.standard(R("surveillance", {}, C("2026-04-11", {}, cert)), W).action, "revoke")
  -- not suspended, or no maximum given: nothing
  cert = { certificate = { status = "valid", suspended_on = "2026-01-10" } }
  eq(V.standard(R("surveillance", {}, C("2026-12-01", {}, cert)), W).verdict, "pass")
  cert = { certificate = { status = "suspended", suspended_on = "2026-01-10" } }
  eq(V.standard(R("surveillance", {}, C("2026-12-01", {}, cert)), CONCL).verdict, "pass")
  eq(V.standard(R("initial", {}, C("2026-12-01", {}, cert)), W).verdict, "pass", "surveillance and change only")
end)

test("step 6: change", function()
  local r = V.standard(R("change", { F("change-trigger", "fail", { effect = "reassess" }) }))
  eq(VA(r), { "fail", "reassess" }); eq(r.decided_by, { "X/1/change-trigger" })
  eq(r.native, { zh = "认证失效，应重新认证", en = "certification lapsed: re-certification required" })
  r = V.standard(R("change", { F("change-trigger", "fail", { effect = "reassess" }), F("unreported", "fail", { effect = "suspend" }) }))
  eq(VA(r), { "fail", "suspend" }, "left unreported past 3 months → suspend (CICC 11.1.1(4))")
  eq(r.decided_by, { "X/1/unreported" })
  eq(VA(V.standard(R("change", {}))), { "pass", "maintain" })
  eq(V.standard(R("change", { F("x", "fail", { effect = "suspend" }) }), { action_rank = { reassess = 9, suspend = 1 } }).action, "suspend")
  r = V.standard(R("change", { F("x", "fail", { effect = "suspend" }), F("y", "fail", { effect = "reassess" }) }),
                 { action_rank = { reassess = 9, suspend = 1 } })
  eq(r.action, "reassess", "action_rank reorders")
end)

test("conclusion per stage, native overrides, copies", function()
  local opts = { conclusion = { application = "doc-review-conclusion", init = "onsite-conclusion", surveillance = "surveillance-conclusion" } }
  local c = C("2026-05-20", { NC("NC1", { due_on = "2026-06-01" }) })
  local r = V.standard(R("initial", { F("onsite-conclusion", "fail") }, c), opts)
  eq(r.decided_by, { "X/1/onsite-conclusion" }, "short stage key 'init' found for 'initial'")
  r = V.standard(R("surveillance", {}, c), opts)
  eq(r.decided_by, { "surveillance-conclusion" }, "rule did not run: its slug is cited")
  local o = { native = { ["pass/accept"] = { zh = "符合", en = "ok" } } }
  r = V.standard(R("application", {}), o)
  eq(r.native, { zh = "符合", en = "ok" })
  r.native.zh = "changed"
  eq(o.native["pass/accept"].zh, "符合", "the result holds a copy")
  eq(V.default_native["pass/accept"].zh, "符合要求")
  eq(V.actions.surveillance.fail, "suspend")
end)

test("nc_summary: counts, message, evidence, classify", function()
  local c = C("2026-05-20", {
    NC("NC1", { severity = "general", raised_on = "2026-03-17", due_on = "2026-04-16", closed_on = "2026-04-08", verified_by = "written" }),
    NC("NC2", { severity = "general", due_on = "2026-05-01" }),                 -- open, overdue
    NC("NC3", { severity = "serious", due_on = "2026-06-30", closed_on = "2026-05-01", verified_by = "onsite" }),
    NC("NC4", { severity = "general" }),                                        -- open, no deadline
    NC("OB1", { severity = "observation" }),
    { severity = "general", systemic = true, closed_on = "2026-05-02", due_on = "2026-05-01", verified_by = "written" }, -- no id, closed late
  })
  local s = V.nc_summary(c, "2026-05-20")
  eq({ s.total, s.open, s.closed, s.overdue, s.closed_late, s.serious, s.serious_open, s.serious_closed,
       s.general, s.general_open, s.general_closed, s.systemic, s.observation },
     { 5, 2, 3, 1, 1, 1, 0, 1, 4, 2, 2, 1, 1 })
  eq({ s.verified_written, s.verified_onsite, s.verified_unknown, s.no_deadline }, { 2, 1, 0, 1 })
  eq(s.ids.open, { "NC2", "NC4" })
  eq(s.ids.overdue, { "NC2" })
  eq(s.ids.systemic, { "/assessment/nonconformities/5" }, "an NC without id is named by its pointer")
  eq(s.ids.blocking, { "NC2", "/assessment/nonconformities/5" })
  eq(s.reasons, { "overdue", "systemic" })
  eq(s.ptrs.overdue, { "/assessment/nonconformities/1" })
  eq(s.evidence, { "/assessment/nonconformities/1", "/assessment/nonconformities/5" })
  eq({ s.blocking, s.outcome, s.status, s.severity, s.verified_variant }, { true, "blocking", "fail", "serious", "onsite" })
  eq(s.values.nc_total, 5); eq(s.values.overdue_ids, { "NC2" })
  ok(s.message.zh:find("不符合项 5 项", 1, true), s.message.zh)
  ok(s.message.zh:find("逾期未关闭", 1, true), s.message.zh)
  ok(s.message.en:find("5 nonconformities", 1, true), s.message.en)

  -- nothing at all
  s = V.nc_summary({ as_of = "2026-05-20" }, "2026-05-20")
  eq({ s.total, s.outcome, s.status, s.severity }, { 0, "none", "pass", nil })
  eq(s.evidence, {})
  s = V.nc_summary(nil, nil)
  eq(s.total, 0)

  -- open only → general fail; all closed → pass
  s = V.nc_summary(C("2026-05-20", { NC("A", { due_on = "2026-06-01" }) }), "2026-05-20")
  eq({ s.outcome, s.status, s.severity }, { "open", "fail", "general" })
  eq(s.evidence, { "/assessment/nonconformities/0" })
  s = V.nc_summary(C("2026-05-20", { NC("A", { closed_on = "2026-05-01" }) }), "2026-05-20")
  eq({ s.outcome, s.status, s.unverified }, { "open", "fail", 1 }, "closed without verified_by counts as open (rule 5)")
  ok(s.message.en:find("no verified correction", 1, true), s.message.en)
  s = V.nc_summary(C("2026-05-20", { NC("A", { closed_on = "2026-05-01", verified_by = "written" }) }), "2026-05-20")
  eq({ s.outcome, s.status, s.unverified }, { "closed", "pass", 0 })

  -- no as_of: nothing can be overdue
  s = V.nc_summary(C(nil, { NC("A", { due_on = "2020-01-01" }) }), nil)
  eq(s.overdue, 0)

  -- CGC 10.5.3 reclassification: effect ≥ 10 % or misleading → serious
  local function classify(nc)
    if nc.severity == "observation" then return "observation" end
    if (nc.cf_effect_pct or 0) >= 10 or nc.misleading then return "serious" end
    return "general"
  end
  c = C("2026-05-20", { NC("A", { severity = "general", cf_effect_pct = 12, due_on = "2026-06-30" }) })
  s = V.nc_summary(c, "2026-05-20", { classify = classify })
  eq({ s.serious, s.serious_open, s.blocking }, { 1, 1, true })
  eq(VA(V.standard(R("initial", {}, c), { conclusion = "conclusion", classify = classify })), { "fail", "withhold" })

  -- correction months in the message
  s = V.nc_summary(C("2026-04-02", { NC("A", { raised_on = "2026-03-01" }) }), "2026-04-02", { correction_months = 1 })
  eq(s.overdue, 1)
  ok(s.message.en:find("correction period 1 month", 1, true), s.message.en)
  -- the deciding reason leads (issue 14 item 19)
  ok(s.message.en:find("fails: a nonconformity open past its deadline (A). 1 nonconformity", 1, true) == 1, s.message.en)
  ok(s.message.zh:find("不通过：不符合项逾期未关闭（A）。", 1, true) == 1, s.message.zh)
  s = V.nc_summary(C("2026-05-20", { NC("A", { due_on = "2026-06-01" }), NC("B", { due_on = "2026-06-01" }) }), "2026-05-20")
  ok(s.message.en:find("2 nonconformities to be corrected and verified (A, B). ", 1, true) == 1, s.message.en)
  s = V.nc_summary(C("2026-05-20", { NC("A", { closed_on = "2026-05-01", verified_by = "written" }) }), "2026-05-20")
  ok(s.message.en:find("the nonconformity is closed. ", 1, true) == 1, s.message.en)
end)

test("nc_counts + nc_message and nc_brief read the NCs as nc_summary does", function()
  local c = C("2026-05-20", {
    NC("NC1", { severity = "general", raised_on = "2026-03-17", due_on = "2026-04-16", closed_on = "2026-04-08", verified_by = "written" }),
    NC("NC2", { severity = "general", due_on = "2026-05-01" }),
    NC("NC3", { severity = "serious", due_on = "2026-06-30", closed_on = "2026-05-01", verified_by = "onsite" }),
    NC("NC4", { severity = "general", raised_on = "2026-02-01", closed_on = "2026-04-20" }),
    NC("OB1", { severity = "observation" }),
    { severity = "general", systemic = true, closed_on = "2026-05-02", due_on = "2026-05-01", verified_by = "written" },
  })
  for _, opts in ipairs({ {}, { correction_months = 1 }, { closed_late_fails = true }, { serious_fails_even_closed = true },
                          { correction_months = 2, closed_late_fails = true, serious_fails_even_closed = true } }) do
    local s = V.nc_summary(c, "2026-05-20", opts)
    local t = V.nc_counts(c, "2026-05-20", opts)
    eq(t.message, nil)
    t.message = V.nc_message(t, opts)
    eq(t, s)
    eq({ V.nc_brief(c, "2026-05-20", opts) }, { s.blocking, s.overdue, s.open, s.closed, s.verified_variant, s.closed_late })
  end
  eq({ V.nc_brief(nil, nil) }, { false, 0, 0, 0, nil, 0 })
  eq({ V.nc_brief(C("2026-05-20", {}), "2026-05-20") }, { false, 0, 0, 0, nil, 0 })
end)

test("the initial example case: one general NC closed in time, verified in writing", function()
  -- data/examples/smelter-ingot-initial.json: NC1 raised 2026-03-17, due 2026-04-16,
  -- closed 2026-04-08, written; as_of 2026-05-20 → every NC closed and verified.
  local c = C("2026-05-20", { { id = "NC1", source = "onsite", clause = "A.10.2", severity = "general", systemic = false,
    cf_effect_pct = 0.2, misleading = false, raised_on = "2026-03-17", due_on = "2026-04-16",
    closed_on = "2026-04-08", verified_by = "written" } })
  local r = V.standard(R("initial", { F("onsite-conclusion", "pass") }, c), { conclusion = "onsite-conclusion" })
  eq(VA(r), { "pass", "certify_after_correction" })
  eq(r.decided_by, { "X/1/onsite-conclusion" })
end)

test("rule 5: closed counts only when verified; serious NC correctable per pack", function()
  -- closed_on without verified_by: open; past its due date: withhold
  local c = C("2026-05-20", { NC("N1", { closed_on = "2026-04-01", due_on = "2026-04-10" }) })
  eq(VA(V.standard(R("initial", {}, c))), { "fail", "withhold" })
  c = C("2026-05-20", { NC("N1", { closed_on = "2026-04-01", due_on = "2026-06-10" }) })
  eq(VA(V.standard(R("initial", {}, c))), { "conditional", "certify_after_correction" })
  c = C("2026-05-20", { NC("N1", { closed_on = "2026-04-01", due_on = "2026-06-10", verified_by = "onsite" }) })
  eq(VA(V.standard(R("initial", {}, c))), { "pass", "certify_after_correction" })
  -- a scheme that accepts only onsite verification
  c = C("2026-05-20", { NC("N1", { closed_on = "2026-04-01", due_on = "2026-06-10", verified_by = "written" }) })
  eq(VA(V.standard(R("initial", {}, c), { verified_by = { onsite = true } })), { "conditional", "certify_after_correction" })
  -- serious closed and verified: CNCA 5.4.4 (not correctable) fails, CGC ¶80 passes
  c = C("2026-05-20", { NC("S1", { severity = "serious", closed_on = "2026-04-01", verified_by = "written" }) })
  eq(VA(V.standard(R("initial", {}, c), { serious_fails_even_closed = true })), { "fail", "withhold" })
  eq(VA(V.standard(R("initial", {}, c), { serious_fails_even_closed = false })), { "pass", "certify_after_correction" })
end)

test("rule 4: a serious finding at the application follows the document's review conclusion", function()
  local fs = { F("cutoff", "fail", { severity = "serious" }) }
  eq(VA(V.standard(R("application", fs))), { "fail", "refuse" }, "default: CNCA 5.3.4(3)")
  eq(VA(V.standard(R("application", fs), { application_serious = "supplement" })), { "conditional", "request_supplement" }, "CGC ¶34")
  -- an eligibility ground still refuses
  eq(VA(V.standard(R("application", { F("elig", "fail", { effect = "refuse" }) }), { application_serious = "supplement" })), { "fail", "refuse" })
end)

test("rule 6: only this round's NCs drive surveillance; correction period", function()
  local hist = { history = { initial_decision_on = "2026-05-06" }, stage = "surveillance" }
  -- an NC of the initial round, closed and verified: plain maintain
  local c = C("2027-05-20", { NC("OLD", { source = "onsite", raised_on = "2026-03-17", closed_on = "2026-04-08", verified_by = "written" }) }, hist)
  eq(VA(V.standard(R("surveillance", {}, c))), { "pass", "maintain" })
  ok(V.nc_this_round(c, c.assessment.nonconformities[1]) == false)
  -- the same NC closed late: still does not drive this round
  c = C("2027-05-20", { NC("OLD", { source = "onsite", raised_on = "2026-03-17", due_on = "2026-04-01", closed_on = "2026-04-08", verified_by = "written" }) }, hist)
  eq(VA(V.standard(R("surveillance", {}, c), { closed_late_fails = true })), { "pass", "maintain" })
  -- an NC raised after the decision drives it
  c = C("2027-05-20", { NC("NEW", { source = "onsite", raised_on = "2027-05-10", due_on = "2027-06-10" }) }, hist)
  eq(VA(V.standard(R("surveillance", {}, c))), { "conditional", "maintain_after_correction" })
  ok(V.nc_this_round(c, c.assessment.nonconformities[1]))
  -- CGC ¶91: a systemic NC within its 2 months does not suspend at once; past them it does
  c = C("2027-05-20", { NC("SYS", { source = "surveillance", raised_on = "2027-05-10", systemic = true }) }, hist)
  local CGC = { surveillance_correction_months = 2, surveillance_period_governs = true }
  eq(VA(V.standard(R("surveillance", {}, c), CGC)), { "conditional", "maintain_after_correction" })
  eq(VA(V.standard(R("surveillance", {}, c))), { "fail", "suspend" }, "without the parameter a systemic NC suspends")
  c = C("2027-07-20", { NC("SYS", { source = "surveillance", raised_on = "2027-05-10", systemic = true }) }, hist)
  eq(VA(V.standard(R("surveillance", {}, c), CGC)), { "fail", "suspend" })
  -- the engine's own serious finding within the period: conditional too
  eq(VA(V.standard(R("surveillance", { F("recompute", "fail", { severity = "serious" }) }), CGC)), { "conditional", "maintain_after_correction" })
end)

test("rule 7 / 9: cancel outranks suspend; body findings never decide", function()
  local r = V.standard(R("surveillance", { F("cert", "fail", { effect = "cancel" }), F("x", "fail", { effect = "suspend" }) }))
  eq(VA(r), { "fail", "cancel" }); eq(r.decided_by, { "X/1/cert" })
  eq(VA(V.standard(R("surveillance", { F("cert", "fail", { effect = "cancel" }), F("x", "fail", { effect = "revoke" }) }))), { "fail", "revoke" })
  local b = F("days", "fail", { severity = "serious" }); b.party = "body"
  eq(VA(V.standard(R("initial", { b }))), { "pass", "certify" })
  local bi = F("days", "insufficient_data", { decisive = true }); bi.party = "body"
  eq(VA(V.standard(R("initial", { bi }))), { "pass", "certify" })
end)

test("rule 10: the conclusion finding states the verdict; decided_by never cites a pass", function()
  local concl = F("conclusion", "pass")
  local r = V.standard(R("initial", { concl, F("cutoff", "fail", { severity = "serious" }) }), CONCL)
  eq(VA(r), { "fail", "withhold" })
  eq(r.decided_by, { "X/1/cutoff" })
  eq({ concl.status, concl.severity, concl.effect }, { "fail", "serious", "withhold" })
  ok(concl.message.zh:find("不通过", 1, true), concl.message.zh)
  concl = F("conclusion", "pass")
  r = V.standard(R("initial", { concl, F("gap", "fail", { severity = "general" }) }), CONCL)
  eq({ concl.status, concl.severity }, { "fail", "general" })
  concl = F("conclusion", "pass")
  r = V.standard(R("initial", { concl }), CONCL)
  eq(r.decided_by, { "X/1/conclusion" }); eq(concl.status, "pass")
end)

test("rule 3: the assessors' findings not stated at an assessed stage → insufficient_data", function()
  local none = { as_of = "2026-05-20" }                        -- no assessment at all
  local unstated = { as_of = "2026-05-20", assessment = {} }   -- an assessment without its NC list
  for _, st in ipairs({ "initial", "recertification", "surveillance" }) do
    for _, c in ipairs({ none, unstated }) do
      local r = V.standard(R(st, { F("conclusion", "pass") }, c), CONCL)
      eq(VA(r), { "insufficient_data", nil }, st)
      eq(r.decided_by, { "X/1/conclusion" }, st)
      eq(r.native.zh, "未说明检查/核查发现的不符合项，无法作出结论", st)
    end
    -- an empty list is "none": pass
    eq(V.standard(R(st, { F("conclusion", "pass") }, C("2026-05-20", {})), CONCL).verdict, "pass", st)
  end
  -- the application and a change round do not need it
  eq(VA(V.standard(R("application", {}, none))), { "pass", "accept" })
  eq(V.standard(R("change", {}, none)).verdict, "pass")
  -- an established ground still wins (rule 2)
  eq(VA(V.standard(R("initial", { F("elig", "fail", { effect = "refuse" }) }, none))), { "fail", "withhold" })
  -- without a conclusion rule the list itself is named
  eq(V.standard(R("surveillance", {}, none)).decided_by, { "assessment/nonconformities" })
  -- a pack may turn it off
  eq(V.standard(R("initial", {}, none), { ncs_required = false }).verdict, "pass")
end)

test("rule 10: a clean pass cites the conclusion rule only when it applied", function()
  local r = V.standard(R("initial", { F("conclusion", "pass") }), CONCL)
  eq(r.decided_by, { "X/1/conclusion" })
  r = V.standard(R("initial", { F("conclusion", "not_applicable") }), CONCL)
  eq(VA(r), { "pass", "certify" })
  eq(r.decided_by, {})
end)

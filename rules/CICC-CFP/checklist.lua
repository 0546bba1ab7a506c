-- CICC-CFP: requirements a case cannot show (principles, the body's plans,
-- meetings, reviews and records). Each is an `info` finding with its clause so
-- the officer's checklist is complete (requirements.md: a requirement that
-- cannot be checked from a case still gets a rule that reports `info`).

local function item(slug, clause, stages, tz, te, mz, me)
  rule {
    slug = slug, clause = clause, stages = stages, info_only = true,
    title = { zh = tz, en = te },
    check = info { zh = mz, en = me },  -- the same for every case: checked once, when the pack loads
  }
end

local VERIFY = { "init", "surv" }

item("principles", "3", "all",
  "基本原则：相关性、完整性、一致性、连贯性、精确度、透明度、避免重复计算",
  "Principles: relevance, completeness, consistency, coherence, accuracy, transparency, no double counting",
  "第 3 章：核查评价按相关性、完整性（显著水平由截止标准确定）、一致性、连贯性、精确度、透明度和避免重复计算的原则进行——由核查组判断",
  "clause 3: the verification applies relevance, completeness (significance set by the cut-off criteria), consistency, coherence, accuracy, transparency and no double counting — the team's judgement")
item("programme", "9.2", VERIFY,
  "核查方案策划内容 1)–6)：目标和范围、数据收集、测量方法和标准、排放计算、核查过程和标准、结果分析和报告",
  "Verification programme 1)–6): objectives and scope, data collection, measurement methods, emission calculation, process and criteria, analysis and report",
  "9.2：方案策划人员针对每次核查评价制定方案，至少包括 1) 目标和范围 2) 数据收集和整理 3) 测量方法和标准 4) 排放计算和模拟 5) 核查评价过程和标准 6) 结果分析和报告——案例不含方案，由机构核对",
  "9.2: a programme is drawn up for each verification with at least 1) objectives and scope, 2) data collection, 3) measurement methods and standards, 4) emission calculation, 5) verification process and criteria, 6) analysis and reporting — the case holds no programme; the body checks it")
item("risk-assessment", "9.3", VERIFY,
  "文件审定中的风险评价：实质性偏差的固有风险、组织未能防止或发现的风险、核查员未能发现的风险",
  "Risk assessment in the document review: inherent risk of a material misstatement, control risk, detection risk",
  "9.3：文件审定时评价活动的性质规模、GHG 信息的合理性和一致性、系统边界和排放源识别的充分性，并对 1) 固有风险 2) 控制风险 3) 检查风险进行评价——由核查组记录（文件审定人日比例见 doc-review-share）",
  "9.3: the document review weighs the activity's nature and size, the GHG information's plausibility and consistency, the boundary and source identification, and assesses 1) inherent, 2) control and 3) detection risk — recorded by the team (document-review share: see doc-review-share)")
item("verification-plan", "9.4.1", VERIFY,
  "书面核查评价计划：目的、准则、系统边界、保证等级、部门场所和供应商、日程、成员和职责",
  "Written verification plan: objectives, criteria, boundary, assurance level, departments, sites and suppliers, schedule, members and roles",
  "9.4.1：核查评价组制定书面计划交付客户，含目的、准则、系统边界、保证等级、涉及的部门场所和供应商、日程安排和组员职责——案例不含计划，由机构核对（多场所抽样见 site-sampling）",
  "9.4.1: the team gives the client a written plan with the objectives, criteria, boundary, assurance level, departments, sites and suppliers, schedule and members' roles — the case holds no plan; the body checks it (multi-site sampling: see site-sampling)")
item("onsite-conditions", "9.4.2, 9.4.3", VERIFY,
  "现场核查在产品生产正常运行时进行；现场活动前书面计划经申请组织确认，变更书面通知",
  "Onsite verification while production runs normally; written plan confirmed by the client beforehand, changes notified in writing",
  "9.4.2、9.4.3：现场核查安排在核查范围内的生产活动正常运行时；现场活动开始前书面计划经申请组织确认，临时变更书面通知并协商一致——由机构核对",
  "9.4.2, 9.4.3: the onsite visit takes place while the covered production runs normally; the client confirms the written plan before it starts, and changes are notified in writing and agreed — the body checks it")
item("team-continuity", "9.5.2", { "init" },
  "核查评价组完成计划全部工作，不更换计划确定的核查员；召开首末次会议并签到",
  "The team completes the whole plan without replacing planned verifiers; opening and closing meetings with attendance sheets",
  "9.5.2：除不可预见的特殊情况外不得更换计划确定的核查员（技术专家和实习核查员除外），按程序召开首、末次会议并提供签到表——由机构核对",
  "9.5.2: the planned verifiers are not replaced except for unforeseeable reasons (experts and trainees excepted), and opening and closing meetings are held with attendance sheets — the body checks it")
item("review-before-issue", "9.8.2, 9.8.3", { "init" },
  "二阶段后提交技术评审，评审通过后签发证书和报告；报告随附证据，保留签收证据",
  "After stage 2 the file goes to technical review before certificate and report are issued; the report carries its evidence and its receipt is kept",
  "9.8.2、9.8.3：二阶段完成后组长将资料、记录和证据提交碳中和事业部技术评审，通过后签发证书和报告；报告随附文字或照片证据，保留提交或签收证据——由机构核对（ITR 独立性和利益冲突见 10.1.3、10.1.4）",
  "9.8.2, 9.8.3: after stage 2 the team leader submits records and evidence for technical review, and only then are certificate and report issued; the report carries its evidence (text, photos) and the proof of delivery is kept — the body checks it (ITR independence and conflicts: see 10.1.3, 10.1.4)")
item("termination-report", "9.8.4", "all",
  "终止核查评价的项目形成工作情况报告并连同终止原因提交申请组织",
  "A terminated verification gets a report of the work done, sent to the client with the reasons",
  "9.8.4：终止核查评价时，核查组将已开展的工作形成报告，连同终止原因提交申请组织并保留签收证据——仅在终止时适用，由机构核对",
  "9.8.4: when a verification is terminated, the work done is reported and sent to the client with the reasons, and the receipt is kept — applies only on termination; the body checks it")
item("category-requirements", "10.2", { "init" },
  "认证决定：碳披露类还应有确保披露信息持续符合并持续减少排放的管理措施",
  "Certification decision: for carbon disclosure, management measures that keep the disclosed information conforming and emissions falling",
  "10.2：碳中和事业部作最终认证决定；碳披露类应包括规范企业确保披露信息持续符合相关标准、并能持续减少温室气体排放的管理措施——由机构核对",
  "10.2: the final decision is the carbon-neutrality department's; for carbon disclosure it requires management measures keeping the disclosed information conforming and emissions falling — the body checks it")
item("appeals-complaints", "12", "all",
  "申诉和投诉按程序记录、调查，由公正性委员会决定并告知申诉人",
  "Appeals and complaints recorded, investigated and decided by the impartiality committee, with the outcome told to the appellant",
  "第 12 章：申诉和投诉由技术负责人记录，独立人员调查，公正性委员会作出决定并告知申诉人/投诉人——由机构核对",
  "clause 12: appeals and complaints are recorded by the technical manager, investigated by someone independent, decided by the impartiality committee and answered — the body checks it")

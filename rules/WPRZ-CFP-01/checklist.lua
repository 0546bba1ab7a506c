-- WPRZ-CFP-01: the officer's checklist of the requirements a case file cannot
-- show (the body's own duties, records and judgements), one `info` finding each
-- at the stage it belongs to, so the findings cover every clause of the document.

local function item(slug, clause, stages, zh, en)
  rule {
    slug = slug, clause = clause, stages = stages, info_only = true,
    title = { zh = zh, en = en },
    check = info(),  -- the same for every case: checked once, when the pack loads
  }
end

item("body-competence", "5", "app",
  "微谱认证的能力要求：资质、风险防范机制、人员管理制度、公正性、保密、认证活动的真实性有效性",
  "The body's capability: approval, risk provisions, personnel management, impartiality, confidentiality")
item("personnel", "6", "init",
  "认证人员基本要求：注册资格、公正性及利益冲突告知、继续教育",
  "Personnel: registration, impartiality and disclosure of conflicts, continuing training")
item("public-information", "7.1.1", "app",
  "向认证委托人公开的信息（认证规则、流程、收费、申诉投诉、标准换版等）",
  "Information made public to applicants (rules, process, fees, appeals, standard changes)")
item("acceptance-conditions", "7.2.2", "app",
  "受理条件 (2) 微谱认证具备实施认证的能力，(3) 双方就认证事宜达成一致",
  "Acceptance conditions (2) the body can certify, (3) both parties agree")
item("refuse-terminate", "7.3.4", "app",
  "拒绝或终止受理 (1) 未提出申请或未签订合同，(3) 不能履行或接受认证规则、合同有关规定（(2) 造假见 falsified）",
  "Refuse or terminate (1) no application or contract, (3) rules or contract not accepted ((2) falsification: rule falsified)")
item("onsite-report", "7.6.4", "init",
  "现场检查报告内容 (1)–(6)（文件中第二个 7.6.4）",
  "Onsite report contents (1)–(6) (the second 7.6.4 of the document)")
item("verification-planning", "7.7.2", "init",
  "核查策划：信息分析、风险评估、证据收集计划和现场核查计划",
  "Verification planning: information analysis, risk assessment, evidence-collection and onsite plans")
item("primary-cross-check", "7.7.4.4(1)", { "init", "surv" },
  "初级数据通过原始数据及证明材料交叉校核，检查有无遗漏或错误",
  "Primary data cross-checked against raw data and evidence")
item("certified-register", "7.11", "init",
  "获证产品名录的建立与公布",
  "Register of certified products kept and published")
item("surveillance-frequency", "8.1", "surv",
  "增加监督频次的情形 (1) 严重质量问题或投诉，(2) 对碳足迹量化提出质疑，(3) 影响一致性的变更",
  "When to increase surveillance frequency: (1) serious quality problems or complaints, (2) doubts on the quantification, (3) changes affecting consistency")
item("certificate-contents", "10.2.5", "init",
  "认证证书至少包含 (1)–(11) 项内容（名称地址、认证单元、产品、声明单位与碳足迹、认证模式、依据、发证换证日期与有效期、机构、编号、查询途径）",
  "Certificate contents (1)–(11)")
item("mark-use", "10.3", "surv",
  "认证标志的使用与管理；证书暂停、撤销、注销或超过有效期时停止使用（10.3.3.4）",
  "Use and control of the mark; stopped when the certificate is suspended, revoked, cancelled or expired (10.3.3.4)")
item("status-publication", "11.1.4", { "surv", "chg" },
  "暂停、撤销、注销认证资格的信息在官网公开，并于 2 个工作日内报国家认监委",
  "Suspensions, revocations and cancellations published and reported to CNCA within 2 working days")
item("suspension-grounds", "11.3.1", { "surv", "chg" },
  "其余暂停情形：(1) 30 日内不能有效纠正，(2) 未按规定使用证书或标识，(4) 委托人申请暂停，(5) 监管部门责令暂停，(6) 其他（(3) 见 first-surveillance、surveillance-interval）",
  "Other suspension grounds (1)(2)(4)(5)(6) ((3) late surveillance: rules first-surveillance, surveillance-interval)")
item("revocation-grounds", "11.4.1", { "surv", "chg" },
  "其余撤销情形：(1) 法律地位证明被注销或撤销，(3) 严重违法受处罚，(6) 超范围使用证书或标识，(8) 监管部门责令撤销，(9) 其他；撤销后寄回或销毁证书（11.4.2）",
  "Other revocation grounds (1)(3)(6)(8)(9); certificate returned or destroyed after revocation (11.4.2)")
item("appeals", "12", "all",
  "申诉（投诉）处理：由无关人员决定，60 日内书面告知处理结果",
  "Appeals and complaints: decided by uninvolved persons, answered in writing within 60 days")
item("reporting", "13", "init",
  "信息报告：评价实施前 3 天上报评价计划；颁发证书后次月 10 日前报送认证结果",
  "Reporting to CNCA: evaluation plan 3 days before; results by the 10th of the next month")

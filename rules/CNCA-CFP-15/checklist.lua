-- CNCA-CFP-15: the officer's checklist of the requirements a case file cannot
-- show (the body's own records and judgements). Each is an `info` finding at the
-- stage it belongs to, so that the list of findings covers every clause of the
-- document: the rules elsewhere check what the case states; these name what the
-- officer confirms by hand.

local function item(slug, clause, stages, zh, en)
  rule {
    slug = slug, clause = clause, stages = stages, info_only = true,
    title = { zh = zh, en = en },
    check = info(),  -- the same for every case: checked once, when the pack loads
  }
end

item("scope-announcements", "1.2", "app",
  "适用范围的调整以国家认监委发布的公告为准（核对最新公告）",
  "Scope changes follow CNCA announcements (check the latest announcement)")
item("certification-mode", "3", "app",
  "认证模式：初始检查 + 产品碳足迹核查 + 获证后监督",
  "Certification mode: initial inspection + footprint verification + surveillance")
item("unit-scope-on-certificate", "4", "init",
  "每个认证单元产品的详细认证范围在认证证书或其附件中予以界定",
  "The detailed scope of each unit is defined on the certificate or its annex")
item("documents-unobtainable", "5.2(2)", "app",
  "由于认证委托人原因，无法获得受理认证委托所需要的文件或资料的，拒绝或中止受理（原因由认证机构确认）",
  "Documents unobtainable because of the applicant: refuse or suspend acceptance (the body confirms the cause)")
item("legal-bars", "5.2(4)", "app",
  "根据法律法规或其他管理规定不能受理的情形，拒绝或中止受理",
  "Cases that laws or other rules forbid accepting: refuse or suspend acceptance")
item("verification-planning", "5.5.1", "init",
  "核查策划：信息分析、风险评估（故意错误陈述、规模与设备变更、取舍原则、数据质量），证据收集计划和现场核查计划",
  "Verification planning: information analysis, risk assessment, evidence-collection plan and onsite verification plan")
item("verification-methods", "5.5.3", "init",
  "现场核查方法 (1)–(6)：现场观察、核查计量器具、抽样原始数据、核查文件记录凭证、确认计算过程和结果、面谈；做好核查过程记录",
  "Verification methods (1)–(6): observation, metering, sampling raw data, documents and records, calculations, interviews; records kept")
item("primary-cross-check", "5.5.3.4(1)", { "init", "surv" },
  "初级数据（含现场数据）通过原始数据及相关证明材料交叉校核，检查有无遗漏或错误",
  "Primary (and site) data cross-checked against raw data and evidence for omissions or errors")
item("secondary-suitability", "5.5.3.4(2) c) d)", { "init", "surv" },
  "商业数据库的适宜性、权威性已确认并在数据库中核实各项次级数据；文献、调研报告、行业统计数据的适宜性已核实",
  "Commercial databases confirmed suitable and authoritative, values checked in them; literature and statistics checked for suitability")
item("verification-report", "5.5.5", "init",
  "核查报告符合通用实施规则附件 2《产品碳足迹核查指南》的规定",
  "Verification report per Annex 2 of the general rules (verification guide)")
item("surveillance-period-fit", "6.1", "surv",
  "监督时间与获证产品的数据统计周期相适宜",
  "Surveillance timed to suit the certified product's data period")
item("certificate-mark-use", "6.2.5", "surv",
  "监督认证证书和标识的使用情况、法律法规及其他要求的执行情况",
  "Use of the certificate and label, and compliance with laws and other requirements, reviewed at surveillance")
item("evaluation-reissue", "6.5", "surv",
  "监督评价通过的，根据产品碳足迹核查结果换发认证证书并继续使用认证标识",
  "After a passed surveillance evaluation the certificate is re-issued with the verified footprint")
item("batch-and-net-weight", "Annex 1", "app",
  "产品基本信息表的产品批号、产品净重（案例文件无此字段，由检查员核对）",
  "Batch number and net weight of the product information table (no case field: checked by the officer)")

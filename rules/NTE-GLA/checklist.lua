-- NTE-GLA: requirements a case cannot show (the body's staff, plans, reports,
-- marks, and the factory's quality-assurance capability of the Annex). Each is
-- an `info` finding with its clause, so the officer's checklist is complete
-- (requirements.md: a requirement that cannot be checked from a case still
-- gets a rule that reports `info`). Annex 2.3 (record retention) is in annex.lua.

local function item(slug, clause, stages, tz, te, mz, me)
  rule {
    slug = slug, clause = clause, stages = stages, info_only = true,
    title = { zh = tz, en = te },
    check = info { zh = mz, en = me },  -- the same for every case: checked once, when the pack loads
  }
end

-- 3 认证人员条件及能力要求 (表 1)
item("personnel", "3", "all",
  "认证人员条件及能力要求（表 1）", "Personnel qualifications and competence (Table 1)",
  "第 3 章：方案制定、认证管理、检查员（应具备自愿性产品认证检查员资质）、复核与决定、能力评价人员及技术专家的能力按表 1 和 NTE06/M0101 评定——案例不记录人员资质，由机构核对",
  "clause 3: scheme designers, managers, inspectors (holding the voluntary product-certification inspector qualification), reviewers and decision makers, competence assessors and technical experts meet Table 1 and NTE06/M0101 — a case does not record qualifications; the body checks them")

-- 7.3.1 检查准备: 检查计划与检查组
item("inspection-plan", "7.3.1", { "init", "surv" },
  "现场检查计划基于 T/CNIA 0245-2024 制定；检查组规模和组成与产品范围、技术复杂程度和检查员背景相适应",
  "The onsite inspection plan follows T/CNIA 0245-2024; team size and composition suit the product scope, technical complexity and the inspectors' background",
  "7.3.1：检查计划依据 T/CNIA 0245-2024 制定，检查组规模和组成按产品范围、技术复杂程度和检查员专业背景确定——案例不含检查计划，由机构核对（检查员轮换见 inspector-rotation）",
  "7.3.1: the inspection plan is based on T/CNIA 0245-2024, and the team's size and composition follow the product scope, technical complexity and the inspectors' background — the case holds no plan; the body checks it (inspector rotation: see inspector-rotation)")

-- 7.4 工厂检查报告
item("report-content", "7.4", { "init", "surv" },
  "检查报告符合 CNAS-CC21，包含检查结论、受检查方基本情况、产品信息和质量保证能力检查结果",
  "Inspection report per CNAS-CC21 with the conclusion, the inspected party, product information and the quality-assurance findings",
  "7.4：检查报告应含 (1) 检查结论 (2) 受检查方名称、地址、规模 (3) 产品信息 (4) 质量保证能力检查结果——案例不含报告正文，由机构核对",
  "7.4: the report holds (1) the conclusion, (2) the inspected party's name, address and size, (3) product information, (4) the quality-assurance findings — the case holds no report text; the body checks it")

-- 7.6.1 增加监督频次
item("surveillance-frequency", "7.6.1", { "surv" },
  "出现严重质量问题或投诉、对符合性有质疑、或原料添加比例可能变化时可增加监督频次（可不预先通知）",
  "Extra (possibly unannounced) surveillance after serious quality problems or complaints, doubts about conformity, or likely feed-ratio changes",
  "7.6.1：获证产品出现严重质量问题或经查实的严重投诉、NTE 对符合性有足够理由质疑、或组织机构/工艺/原料变化可能影响原料添加比例时，可增加监督频次且可不预先通知——由机构判断（监督间隔见 surveillance-interval）",
  "7.6.1: after a serious quality problem or a substantiated serious complaint, justified doubt about conformity, or organisational, process or feed changes that may alter the feed ratio, the body may add (possibly unannounced) surveillances — the body decides (interval: see surveillance-interval)")

-- 9.1 / 9.2 认证标志
item("mark-style", "9.1", { "init", "surv" },
  "获证后方可在获准认证产品上使用规定样式的认证标志",
  "The certification mark, in its prescribed design, only on certified products after certification",
  "9.1：取得认证证书后方可在获准认证的产品上使用图 2 的绿色低碳铝认证标志——案例不记录标志使用，现场核对",
  "9.1: only after the certificate is issued, and only on the certified products, may the Figure 2 green low-carbon aluminium mark be used — the case does not record mark use; check on site")
item("mark-use", "9.2", { "init", "surv" },
  "认证标识加施于产品本体、最小外包装或随附文件；不得变形，清晰可识别（NTE04/T02）",
  "The mark on the product, its smallest package or its accompanying documents; never deformed, clear and recognisable (NTE04/T02)",
  "9.2：认证有效期内可在获证产品本体或最小外包装、均不能加施时在随附文件上加施标识；不允许使用变形标志，标识应清晰可识别——现场核对",
  "9.2: during validity the mark goes on the certified product or its smallest package, or on the accompanying documents when neither can carry it; no deformed mark, clear and recognisable — check on site")

-- 附件 绿色低碳铝质量保证能力要求 1–9 (2.3 in annex.lua)
local INSPECT = { "init", "surv" }
item("qa-responsibilities", "Annex 1", INSPECT,
  "职责：规定与认证有关人员的职责权限，指定质量负责人并赋予 (a)–(d) 职责",
  "Responsibilities: duties and authority defined; a quality manager appointed with duties (a)–(d)",
  "附件 1：工厂规定人员职责、权限，管理层中指定质量负责人，负责 (a) 本文件要求的建立实施保持 (b) 产品一致性和符合性 (c) 正确使用 NTE 证书和标志 (d) 绿色低碳铝管控体系——现场核查",
  "Annex 1: the factory defines duties and authority and appoints a quality manager responsible for (a) establishing and maintaining these requirements, (b) product consistency and conformity, (c) correct use of NTE certificates and marks, (d) the green low-carbon aluminium control system — check on site")
item("document-control", "Annex 2.1, 2.2", INSPECT,
  "文件控制：文件化程序、外来文件和记录受控，使用有效版本",
  "Document control: documented procedure, external documents and records controlled, valid versions in use",
  "附件 2.1、2.2：工厂建立并保持文件控制程序，绿色低碳铝标准不低于认证依据标准，文件充分、适宜并使用有效版本——现场核查",
  "Annex 2.1, 2.2: the factory keeps a documented control procedure, its green low-carbon aluminium standard is no weaker than the certification standard, documents are adequate and the valid versions are used — check on site")
item("certification-records", "Annex 2.4", INSPECT,
  "识别并保存检查报告、NTE 证书状态信息等重要文件",
  "Inspection reports, NTE certificate status (valid, suspended, revoked, cancelled) and other key documents kept",
  "附件 2.4：工厂识别并保存与产品认证相关的重要文件和质量信息，如检查报告和 NTE 证书状态（有效、暂停、撤销、注销）——现场核查",
  "Annex 2.4: the factory keeps the key certification documents and quality information, such as inspection reports and the NTE certificate status (valid, suspended, revoked, cancelled) — check on site")
item("feed-control", "Annex 3", INSPECT,
  "原料控制：关键原料技术要求、合格供方名录、采购使用记录、进货验证",
  "Feed control: technical requirements for key feed, approved-supplier list, purchase and usage records, incoming verification",
  "附件 3：关键生产原料在采购文件中明确技术要求，从合格生产者/生产企业名录采购，保存采购、使用记录（进货单、出入库单、台账），进货时验证并记录——现场核查（原料凭证与使用记录是否具备见 5.1 feed-evidence）",
  "Annex 3: key feed has its technical requirements in the purchasing documents, is bought from the approved-producer list, purchase and usage records are kept (delivery notes, in/out slips, ledgers), and incoming feed is verified and recorded — check on site (whether the feed evidence and usage records are held: see 5.1 feed-evidence)")
item("process-control", "Annex 4", INSPECT,
  "生产过程控制：识别关键工序，必要时制定作业指导书并监视过程参数",
  "Process control: key processes identified, work instructions where needed, process parameters monitored",
  "附件 4：工厂识别关键工序，必要时制定作业指导书，并对适宜的过程参数进行监视和测量——现场核查",
  "Annex 4: the factory identifies its key processes, writes work instructions where needed and monitors suitable process parameters — check on site")
item("final-inspection", "Annex 5", INSPECT,
  "检验：最终产品确认检验程序；检验设备按周期校准或检定",
  "Inspection: confirmation testing of the final product; test equipment calibrated or verified on schedule",
  "附件 5：工厂建立最终产品确认检验程序（频次、项目、方法、判定）并保存记录；检验设备按规定周期校准或检定——现场核查",
  "Annex 5: the factory has a confirmation-testing procedure for the final product (frequency, items, methods, criteria) with records, and its test equipment is calibrated or verified on schedule — check on site")
item("cf-verification", "Annex 6", INSPECT,
  "碳足迹核查：排放源识别和计算方法符合铝产品碳足迹量化方法，活动水平证据可靠完整",
  "Footprint verification: emission sources and calculation follow the aluminium footprint method; activity-data evidence reliable and complete",
  "附件 6：排放源识别与计算方法符合铝产品碳足迹量化方法，能源和物料（煤、电、煤气、天然气等）购买和生产记录等活动水平证据可靠、完整——现场核查（数据质量见 5.2 cf-data-quality；本规则不复算碳足迹）",
  "Annex 6: emission sources and calculations follow the aluminium footprint method, and the activity-data evidence (purchases and production records of coal, power, gas, natural gas …) is reliable and complete — check on site (data quality: see 5.2 cf-data-quality; this pack does not recompute the footprint)")
item("change-control", "Annex 7", INSPECT,
  "认证产品一致性：对影响产品一致性和符合性的变更进行控制",
  "Product consistency: changes that may affect consistency and conformity are controlled",
  "附件 7：工厂建立并保持变更控制程序，控制可能影响产品一致性及与标准符合性的变更——现场核查",
  "Annex 7: the factory keeps a documented procedure controlling changes that may affect product consistency and conformity with the standard — check on site")
item("product-protection", "Annex 8", INSPECT,
  "产品防护与交付：标识、搬运、包装、贮存、保护符合规定",
  "Product protection and delivery: identification, handling, packaging, storage and protection as required",
  "附件 8：采购、生产、检验各环节的产品防护（标识、搬运、包装、贮存、保护）符合规定——现场核查",
  "Annex 8: product protection in purchasing, production and inspection (identification, handling, packaging, storage, protection) meets the requirements — check on site")
item("certificate-mark", "Annex 9", INSPECT,
  "认证证书和标志的管理和使用符合《认证证书和认证标志管理办法》",
  "Certificates and marks managed and used per the SAMR certificate and mark regulations",
  "附件 9：工厂对认证证书和认证标志的管理和使用符合国家市场监督管理总局《认证证书和认证标志管理办法》——现场核查",
  "Annex 9: the factory manages and uses certificates and marks as the SAMR 认证证书和认证标志管理办法 requires — check on site")

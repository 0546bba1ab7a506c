// cfpcheck's report renderer: draws a cfpreport/1 document (result, case,
// packs) as the officer's report. One renderer for both places it is shown:
// the self-contained file of `cfpcheck report` and serve's page (GET /).
//
// Safety: everything shown comes from a case file or a rule pack, i.e. from
// outside. The page is built with DOM calls only: text goes in through
// text nodes, attributes through setAttribute with fixed names; nothing is
// ever parsed as HTML. Keep it that way (no innerHTML, no insertAdjacentHTML,
// no document.write, no style attributes).
(function (global) {
  'use strict';

  var UI = {
    zh: {
      title: '产品碳足迹认证核查报告',
      subtitle: '由 cfpcheck 按各认证机构实施规则自动核查；证据值均取自案例文件本身',
      record: '决定记录', caseId: '案例编号', stage: '阶段', asOf: '评价日', applicant: '申请人', product: '产品',
      caseSha: '案例文件 SHA-256', engine: '核查引擎', packs: '规则包', pack: '规则包', version: '版本', document: '依据文件',
      summary: '各认证规则结论对照', scheme: '认证规则', applicable: '适用', verdict: '结论', action: '处理',
      native: '规则原文结论', grade: '等级 / 标识值', ncs: '不符合项 严重/一般/观察', footprint: '碳足迹 tCO₂e/t',
      validity: '有效期（月）', surveillance: '监督间隔（月）', minDays: '最少人日',
      disagreements: '规则之间结论不一致的事项', noDisagreements: '适用的认证规则之间没有结论不一致的事项。',
      topic: '事项', charts: '图示', yes: '是', no: '否',
      decidedBy: '决定依据', metrics: '计算结果', metric: '指标', value: '数值', unit: '单位',
      findings: '核查发现', counts: '计数', gradeStatus: '等级状态',
      groupFail: '不符合项（申请方）', groupBody: '认证机构自身义务（不影响结论）', groupInsufficient: '数据不足，无法判定',
      groupInfo: '提示信息', groupNa: '不适用', groupPass: '符合的条款',
      clause: '条款', rule: '规则', evidence: '证据（案例中的值）', pointer: 'JSON 指针', caseValue: '案例中的值',
      values: '规则计算的数值', absent: '（案例中没有此项）', notStated: '（未填写）',
      party_body: '机构义务', notApplicable: '不适用：',
      chartProcess: '按工序的碳足迹与声明值', chartStage: '按生命周期阶段的碳足迹与声明值',
      chartTotal: '重新计算的碳足迹与声明值', declared: '声明值', recomputed: '重新计算',
      chartGla: '入炉原料 A/B/C 类占比与 30 % 界线', chartCutoff: '取舍（cut-off）占比与 1 % / 5 % 界线',
      cutoffSum: '合计', singleLimit: '单项上限', totalLimit: '合计上限', omegaLine: 'ω_c 上限',
      perScheme: '数据来自', sameIn: '各规则计算相同：',
      reviewer: '审核人员确认', reviewerName: '审核人员姓名', reviewDate: '日期', signature: '签字',
      reviewerNote: '本报告由程序生成，结论需经审核人员核对后生效。',
      footer: '本报告为自包含文件，可离线打开；数据（结果、案例、规则包说明）嵌在文件中。',
      printHint: '打印：A4，页码在页脚', langName: '中文', otherLang: 'English',
      passCount: '符合', failCount: '不符合', insufficientCount: '数据不足', naCount: '不适用', infoCount: '信息',
      bodyCount: '机构义务', seriousCount: '严重', generalCount: '一般', observationCount: '观察',
      none: '无', stages: '阶段', severity: '不符合时', defined: '定义位置', params: '参数及其解读'
    },
    en: {
      title: 'Product carbon footprint certification check',
      subtitle: 'Checked by cfpcheck against each body\'s certification rules; every evidence value is the case file\'s own',
      record: 'Decision record', caseId: 'Case', stage: 'Stage', asOf: 'As of', applicant: 'Applicant', product: 'Product',
      caseSha: 'Case file SHA-256', engine: 'Engine', packs: 'Rule packs', pack: 'Pack', version: 'Version', document: 'Document',
      summary: 'Schemes side by side', scheme: 'Scheme', applicable: 'Applicable', verdict: 'Verdict', action: 'Action',
      native: 'The scheme\'s own wording', grade: 'Grade / label value', ncs: 'NCs serious/general/obs.', footprint: 'Footprint tCO₂e/t',
      validity: 'Validity (months)', surveillance: 'Surveillance (months)', minDays: 'Min. person-days',
      disagreements: 'Where the schemes disagree', noDisagreements: 'The applicable schemes reach the same outcome on every shared topic.',
      topic: 'Topic', charts: 'Charts', yes: 'yes', no: 'no',
      decidedBy: 'Decided by', metrics: 'Computed values', metric: 'Metric', value: 'Value', unit: 'Unit',
      findings: 'Findings', counts: 'Counts', gradeStatus: 'grade status',
      groupFail: 'Nonconformities (applicant)', groupBody: 'The body\'s own duties (do not change the verdict)',
      groupInsufficient: 'Insufficient data: cannot be decided', groupInfo: 'Information', groupNa: 'Not applicable',
      groupPass: 'Clauses met',
      clause: 'Clause', rule: 'Rule', evidence: 'Evidence (the case\'s values)', pointer: 'JSON Pointer', caseValue: 'Value in the case',
      values: 'Values the rule computed', absent: '(not in the case)', notStated: '(not stated)',
      party_body: 'body\'s duty', notApplicable: 'Not applicable: ',
      chartProcess: 'Footprint by process against the declared value', chartStage: 'Footprint by life-cycle stage against the declared value',
      chartTotal: 'Recomputed footprint against the declared value', declared: 'declared', recomputed: 'recomputed',
      chartGla: 'Feed shares of class A/B/C against the 30 % line', chartCutoff: 'Cut-off shares against 1 % / 5 %',
      cutoffSum: 'total', singleLimit: 'single-flow limit', totalLimit: 'total limit', omegaLine: 'ω_c limit',
      perScheme: 'figures from', sameIn: 'computed alike by ',
      reviewer: 'Reviewer\'s confirmation', reviewerName: 'Reviewer', reviewDate: 'Date', signature: 'Signature',
      reviewerNote: 'This report is produced by a program; its conclusions take effect once a reviewer has checked them.',
      footer: 'This report is one self-contained file that opens offline; the result, the case and the packs\' descriptions are inside it.',
      printHint: 'Print: A4, page numbers in the footer', langName: 'English', otherLang: '中文',
      passCount: 'pass', failCount: 'fail', insufficientCount: 'insufficient', naCount: 'n/a', infoCount: 'info',
      bodyCount: 'body', seriousCount: 'serious', generalCount: 'general', observationCount: 'observation',
      none: 'none', stages: 'Stages', severity: 'On failure', defined: 'Defined at', params: 'Parameters and their readings'
    }
  };

  var WORDS = {
    verdict: {
      pass: ['通过', 'pass'], conditional: ['有条件通过', 'conditional'], fail: ['不通过', 'fail'],
      not_applicable: ['不适用', 'not applicable'], insufficient_data: ['数据不足', 'insufficient data']
    },
    action: {
      accept: ['受理', 'accept'], request_supplement: ['要求补充材料', 'request supplement'], refuse: ['不予受理', 'refuse'],
      certify: ['批准认证', 'certify'], certify_after_correction: ['纠正后批准认证', 'certify after correction'],
      withhold: ['不予批准', 'withhold'], maintain: ['保持认证', 'maintain'],
      maintain_after_correction: ['纠正后保持认证', 'maintain after correction'], suspend: ['暂停认证', 'suspend'],
      revoke: ['撤销认证', 'revoke'], reassess: ['重新评价', 'reassess'], cancel: ['注销认证', 'cancel']
    },
    status: {
      pass: ['符合', 'pass'], fail: ['不符合', 'fail'], insufficient_data: ['数据不足', 'insufficient data'],
      not_applicable: ['不适用', 'not applicable'], info: ['信息', 'info']
    },
    severity: { serious: ['严重', 'serious'], general: ['一般', 'general'], observation: ['观察项', 'observation'] },
    grade_status: { established: ['已确立', 'established'], provisional: ['暂定（证据待核实）', 'provisional (evidence pending)'] },
    stage: {
      application: ['申请评审', 'application'], initial: ['初次认证', 'initial'], surveillance: ['监督', 'surveillance'],
      recertification: ['再认证', 'recertification'], change: ['变更', 'change']
    },
    process: {
      bauxite_mining: ['铝土矿开采', 'bauxite mining'], alumina_production: ['氧化铝生产', 'alumina production'],
      anode_production: ['阳极生产', 'anode production'], electrolysis: ['电解', 'electrolysis'], casting: ['铸造', 'casting'],
      auxiliary_production: ['辅助生产', 'auxiliary production'], energy_supply: ['能源供应', 'energy supply'],
      transport: ['运输', 'transport'], remelting: ['重熔', 'remelting'], fabrication: ['加工', 'fabrication'], other: ['其他', 'other']
    },
    lcstage: {
      acquisition: ['原材料获取', 'acquisition'], production: ['生产', 'production'], distribution: ['分销', 'distribution'],
      use: ['使用', 'use'], end_of_life: ['生命末期', 'end of life']
    }
  };

  // ---- small helpers ------------------------------------------------------

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    add(e, kids);
    return e;
  }
  var SVGNS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs, kids) {
    var e = document.createElementNS(SVGNS, tag);
    setAttrs(e, attrs);
    add(e, kids);
    return e;
  }
  function setAttrs(e, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'style' || k.slice(0, 2) === 'on') throw new Error('renderer: attribute ' + k + ' is not allowed');
      if (k === 'href' && !/^#/.test(String(v)) && !/^blob:/.test(String(v))) throw new Error('renderer: only #anchors and blob: links');
      e.setAttribute(k, v === true ? '' : String(v));
    });
  }
  function add(e, kids) {
    if (kids === null || kids === undefined || kids === false) return;
    if (!Array.isArray(kids)) kids = [kids];
    kids.forEach(function (k) {
      if (k === null || k === undefined || k === false) return;
      if (Array.isArray(k)) add(e, k);
      else if (typeof k === 'object' && k.nodeType) e.appendChild(k);
      else e.appendChild(document.createTextNode(String(k)));
    });
  }
  function isObj(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
  // A {zh, en} text in `lang`, falling back to the other language.
  function bi(x, lang) {
    if (x === null || x === undefined) return '';
    if (typeof x === 'string') return x;
    if (!isObj(x)) return String(x);
    var o = lang === 'zh' ? 'en' : 'zh';
    if (typeof x[lang] === 'string' && x[lang] !== '') return x[lang];
    if (typeof x[o] === 'string') return x[o];
    return '';
  }
  function other(x, lang) {
    if (!isObj(x)) return '';
    var o = lang === 'zh' ? 'en' : 'zh';
    var a = bi(x, lang), b = typeof x[o] === 'string' ? x[o] : '';
    return b && b !== a ? b : '';
  }
  function word(kind, v, lang) {
    if (v === null || v === undefined) return '—';
    var w = WORDS[kind] && Object.prototype.hasOwnProperty.call(WORDS[kind], v) ? WORDS[kind][v] : null;
    if (!w) return String(v);
    return lang === 'zh' ? w[0] + '（' + v + '）' : w[1];
  }
  function wordShort(kind, v, lang) {
    var w = WORDS[kind] && Object.prototype.hasOwnProperty.call(WORDS[kind], v) ? WORDS[kind][v] : null;
    return w ? (lang === 'zh' ? w[0] : w[1]) : String(v);
  }
  function cls(s) { return String(s).replace(/[^a-z0-9_-]/gi, '_'); }
  function anchor(scheme, i) { return 'f-' + cls(scheme) + '-' + i; }

  // Numbers as they are, or to 6 significant digits marked ≈ when rounded
  // (the full value is in the tooltip): a displayed figure never pretends to
  // more than the result holds, and never hides that it was rounded.
  function num(v) {
    if (typeof v !== 'number' || !isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v);
    var s = String(v);
    var digits = s.replace(/^-?0\.0*/, '').replace(/[-.]/g, '').replace(/e.*$/, '');
    if (digits.length <= 6 && s.indexOf('e') < 0) return s;
    var r = Number(v.toPrecision(6));
    return '≈' + String(r);
  }
  function numEl(v) {
    var t = num(v);
    return t.charAt(0) === '≈' ? el('span', { title: String(v) }, t) : t;
  }
  // A case value for display: scalars as they are, objects as compact JSON.
  function showValue(v, lang) {
    if (v === null) return el('span', { 'class': 'muted' }, UI[lang].notStated);
    if (typeof v === 'number') return numEl(v);
    if (typeof v === 'boolean') return el('code', null, String(v));
    if (typeof v === 'string') return v;
    var s = JSON.stringify(v);
    if (s.length > 240) s = s.slice(0, 239) + '…';
    return el('code', { 'class': 'json' }, s);
  }

  // RFC 6901.
  function pointer(doc, ptr) {
    if (typeof ptr !== 'string') return { found: false };
    if (ptr === '') return { found: true, value: doc };
    if (ptr.charAt(0) !== '/') return { found: false };
    var parts = ptr.slice(1).split('/'), cur = doc;
    for (var i = 0; i < parts.length; i++) {
      var k = parts[i].replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(cur)) {
        if (!/^(0|[1-9][0-9]*)$/.test(k) || Number(k) >= cur.length) return { found: false };
        cur = cur[Number(k)];
      } else if (isObj(cur)) {
        if (!Object.prototype.hasOwnProperty.call(cur, k)) return { found: false };
        cur = cur[k];
      } else {
        return { found: false };
      }
    }
    return { found: true, value: cur };
  }

  var UNITS = [
    ['_tco2e_per_unit', 'tCO₂e / ' + 'declared unit', 'tCO₂e/声明单位'],
    ['_tco2e_per_t', 'tCO₂e/t', 'tCO₂e/t'], ['_kgco2e_per_t', 'kgCO₂e/t', 'kgCO₂e/t'],
    ['_tco2e', 'tCO₂e', 'tCO₂e'], ['_pct', '%', '%'], ['_km', 'km', 'km'], ['_kwh', 'kWh', 'kWh'],
    ['_months', 'months', '月'], ['_days', 'days', '天'], ['_t', 't', 't']
  ];
  function unitOf(name, lang) {
    for (var i = 0; i < UNITS.length; i++) {
      var u = UNITS[i][0];
      if (name.length > u.length && name.slice(-u.length) === u) {
        var label = lang === 'zh' ? UNITS[i][2] : UNITS[i][1];
        if (u === '_days' && name.indexOf('man_days') >= 0) label = lang === 'zh' ? '人日' : 'person-days';
        return { base: name.slice(0, -u.length), unit: label };
      }
    }
    return { base: name, unit: '' };
  }

  function badge(kind, v, lang) {
    return el('span', { 'class': 'badge ' + kind + '-' + cls(v) }, wordShort(kind, v, lang));
  }

  // ---- sections -----------------------------------------------------------

  function header(data, lang, opts) {
    var t = UI[lang];
    var sw = el('div', { 'class': 'lang-switch noprint', role: 'group', 'aria-label': 'language' }, [
      el('button', { type: 'button', 'data-lang': 'zh', 'class': lang === 'zh' ? 'on' : null, 'aria-pressed': String(lang === 'zh') }, '中文'),
      el('button', { type: 'button', 'data-lang': 'en', 'class': lang === 'en' ? 'on' : null, 'aria-pressed': String(lang === 'en') }, 'English')
    ]);
    sw.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-lang]');
      if (b && opts.setLang) opts.setLang(b.getAttribute('data-lang'));
    });
    return el('header', { 'class': 'report-head' }, [
      opts.embedded ? null : sw,
      el('h1', null, t.title),
      el('p', { 'class': 'sub' }, t.subtitle)
    ]);
  }

  function decisionRecord(data, lang) {
    var t = UI[lang], res = data.result || {}, c = res['case'] || {}, kase = data['case'] || {};
    var app = pointer(kase, '/parties/applicant').value, prod = pointer(kase, '/product').value;
    var appText = isObj(app) ? [app.name, app.uscc ? '（' + app.uscc + '）' : ''].filter(Boolean).join(' ') : '—';
    var prodText = isObj(prod) ? [prod.name, prod.form ? '· ' + prod.form : '', prod.standard ? '· ' + prod.standard : ''].filter(Boolean).join(' ') : '—';
    var eng = res.engine || {};
    var rows = [
      [t.caseId, c.id], [t.stage, word('stage', c.stage, lang)], [t.asOf, c.as_of], [t.applicant, appText],
      [t.product, prodText], [t.caseSha, el('code', { 'class': 'hash' }, String(c.sha256 || '—'))],
      [t.engine, [eng.name, eng.version].filter(Boolean).join(' ')]
    ];
    var packRows = (res.results || []).map(function (r) {
      var p = r.pack || {}, info = (data.packs || []).filter(function (x) { return x.id === p.id; })[0] || {};
      return el('tr', null, [
        el('td', null, String(p.id || r.scheme)), el('td', null, bi(info.document, lang)),
        el('td', null, String(p.version || '—')), el('td', null, el('code', { 'class': 'hash' }, String(p.sha256 || '—')))
      ]);
    });
    return el('section', { 'class': 'record', id: 'record' }, [
      el('h2', null, t.record),
      el('table', { 'class': 'kv' }, el('tbody', null, rows.map(function (r) {
        return el('tr', null, [el('th', { scope: 'row' }, r[0]), el('td', null, r[1] === undefined || r[1] === null ? '—' : r[1])]);
      }))),
      el('table', { 'class': 'grid packs' }, [
        el('thead', null, el('tr', null, [el('th', null, t.pack), el('th', null, t.document), el('th', null, t.version), el('th', null, 'SHA-256')])),
        el('tbody', null, packRows)
      ])
    ]);
  }

  function comparison(data, lang) {
    var t = UI[lang], cmp = (data.result || {}).comparison || { schemes: [], disagreements: [] };
    var head = [t.scheme, t.applicable, t.verdict, t.action, t.native, t.grade, t.ncs, t.footprint, t.validity, t.surveillance, t.minDays];
    var rows = (cmp.schemes || []).map(function (s) {
      var g = s.grade !== null && s.grade !== undefined ? String(s.grade)
        : (s.label_value !== null && s.label_value !== undefined ? num(s.label_value) + ' ' + (s.label_unit || '') : '—');
      return el('tr', { 'class': 'v-' + cls(s.verdict) }, [
        el('th', { scope: 'row' }, el('a', { href: '#s-' + cls(s.scheme) }, String(s.scheme))),
        el('td', null, s.applicable === true ? t.yes : [t.no, s.why_not ? el('div', { 'class': 'small' }, bi(s.why_not, lang)) : null]),
        el('td', null, badge('verdict', s.verdict, lang)),
        el('td', null, s.action ? wordShort('action', s.action, lang) : '—'),
        el('td', null, bi(s.native, lang) || '—'),
        el('td', null, g),
        el('td', { 'class': 'num' }, [s.serious, s.general, s.observation].map(function (x) { return x === null || x === undefined ? '—' : String(x); }).join(' / ')),
        el('td', { 'class': 'num' }, s.footprint_tco2e_per_t === null || s.footprint_tco2e_per_t === undefined ? '—' : numEl(s.footprint_tco2e_per_t)),
        el('td', { 'class': 'num' }, s.validity_months === null || s.validity_months === undefined ? '—' : String(s.validity_months)),
        el('td', { 'class': 'num' }, s.surveillance_max_months === null || s.surveillance_max_months === undefined ? '—' : String(s.surveillance_max_months)),
        el('td', { 'class': 'num' }, s.min_man_days === null || s.min_man_days === undefined ? '—' : numEl(s.min_man_days))
      ]);
    });
    var dis = cmp.disagreements || [];
    var disEl;
    if (!dis.length) {
      disEl = el('p', { 'class': 'ok-note' }, t.noDisagreements);
    } else {
      disEl = el('table', { 'class': 'grid disagreements' }, [
        el('thead', null, el('tr', null, [el('th', null, t.topic), el('th', null, t.scheme), el('th', null, t.verdict), el('th', null, t.findings)])),
        el('tbody', null, dis.map(function (d) {
          var schemes = Object.keys(d.outcomes || {});
          return schemes.map(function (s, i) {
            var o = d.outcomes[s] || {};
            return el('tr', { 'class': i === 0 ? 'first' : null }, [
              i === 0 ? el('th', { scope: 'row', rowspan: String(schemes.length) }, String(d.topic)) : null,
              el('td', null, String(s)),
              el('td', null, [badge('status', o.status, lang), o.severity ? ' ' + wordShort('severity', o.severity, lang) : '']),
              el('td', null, [el('code', { 'class': 'rule' }, String(o.rule || '')), ' ', bi(o.message, lang)])
            ]);
          });
        }))
      ]);
    }
    return el('section', { 'class': 'summary', id: 'summary' }, [
      el('h2', null, t.summary),
      el('div', { 'class': 'wide' }, el('table', { 'class': 'grid compare' }, [
        el('thead', null, el('tr', null, head.map(function (h) { return el('th', null, h); }))),
        el('tbody', null, rows)
      ])),
      el('h3', null, t.disagreements),
      disEl
    ]);
  }

  // ---- charts (inline SVG) -------------------------------------------------

  // Horizontal bars. rows: [{label, value, kind}], lines: [{at, label}].
  function barChart(rows, lines, unit, lang, opts) {
    opts = opts || {};
    var W = 640, labelW = 170, valW = 90, barW = W - labelW - valW - 10, rowH = 22, top = 8;
    var H = top + rows.length * rowH + 26;
    var max = opts.max || 0;
    rows.forEach(function (r) { if (typeof r.value === 'number' && r.value > max) max = r.value; });
    lines.forEach(function (l) { if (l.at > max) max = l.at; });
    if (!(max > 0)) max = 1;
    if (!opts.max) max = max * 1.05;
    var x = function (v) { return labelW + Math.max(0, Math.min(v, max)) / max * barW; };
    var s = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img', 'class': 'chart', 'aria-label': opts.title || '' });
    if (opts.title) add(s, svgEl('title', null, opts.title));
    rows.forEach(function (r, i) {
      var y = top + i * rowH;
      add(s, svgEl('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end', 'class': 'lbl' }, r.label));
      if (typeof r.value === 'number') {
        var w = Math.max(0, x(r.value) - labelW);
        add(s, svgEl('rect', { x: labelW, y: y + 3, width: w.toFixed(2), height: rowH - 7, 'class': 'bar ' + (r.kind || '') }));
        add(s, svgEl('text', { x: labelW + w + 4, y: y + 15, 'class': 'val' }, num(r.value) + (unit ? ' ' + unit : '')));
      } else {
        add(s, svgEl('text', { x: labelW + 4, y: y + 15, 'class': 'val muted' }, '—'));
      }
    });
    lines.forEach(function (l) {
      var lx = x(l.at).toFixed(2);
      add(s, svgEl('line', { x1: lx, x2: lx, y1: top - 4, y2: top + rows.length * rowH + 2, 'class': 'limit' }));
      add(s, svgEl('text', { x: lx, y: H - 6, 'text-anchor': 'middle', 'class': 'limit-lbl' }, l.label));
    });
    add(s, svgEl('line', { x1: labelW, x2: labelW, y1: top - 4, y2: top + rows.length * rowH + 2, 'class': 'axis' }));
    return s;
  }

  function figure(title, svg, note) {
    return el('figure', { 'class': 'chart-fig' }, [svg, el('figcaption', null, [title, note ? el('span', { 'class': 'small' }, ' — ' + note) : null])]);
  }

  function metricGroups(results, prefix) {
    // one entry per distinct set of `prefix*_tco2e_per_t` metrics: {schemes, rows}
    var groups = [];
    results.forEach(function (r) {
      var m = r.metrics || {}, keys = Object.keys(m).filter(function (k) {
        return k.indexOf(prefix) === 0 && k.slice(-12) === '_tco2e_per_t' && typeof m[k] === 'number';
      });
      if (!keys.length) return;
      var sig = JSON.stringify(keys.map(function (k) { return [k, m[k]]; }));
      var g = groups.filter(function (x) { return x.sig === sig; })[0];
      if (g) { g.schemes.push(r.scheme); return; }
      groups.push({ sig: sig, schemes: [r.scheme], keys: keys, m: m });
    });
    return groups;
  }

  function charts(data, lang) {
    var t = UI[lang], res = data.result || {}, kase = data['case'] || {};
    var results = (res.results || []).filter(function (r) { return r.applicable !== false; });
    var figs = [];
    var declared = pointer(kase, '/footprint/declared').value;
    var decVal = isObj(declared) && typeof declared.value === 'number' ? declared.value : null;
    var decUnit = isObj(declared) && typeof declared.unit === 'string' ? declared.unit : 'tCO₂e/t';
    var unit = 'tCO₂e/t';
    var totalOf = function (m) {
      return typeof m.recomputed_tco2e_per_unit === 'number' ? m.recomputed_tco2e_per_unit
        : (typeof m.footprint_tco2e_per_t === 'number' ? m.footprint_tco2e_per_t : null);
    };
    [['process_', 'process', t.chartProcess], ['stage_', 'lcstage', t.chartStage]].forEach(function (spec) {
      metricGroups(results, spec[0]).forEach(function (g) {
        var rows = g.keys.map(function (k) {
          var key = k.slice(spec[0].length, -12);
          return { label: wordShort(spec[1], key, lang), value: g.m[k] };
        });
        var total = totalOf(g.m);
        if (total !== null) rows.push({ label: t.recomputed, value: total, kind: 'total' });
        if (decVal !== null) rows.push({ label: t.declared + ' (' + decUnit + ')', value: decVal, kind: 'declared' });
        figs.push(figure(spec[2], barChart(rows, [], unit, lang, { title: spec[2] }),
          (g.schemes.length > 1 ? t.sameIn : t.perScheme + ' ') + g.schemes.join(', ')));
      });
    });
    if (!figs.length) {
      // no breakdown: the recomputed totals of each scheme against the declared value
      var rows = [];
      results.forEach(function (r) {
        var v = totalOf(r.metrics || {});
        if (v !== null) rows.push({ label: r.scheme, value: v, kind: 'total' });
      });
      if (rows.length) {
        if (decVal !== null) rows.push({ label: t.declared + ' (' + decUnit + ')', value: decVal, kind: 'declared' });
        figs.push(figure(t.chartTotal, barChart(rows, [], unit, lang, { title: t.chartTotal })));
      }
    }
    // GLA shares: ω_a, ω_b, ω_c against the ω_c limit, with the grade
    (res.results || []).forEach(function (r) {
      var m = r.metrics || {};
      if (typeof m.omega_c_pct !== 'number') return;
      var pack = (data.packs || []).filter(function (p) { return p.id === r.scheme; })[0] || {};
      var lim = paramValue(pack, 'omega_c_max_pct');
      var rows = [
        { label: 'ω_a ' + (lang === 'zh' ? 'A 类 再生铝' : 'class A recycled'), value: m.omega_a_pct, kind: 'ga' },
        { label: 'ω_b ' + (lang === 'zh' ? 'B 类 绿电原铝' : 'class B green primary'), value: m.omega_b_pct, kind: 'gb' },
        { label: 'ω_c ' + (lang === 'zh' ? 'C 类 其他原铝' : 'class C other primary'), value: m.omega_c_pct, kind: 'gc' }
      ];
      var lines = typeof lim === 'number' ? [{ at: lim, label: t.omegaLine + ' ' + lim + ' %' }] : [];
      var note = r.scheme + ' ' + t.grade.split(' /')[0] + ': ' + (r.grade ? String(r.grade) : t.none) +
        (r.grade_status ? ' (' + t.gradeStatus + ': ' + wordShort('grade_status', r.grade_status, lang) + ')' : '');
      figs.push(figure(t.chartGla, barChart(rows, lines, '%', lang, { max: 100, title: t.chartGla }), note));
    });
    // Cut-offs: each flow's share against the single-flow limit, and the total against the total limit
    var cuts = pointer(kase, '/footprint/cut_offs').value;
    if (Array.isArray(cuts) && cuts.length) {
      var single = null, total = null, from = [];
      (data.packs || []).forEach(function (p) {
        var a = paramValue(p, 'cutoff_single_max_pct'), b = paramValue(p, 'cutoff_total_max_pct');
        if (typeof a === 'number' || typeof b === 'number') {
          from.push(p.id);
          if (single === null && typeof a === 'number') single = a;
          if (total === null && typeof b === 'number') total = b;
        }
      });
      var rows = [], sum = 0, all = true;
      cuts.forEach(function (c) {
        var v = isObj(c) && typeof c.share_pct === 'number' ? c.share_pct : null;
        if (v === null) all = false; else sum += v;
        rows.push({ label: isObj(c) && c.flow ? String(c.flow) : '?', value: v, kind: 'cut' });
      });
      var sumMetric = null;
      results.forEach(function (r) {
        var m = r.metrics || {};
        if (sumMetric === null && typeof m.cutoff_sum_share_pct === 'number') sumMetric = m.cutoff_sum_share_pct;
      });
      if (sumMetric !== null) rows.push({ label: t.cutoffSum, value: sumMetric, kind: 'total' });
      else if (all) rows.push({ label: t.cutoffSum, value: Number(sum.toPrecision(12)), kind: 'total' });
      var lines = [];
      if (single !== null) lines.push({ at: single, label: t.singleLimit + ' ' + single + ' %' });
      if (total !== null) lines.push({ at: total, label: t.totalLimit + ' ' + total + ' %' });
      figs.push(figure(t.chartCutoff, barChart(rows, lines, '%', lang, { title: t.chartCutoff }),
        from.length ? t.perScheme + ' ' + from.join(', ') : null));
    }
    if (!figs.length) return null;
    return el('section', { 'class': 'charts', id: 'charts' }, [el('h2', null, t.charts), figs]);
  }

  function paramValue(pack, name) {
    var ps = (pack && pack.params) || [];
    for (var i = 0; i < ps.length; i++) if (ps[i].name === name) return ps[i].value;
    return undefined;
  }

  // ---- one scheme -----------------------------------------------------------

  function ruleRef(id, opts) {
    if (opts.onRule) {
      var b = el('button', { type: 'button', 'class': 'rule-link', 'data-rule': String(id), title: 'explain' }, String(id));
      b.addEventListener('click', function () { opts.onRule(String(id)); });
      return b;
    }
    return el('code', { 'class': 'rule' }, String(id));
  }

  function findingCard(f, idx, scheme, data, lang, opts) {
    var t = UI[lang], kase = data['case'] || {};
    var ev = Array.isArray(f.evidence) ? f.evidence : [];
    var evTable = ev.length ? el('table', { 'class': 'grid evidence' }, [
      el('thead', null, el('tr', null, [el('th', null, t.pointer), el('th', null, t.caseValue)])),
      el('tbody', null, ev.map(function (p) {
        var r = pointer(kase, p);
        return el('tr', null, [
          el('td', null, el('code', { 'class': 'ptr' }, String(p))),
          el('td', { 'class': 'case-value' }, r.found ? showValue(r.value, lang) : el('span', { 'class': 'muted' }, t.absent))
        ]);
      }))
    ]) : null;
    var vals = isObj(f.values) ? Object.keys(f.values) : [];
    var valEl = vals.length ? el('div', { 'class': 'values' }, [
      el('span', { 'class': 'small muted' }, t.values + ': '),
      vals.map(function (k, i) {
        var v = f.values[k], u = unitOf(k, lang);
        return el('span', { 'class': 'val-item' }, [i ? ' · ' : '', el('span', { 'class': 'k' }, k), ' = ',
          typeof v === 'number' ? numEl(v) : (isObj(v) || Array.isArray(v) ? JSON.stringify(v) : String(v)),
          u.unit && typeof v === 'number' ? ' ' + u.unit : '']);
      })
    ]) : null;
    var msgOther = other(f.message, lang), titleOther = other(f.title, lang);
    var sameMsg = bi(f.message, lang) === bi(f.title, lang);
    return el('article', { 'class': 'finding st-' + cls(f.status) + (f.severity ? ' sev-' + cls(f.severity) : ''), id: anchor(scheme, idx) }, [
      el('div', { 'class': 'f-head' }, [
        badge('status', f.status, lang),
        f.severity ? badge('severity', f.severity, lang) : null,
        f.party === 'body' ? el('span', { 'class': 'badge party-body' }, t.party_body) : null,
        el('span', { 'class': 'clause' }, '§ ' + String(f.clause === undefined || f.clause === null ? '—' : f.clause)),
        ruleRef(f.rule, opts)
      ]),
      el('div', { 'class': 'f-title' }, bi(f.title, lang)),
      titleOther ? el('div', { 'class': 'f-title-other', lang: lang === 'zh' ? 'en' : 'zh' }, titleOther) : null,
      sameMsg ? null : el('div', { 'class': 'f-msg' }, bi(f.message, lang)),
      sameMsg || !msgOther ? null : el('div', { 'class': 'f-msg-other', lang: lang === 'zh' ? 'en' : 'zh' }, msgOther),
      evTable,
      valEl
    ]);
  }

  var SEV_ORDER = { serious: 0, general: 1, observation: 2 };

  function schemeSection(r, data, lang, opts) {
    var t = UI[lang];
    var findings = Array.isArray(r.findings) ? r.findings : [];
    var indexed = findings.map(function (f, i) { return { f: f, i: i }; });
    var of = function (pred) { return indexed.filter(function (x) { return pred(x.f); }); };
    var body = function (f) { return f.party === 'body'; };
    var fails = of(function (f) { return f.status === 'fail' && !body(f); });
    fails.sort(function (a, b) {
      var sa = SEV_ORDER[a.f.severity], sb = SEV_ORDER[b.f.severity];
      sa = sa === undefined ? 3 : sa; sb = sb === undefined ? 3 : sb;
      return sa - sb || a.i - b.i;
    });
    var groups = [
      ['fail', t.groupFail, fails],
      ['body', t.groupBody, of(function (f) { return f.status === 'fail' && body(f); })],
      ['insufficient', t.groupInsufficient, of(function (f) { return f.status === 'insufficient_data'; })],
      ['info', t.groupInfo, of(function (f) { return f.status === 'info'; })],
      ['na', t.groupNa, of(function (f) { return f.status === 'not_applicable'; })]
    ];
    var passes = of(function (f) { return f.status === 'pass'; });
    var known = { pass: 1, fail: 1, insufficient_data: 1, info: 1, not_applicable: 1 };
    var odd = of(function (f) { return !known[f.status]; });
    if (odd.length) groups.push(['other', '?', odd]);

    // decided_by → the first finding of that rule
    var firstOf = {};
    findings.forEach(function (f, i) { if (firstOf[f.rule] === undefined) firstOf[f.rule] = i; });
    var decided = (Array.isArray(r.decided_by) ? r.decided_by : []).map(function (id, i) {
      var k = firstOf[id];
      return [i ? ', ' : '', k === undefined ? el('code', { 'class': 'rule' }, String(id))
        : el('a', { href: '#' + anchor(r.scheme, k), 'class': 'decided' }, String(id))];
    });
    var metrics = isObj(r.metrics) ? Object.keys(r.metrics) : [];
    var counts = isObj(r.counts) ? r.counts : {};
    var countText = [['pass', t.passCount], ['fail', t.failCount], ['serious', t.seriousCount], ['general', t.generalCount],
      ['observation', t.observationCount], ['insufficient_data', t.insufficientCount], ['not_applicable', t.naCount],
      ['info', t.infoCount], ['body', t.bodyCount]]
      .filter(function (x) { return counts[x[0]] !== undefined && counts[x[0]] !== null; })
      .map(function (x) { return x[1] + ' ' + (isObj(counts[x[0]]) ? JSON.stringify(counts[x[0]]) : counts[x[0]]); }).join(' · ');
    var pack = r.pack || {};
    var info = (data.packs || []).filter(function (p) { return p.id === pack.id; })[0] || {};
    var gradeBits = null;
    if (r.grade !== null && r.grade !== undefined) {
      gradeBits = el('div', { 'class': 'grade' }, [
        el('span', { 'class': 'k' }, t.grade.split(' /')[0].split(' ')[0] + ': '), el('strong', { 'class': 'grade-code' }, String(r.grade)),
        r.grade_status ? [' ', el('span', { 'class': 'badge gs-' + cls(r.grade_status) }, t.gradeStatus + ': ' + wordShort('grade_status', r.grade_status, lang))] : null
      ]);
    }
    return el('section', { 'class': 'scheme v-' + cls(r.verdict), id: 's-' + cls(r.scheme), 'data-scheme': String(r.scheme) }, [
      el('h2', null, [String(r.scheme), ' ', el('span', { 'class': 'small doc' }, bi(info.document, lang))]),
      el('div', { 'class': 'verdict-box' }, [
        el('div', { 'class': 'verdict-line' }, [
          el('span', { 'class': 'k' }, t.verdict + ': '), el('span', { 'class': 'verdict badge verdict-' + cls(r.verdict), 'data-verdict': String(r.verdict) }, word('verdict', r.verdict, lang)),
          r.action ? [el('span', { 'class': 'k sep' }, t.action + ': '), el('span', { 'class': 'action', 'data-action': String(r.action) }, word('action', r.action, lang))] : null
        ]),
        r.native ? el('div', { 'class': 'native' }, ['「', bi(r.native, lang), '」', other(r.native, lang) ? el('span', { 'class': 'small muted' }, ' ' + other(r.native, lang)) : null]) : null,
        r.applicable === false && bi(r.applicability, lang) !== bi(r.native, lang) ? el('div', { 'class': 'why-not' }, t.notApplicable + bi(r.applicability, lang)) : null,
        gradeBits,
        decided.length ? el('div', { 'class': 'decided-by' }, [el('span', { 'class': 'k' }, t.decidedBy + ': '), decided]) : null,
        el('div', { 'class': 'counts small' }, [t.counts + ': ', countText]),
        el('div', { 'class': 'small muted' }, [t.pack + ' ', String(pack.id || ''), ' ', String(pack.version || ''), ' · sha256 ', el('code', { 'class': 'hash' }, String(pack.sha256 || ''))])
      ]),
      metrics.length ? el('details', { 'class': 'metrics', open: true }, [
        el('summary', null, t.metrics),
        el('table', { 'class': 'grid metrics-table' }, [
          el('thead', null, el('tr', null, [el('th', null, t.metric), el('th', null, t.value), el('th', null, t.unit)])),
          el('tbody', null, metrics.map(function (k) {
            var v = r.metrics[k], u = unitOf(k, lang);
            return el('tr', null, [el('td', null, el('code', null, k)),
              el('td', { 'class': 'num' }, typeof v === 'number' ? numEl(v) : (typeof v === 'boolean' ? (v ? t.yes : t.no) : (isObj(v) || Array.isArray(v) ? JSON.stringify(v) : String(v)))),
              el('td', null, u.unit)]);
          }))
        ])
      ]) : null,
      el('h3', null, t.findings),
      groups.filter(function (g) { return g[2].length; }).map(function (g) {
        return el('div', { 'class': 'group group-' + g[0] }, [
          el('h4', null, [g[1], ' ', el('span', { 'class': 'count' }, '(' + g[2].length + ')')]),
          g[2].map(function (x) { return findingCard(x.f, x.i, r.scheme, data, lang, opts); })
        ]);
      }),
      passes.length ? el('div', { 'class': 'group group-pass' }, [
        el('h4', null, [t.groupPass, ' ', el('span', { 'class': 'count' }, '(' + passes.length + ')')]),
        el('table', { 'class': 'grid passes' }, [
          el('thead', null, el('tr', null, [el('th', null, t.clause), el('th', null, t.rule), el('th', null, t.findings)])),
          el('tbody', null, passes.map(function (x) {
            return el('tr', { id: anchor(r.scheme, x.i) }, [
              el('td', null, String(x.f.clause)), el('td', null, ruleRef(x.f.rule, opts)),
              el('td', null, [bi(x.f.title, lang), bi(x.f.message, lang) !== bi(x.f.title, lang) ? el('div', { 'class': 'small muted' }, bi(x.f.message, lang)) : null])
            ]);
          }))
        ])
      ]) : null
    ]);
  }

  function reviewerBlock(lang) {
    var t = UI[lang];
    return el('section', { 'class': 'reviewer', id: 'reviewer' }, [
      el('h2', null, t.reviewer),
      el('p', { 'class': 'small' }, t.reviewerNote),
      el('table', { 'class': 'sign' }, el('tbody', null, [
        el('tr', null, [el('th', null, t.reviewerName), el('td', null, ''), el('th', null, t.reviewDate), el('td', null, '')]),
        el('tr', null, [el('th', null, t.signature), el('td', { colspan: '3', 'class': 'sigline' }, '')])
      ]))
    ]);
  }

  // ---- entry points ---------------------------------------------------------

  // Draws `data` (cfpreport/1) into `root` in `lang`. opts: {onRule(id),
  // setLang(lang), embedded: true when the host page has its own switch}.
  function render(root, data, lang, opts) {
    opts = opts || {};
    lang = lang === 'en' ? 'en' : 'zh';
    while (root.firstChild) root.removeChild(root.firstChild);
    var res = (data && data.result) || {};
    var doc = el('div', { 'class': 'report', lang: lang === 'zh' ? 'zh-CN' : 'en', 'data-lang': lang }, [
      header(data, lang, opts),
      decisionRecord(data, lang),
      comparison(data, lang),
      charts(data, lang),
      (res.results || []).map(function (r) { return schemeSection(r, data, lang, opts); }),
      reviewerBlock(lang),
      el('footer', { 'class': 'small muted' }, UI[lang].footer)
    ]);
    root.appendChild(doc);
    return doc;
  }

  // The report file: reads the embedded data and draws it; the language
  // switch redraws in place (language from the data's `lang`, or #en / #zh).
  function boot() {
    var node = document.getElementById('cfp-data'), root = document.getElementById('cfp-root');
    var data = JSON.parse(node.textContent);
    var lang = data.lang === 'en' ? 'en' : 'zh';
    if (location.hash === '#en' || location.hash === '#zh') lang = location.hash.slice(1);
    var draw = function (l) {
      lang = l;
      document.documentElement.setAttribute('lang', l === 'zh' ? 'zh-CN' : 'en');
      render(root, data, l, { setLang: draw });
    };
    draw(lang);
  }

  global.CfpReport = {
    render: render, boot: boot, el: el, add: add, bi: bi, other: other, word: word, pointer: pointer,
    num: num, UI: UI, WORDS: WORDS, cls: cls
  };
})(window);

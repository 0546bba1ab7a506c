// serve's page (GET /): drop, paste or pick a case, choose schemes, and see
// the report drawn by the same renderer as `cfpcheck report` (CfpReport).
// Talks only to its own server: /v1/report, /v1/evaluate, /v1/schemes,
// /v1/catalog, /v1/rules/{id}, /v1/examples. Same rule as report.js: DOM
// calls only, never HTML from data.
(function (global) {
  'use strict';
  var R = global.CfpReport, el = R.el, bi = R.bi;

  var T = {
    zh: {
      brand: 'cfpcheck 碳足迹认证核查', check: '核查案例', catalog: '规则目录',
      input: '案例文件', example: '示例案例', load: '载入', file: '选择文件', drop: '把案例文件 (JSON) 拖到这里，或粘贴到下面的文本框',
      schemes: '认证规则', allSchemes: '（不选 = 案例中列出的规则，未列出则全部）', evaluate: '核查',
      working: '核查中…', done: '完成', rejected: '案例文件被拒绝：', problems: '个问题', pointer: '位置',
      expected: '应为', found: '实际', lineCol: '行 {l}，列 {c}', source: '案例文本（出错处已标出）',
      download: '下载', dlJson: '结果 JSON', dlHtml: '报告 HTML', explain: '规则说明', close: '关闭',
      clause: '条款', stages: '适用阶段', onFail: '不符合时', defined: '定义位置', params: '参数及其解读',
      flags: '性质', scope: '适用范围规则', infoOnly: '清单项（信息）', decisive: '决定性规则',
      catalogIntro: '每个规则包的规则按条款排列：核查员的检查清单。点击规则编号查看说明。',
      rules: '条规则', version: '版本', title: '标题', noRule: '没有这条规则', error: '出错：', empty: '请先粘贴或载入案例文件',
      packParams: '规则包参数（解读）', value: '值', reading: '解读'
    },
    en: {
      brand: 'cfpcheck carbon-footprint certification check', check: 'Check a case', catalog: 'Rule catalogue',
      input: 'Case file', example: 'Example case', load: 'Load', file: 'Choose file', drop: 'Drop a case file (JSON) here, or paste it into the box below',
      schemes: 'Schemes', allSchemes: '(none ticked = the case\'s own list, else all)', evaluate: 'Check',
      working: 'Checking…', done: 'Done', rejected: 'Case file rejected: ', problems: 'problem(s)', pointer: 'Pointer',
      expected: 'expected', found: 'found', lineCol: 'line {l}, column {c}', source: 'The case text (the error is marked)',
      download: 'Download', dlJson: 'result JSON', dlHtml: 'report HTML', explain: 'Rule', close: 'Close',
      clause: 'Clause', stages: 'Stages', onFail: 'On failure', defined: 'Defined at', params: 'Parameters and their readings',
      flags: 'Kind', scope: 'scope rule', infoOnly: 'checklist item (info)', decisive: 'decisive',
      catalogIntro: 'Each pack\'s rules by clause: the officer\'s checklist. Click a rule id for its explanation.',
      rules: 'rules', version: 'version', title: 'Title', noRule: 'no such rule', error: 'Error: ', empty: 'Paste or load a case file first',
      packParams: 'Pack parameters (readings)', value: 'Value', reading: 'Reading'
    }
  };

  var S = {
    lang: 'zh', view: 'check', text: '', example: '', schemes: [], picked: {}, examples: [], catalog: null,
    data: null, problems: null, failure: null, busy: false, lastQuery: '', rule: null, ruleError: null
  };
  var root, parts = {};

  function t(k) { return T[S.lang][k]; }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.text().then(function (x) {
        var j = null;
        try { j = JSON.parse(x); } catch (e) { j = null; }
        return { status: r.status, json: j, text: x };
      });
    });
  }

  function query(extra) {
    var q = Object.keys(S.picked).filter(function (k) { return S.picked[k]; }).sort()
      .map(function (s) { return 'scheme=' + encodeURIComponent(s); });
    if (extra) q.unshift(extra);
    return q.length ? '?' + q.join('&') : '';
  }

  // ---- actions --------------------------------------------------------------

  function evaluate() {
    S.text = parts.text.value;
    if (!S.text.trim()) { S.failure = { message: t('empty') }; S.data = null; S.problems = null; draw(); return; }
    S.busy = true; S.failure = null;
    drawStatus();
    var q = query('format=json&lang=' + S.lang);
    S.lastQuery = q;
    fetch('/v1/report' + q, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: S.text })
      .then(function (r) { return r.text().then(function (x) { return { status: r.status, text: x }; }); })
      .then(function (x) {
        var j = null;
        try { j = JSON.parse(x.text); } catch (e) { j = null; }
        S.busy = false;
        if (x.status === 200 && j && j.result) { S.data = j; S.problems = null; S.failure = null; }
        else if (x.status === 400 && j && j.error && Array.isArray(j.error.issues)) { S.data = null; S.problems = j.error; }
        else { S.data = null; S.problems = null; S.failure = (j && j.error) || { message: 'HTTP ' + x.status + ' ' + x.text.slice(0, 200) }; }
        draw();
      }, function (e) { S.busy = false; S.failure = { message: String(e) }; draw(); });
  }

  function download(what) {
    var url = what === 'json' ? '/v1/evaluate' + query() : '/v1/report' + query('format=html&lang=' + S.lang);
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: S.text })
      .then(function (r) { return r.blob().then(function (b) { return { ok: r.ok, blob: b }; }); })
      .then(function (x) {
        if (!x.ok) { S.failure = { message: 'download failed' }; draw(); return; }
        var id = S.data && S.data.result && S.data.result['case'] ? String(S.data.result['case'].id) : 'case';
        var name = id.replace(/[^A-Za-z0-9._-]+/g, '_') + (what === 'json' ? '.result.json' : '.report.html');
        var a = el('a', { href: URL.createObjectURL(x.blob), download: name, 'class': 'hidden' });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.getAttribute('href')); a.remove(); }, 1000);
      });
  }

  function explain(id) {
    S.rule = { id: id, loading: true };
    S.ruleError = null;
    drawExplain();
    getJSON('/v1/rules/' + encodeURIComponent(id)).then(function (x) {
      if (x.status === 200 && x.json) S.rule = x.json;
      else { S.rule = { id: id }; S.ruleError = (x.json && x.json.error && x.json.error.message) || t('noRule'); }
      drawExplain();
    });
  }

  function loadExample() {
    var name = parts.example.value;
    if (!name) return;
    S.example = name;
    getJSON('/v1/examples/' + encodeURIComponent(name)).then(function (x) {
      if (x.status === 200) { parts.text.value = x.text; S.text = x.text; }
      else { S.failure = { message: 'example: HTTP ' + x.status }; draw(); }
    });
  }

  function readFile(f) {
    if (!f) return;
    var rd = new FileReader();
    rd.onload = function () { parts.text.value = String(rd.result); S.text = parts.text.value; };
    rd.readAsText(f);
  }

  function setLang(l) {
    S.lang = l === 'en' ? 'en' : 'zh';
    S.text = parts.text ? parts.text.value : S.text;
    document.documentElement.setAttribute('lang', S.lang === 'zh' ? 'zh-CN' : 'en');
    build();
  }

  // ---- drawing ----------------------------------------------------------------

  function build() {
    while (root.firstChild) root.removeChild(root.firstChild);
    var sw = el('div', { 'class': 'lang-switch', role: 'group' }, [
      el('button', { type: 'button', 'data-lang': 'zh', 'class': S.lang === 'zh' ? 'on' : null }, '中文'),
      el('button', { type: 'button', 'data-lang': 'en', 'class': S.lang === 'en' ? 'on' : null }, 'English')
    ]);
    sw.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[data-lang]');
      if (b) setLang(b.getAttribute('data-lang'));
    });
    var tabCheck = el('button', { type: 'button', id: 'tab-check', 'class': 'tab' + (S.view === 'check' ? ' on' : '') }, t('check'));
    var tabCat = el('button', { type: 'button', id: 'tab-catalog', 'class': 'tab' + (S.view === 'catalog' ? ' on' : '') }, t('catalog'));
    tabCheck.addEventListener('click', function () { S.view = 'check'; S.text = parts.text.value; build(); });
    tabCat.addEventListener('click', function () { S.view = 'catalog'; S.text = parts.text.value; build(); loadCatalog(); });
    var head = el('header', { 'class': 'app-head' }, [el('span', { 'class': 'brand' }, t('brand')), el('nav', null, [tabCheck, tabCat]), sw]);

    // the case input
    parts.example = el('select', { id: 'example' }, S.examples.map(function (n) { return el('option', { value: n, selected: n === S.example }, n); }));
    parts.example.addEventListener('change', function () { S.example = parts.example.value; });
    var loadBtn = el('button', { type: 'button', id: 'load-example' }, t('load'));
    loadBtn.addEventListener('click', loadExample);
    var file = el('input', { type: 'file', id: 'file', accept: '.json,application/json' });
    file.addEventListener('change', function () { readFile(file.files[0]); });
    parts.text = el('textarea', { id: 'case-text', spellcheck: 'false', rows: '14', placeholder: '{ "format": "cfpcase/1", … }' });
    parts.text.value = S.text;
    var drop = el('div', { id: 'drop', 'class': 'drop' }, t('drop'));
    ['dragover', 'dragenter'].forEach(function (n) {
      drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.add('over'); });
    });
    drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
    drop.addEventListener('drop', function (e) {
      e.preventDefault(); drop.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0]) readFile(e.dataTransfer.files[0]);
    });
    parts.text.addEventListener('dragover', function (e) { e.preventDefault(); });
    parts.text.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0]) { e.preventDefault(); readFile(e.dataTransfer.files[0]); }
    });
    var boxes = el('div', { id: 'schemes', 'class': 'schemes' }, S.schemes.map(function (s) {
      var cb = el('input', { type: 'checkbox', name: 'scheme', value: s.id, checked: !!S.picked[s.id] });
      cb.addEventListener('change', function () { S.picked[s.id] = cb.checked; });
      return el('label', { title: bi(s.document, S.lang) }, [cb, ' ', s.id]);
    }));
    var go = el('button', { type: 'button', id: 'evaluate', 'class': 'primary' }, t('evaluate'));
    go.addEventListener('click', evaluate);
    parts.status = el('span', { id: 'status', 'class': 'status' });
    parts.out = el('div', { id: 'out' });
    var check = el('main', { id: 'view-check', hidden: S.view !== 'check' }, [
      el('section', { 'class': 'input' }, [
        el('div', { 'class': 'row' }, [el('label', { 'for': 'example' }, t('example') + ' '), parts.example, loadBtn,
          el('span', { 'class': 'gap' }), el('label', { 'class': 'filebtn' }, [t('file') + ' ', file])]),
        drop, parts.text,
        el('div', { 'class': 'row' }, [el('span', { 'class': 'k' }, t('schemes') + ': '), boxes, el('span', { 'class': 'small muted' }, t('allSchemes'))]),
        el('div', { 'class': 'row' }, [go, parts.status])
      ]),
      parts.out
    ]);
    parts.catalog = el('main', { id: 'view-catalog', hidden: S.view !== 'catalog' });
    parts.explain = el('aside', { id: 'explain', 'class': 'explain', hidden: true });
    root.appendChild(el('div', { 'class': 'app' }, [head, check, parts.catalog, parts.explain]));
    draw();
    if (S.view === 'catalog') drawCatalog();
    drawExplain();
  }

  function drawStatus() {
    parts.status.textContent = S.busy ? t('working') : (S.data ? t('done') : '');
  }

  function draw() {
    drawStatus();
    var out = parts.out;
    while (out.firstChild) out.removeChild(out.firstChild);
    if (S.failure) out.appendChild(el('div', { id: 'failure', 'class': 'failure' }, t('error') + String(S.failure.message || '')));
    if (S.problems) out.appendChild(problems(S.problems));
    if (S.data) {
      var dl = el('div', { id: 'downloads', 'class': 'row downloads' }, [t('download') + ': ',
        el('button', { type: 'button', id: 'dl-json' }, t('dlJson')), ' ', el('button', { type: 'button', id: 'dl-html' }, t('dlHtml'))]);
      dl.querySelector('#dl-json').addEventListener('click', function () { download('json'); });
      dl.querySelector('#dl-html').addEventListener('click', function () { download('html'); });
      out.appendChild(dl);
      var rep = el('div', { id: 'report' });
      out.appendChild(rep);
      R.render(rep, S.data, S.lang, { onRule: explain, embedded: true });
    }
  }

  // A rejected case: every problem with its pointer, and for syntax errors
  // the line and column marked in the pasted text.
  function problems(err) {
    var issues = err.issues || [];
    var lines = S.text.split('\n');
    var list = el('ol', { id: 'problems', 'class': 'problems' }, issues.map(function (i) {
      return el('li', { 'class': 'problem' }, [
        i.line ? el('span', { 'class': 'linecol', 'data-line': String(i.line), 'data-column': String(i.column) },
          t('lineCol').replace('{l}', String(i.line)).replace('{c}', String(i.column))) : null,
        i.pointer !== undefined && i.pointer !== '' ? el('code', { 'class': 'ptr' }, String(i.pointer)) : (i.line ? null : el('code', { 'class': 'ptr' }, '/')),
        ' ', String(i.message || ''),
        i.expected || i.found ? el('div', { 'class': 'small muted' }, [i.expected ? t('expected') + ': ' + i.expected : '', i.expected && i.found ? ' · ' : '', i.found ? t('found') + ': ' + i.found : '']) : null
      ]);
    }));
    var marked = issues.filter(function (i) { return i.line > 0; });
    var src = null;
    if (marked.length) {
      var show = {};
      marked.forEach(function (i) { for (var k = i.line - 3; k <= i.line + 3; k++) if (k >= 1 && k <= lines.length) show[k] = true; });
      var nums = Object.keys(show).map(Number).sort(function (a, b) { return a - b; });
      var rows = [], prev = 0;
      nums.forEach(function (n) {
        if (prev && n !== prev + 1) rows.push(el('div', { 'class': 'src-gap' }, '…'));
        prev = n;
        var hit = marked.filter(function (i) { return i.line === n; })[0];
        var text = lines[n - 1].replace(/\r$/, '');
        var body;
        if (hit) {
          var cps = Array.from(text), c = Math.max(1, hit.column) - 1;
          body = [cps.slice(0, c).join(''), el('mark', { 'class': 'err-char' }, c < cps.length ? cps[c] : ' '), cps.slice(c + 1).join('')];
        } else {
          body = text;
        }
        rows.push(el('div', { 'class': 'src-line' + (hit ? ' err-line' : ''), 'data-line': String(n) },
          [el('span', { 'class': 'ln' }, String(n)), el('span', { 'class': 'code' }, body)]));
      });
      src = el('div', { 'class': 'source-box' }, [el('div', { 'class': 'small muted' }, t('source')), el('pre', { id: 'source', 'class': 'source' }, rows)]);
      // and the caret in the text box itself
      var first = marked[0], off = 0;
      for (var k = 0; k < first.line - 1 && k < lines.length; k++) off += lines[k].length + 1;
      var lineText = lines[first.line - 1] || '';
      off += Array.from(lineText).slice(0, Math.max(0, first.column - 1)).join('').length;
      try { parts.text.focus(); parts.text.setSelectionRange(off, Math.min(off + 1, parts.text.value.length)); } catch (e) { /* not shown */ }
    }
    return el('section', { id: 'rejected', 'class': 'rejected' }, [
      el('h2', null, t('rejected') + issues.length + ' ' + t('problems')), list, src
    ]);
  }

  function drawExplain() {
    var box = parts.explain;
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!S.rule) { box.hidden = true; return; }
    box.hidden = false;
    var r = S.rule;
    var close = el('button', { type: 'button', id: 'explain-close', 'class': 'close' }, t('close'));
    close.addEventListener('click', function () { S.rule = null; drawExplain(); });
    var kids = [el('div', { 'class': 'explain-head' }, [el('strong', null, t('explain')), close]), el('h3', { id: 'explain-id' }, String(r.id))];
    if (S.ruleError) kids.push(el('p', { 'class': 'failure' }, S.ruleError));
    if (r.clause !== undefined) {
      var flags = [r.scope ? t('scope') : null, r.info_only ? t('infoOnly') : null, r.decisive ? t('decisive') : null].filter(Boolean).join(', ');
      var kv = [
        [t('clause'), el('span', { id: 'explain-clause' }, String(r.scheme) + ' § ' + String(r.clause))],
        [t('title'), [el('div', null, bi(r.title, S.lang)), el('div', { 'class': 'small muted' }, R.other(r.title, S.lang))]],
        [t('stages'), (r.stages || []).join(', ')],
        [t('onFail'), String(r.severity || '') + (r.effect ? ' (' + r.effect + ')' : '')],
        flags ? [t('flags'), flags] : null,
        [t('defined'), el('code', { id: 'explain-file' }, String(r.file) + ':' + String(r.line))],
        [t('version'), String(r.pack_version || '')]
      ].filter(Boolean);
      kids.push(el('table', { 'class': 'kv' }, el('tbody', null, kv.map(function (x) {
        return el('tr', null, [el('th', null, x[0]), el('td', null, x[1])]);
      }))));
      if (r.params && r.params.length) {
        kids.push(el('h4', null, t('params')));
        kids.push(el('table', { 'class': 'grid params' }, el('tbody', null, r.params.map(function (p) {
          return el('tr', null, [el('td', null, el('code', null, String(p.name))), el('td', null, el('code', null, JSON.stringify(p.value))),
            el('td', null, [el('span', { 'class': 'clause' }, '§ ' + String(p.clause || '')), ' ', String(p.doc || '')])]);
        }))));
      }
    }
    kids.forEach(function (k) { box.appendChild(k); });
  }

  function loadCatalog() {
    if (S.catalog) { drawCatalog(); return; }
    getJSON('/v1/catalog').then(function (x) {
      S.catalog = x.status === 200 && Array.isArray(x.json) ? x.json : [];
      drawCatalog();
    });
  }

  function clauseKey(c) {
    return String(c).split(/[^0-9]+/).filter(function (x) { return x !== ''; }).map(Number);
  }
  function byClause(a, b) {
    var x = clauseKey(a.clause), y = clauseKey(b.clause);
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] === undefined) return -1;
      if (y[i] === undefined) return 1;
      if (x[i] !== y[i]) return x[i] - y[i];
    }
    return String(a.clause) < String(b.clause) ? -1 : String(a.clause) > String(b.clause) ? 1 : (a.id < b.id ? -1 : 1);
  }

  function drawCatalog() {
    var box = parts.catalog;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(el('p', { 'class': 'muted' }, t('catalogIntro')));
    if (!S.catalog) return;
    S.catalog.forEach(function (p) {
      var rules = (p.rules || []).slice().sort(byClause);
      box.appendChild(el('section', { 'class': 'pack', id: 'cat-' + R.cls(p.id) }, [
        el('h2', null, [String(p.id), ' ', el('span', { 'class': 'small muted' }, bi(p.document, S.lang) + ' · ' + t('version') + ' ' + p.version + ' · ' + rules.length + ' ' + t('rules'))]),
        el('table', { 'class': 'grid catalog' }, [
          el('thead', null, el('tr', null, [el('th', null, t('clause')), el('th', null, 'ID'), el('th', null, t('title')), el('th', null, t('stages')), el('th', null, t('onFail'))])),
          el('tbody', null, rules.map(function (r) {
            var b = el('button', { type: 'button', 'class': 'rule-link', 'data-rule': String(r.id) }, String(r.id));
            b.addEventListener('click', function () { explain(String(r.id)); });
            return el('tr', null, [el('td', null, String(r.clause)), el('td', null, b),
              el('td', null, [bi(r.title, S.lang), el('div', { 'class': 'small muted' }, R.other(r.title, S.lang))]),
              el('td', { 'class': 'small' }, (r.stages || []).join(', ')), el('td', { 'class': 'small' }, String(r.severity || ''))]);
          }))
        ]),
        p.params && p.params.length ? el('details', { 'class': 'params' }, [el('summary', null, t('packParams')),
          el('table', { 'class': 'grid params' }, el('tbody', null, p.params.map(function (x) {
            return el('tr', null, [el('td', null, el('code', null, String(x.name))), el('td', null, el('code', null, JSON.stringify(x.value))),
              el('td', null, [el('span', { 'class': 'clause' }, '§ ' + String(x.clause || '')), ' ', String(x.doc || '')])]);
          })))]) : null
      ]));
    });
  }

  function boot() {
    root = document.getElementById('cfp-root');
    if (location.hash === '#en') S.lang = 'en';
    document.documentElement.setAttribute('lang', S.lang === 'zh' ? 'zh-CN' : 'en');
    build();
    getJSON('/v1/schemes').then(function (x) {
      S.schemes = Array.isArray(x.json) ? x.json : [];
      S.text = parts.text.value;
      build();
    });
    getJSON('/v1/examples').then(function (x) {
      S.examples = Array.isArray(x.json) ? x.json : [];
      S.text = parts.text.value;
      build();
    });
  }

  global.CfpApp = { boot: boot, state: S, explain: explain, evaluate: evaluate };
})(window);

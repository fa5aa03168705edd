(function () {
  'use strict';
  // Sample arrays, as RunReport writes them:
  // [index, epoch, verdict, prompt, generation, finish reason, answer, expected, scores, error, error kinds]
  // verdict: p passed, f failed, e error, s skipped (unscored only); a score: [scorer, outcome, score, note,
  // feedback, details] with outcome p passed, f failed, u unscored, e error. Text is only ever set as textContent.
  var IDX = 0, EPOCH = 1, VERDICT = 2, PROMPT = 3, GEN = 4, FINISH = 5, ANSWER = 6, EXPECTED = 7, SCORES = 8,
    ERROR = 9, KINDS = 10;
  var ROW_HEIGHT = 30, OVERSCAN = 8, DEBOUNCE_ABOVE = 50000;
  var OUTCOME_NAMES = { p: 'passed', f: 'failed', u: 'unscored', e: 'error', s: 'unscored' };
  var OUTCOME_MARKS = { p: '\u2713', f: '\u2717', u: '?', e: '!', s: '?' };

  var report = window.evalsReport = {
    timings: { parseMs: null, firstRenderMs: null, searchIndexMs: null, lastFilterMs: null }, shown: 0
  };
  var t0 = performance.now();
  var data;
  try {
    data = JSON.parse(document.getElementById('report-data').textContent);
  } catch (e) {
    document.getElementById('count').textContent = 'The samples could not be read (' + e.message + '); a page this' +
      ' large may be more than this browser can hold. The summary and charts above are complete.';
    throw e;
  }
  report.timings.parseMs = performance.now() - t0;
  var samples = data.samples, scorers = data.scorers, kinds = data.errorKinds;
  var shown = new Int32Array(samples.length);
  var shownCount = 0, selected = -1, haystacks = null;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function label(s) { return s[EPOCH] === null ? String(s[IDX]) : s[IDX] + ' / ' + s[EPOCH]; }
  function oneLine(t) { return t === null || t === undefined ? '' : String(t).replace(/\s+/g, ' ').slice(0, 300); }
  function promptText(p) {
    if (p === null || p === undefined) { return ''; }
    if (typeof p === 'string') { return p; }
    return p.map(function (m) { return m[0] + ': ' + m[1]; }).join('\n');
  }

  var list = $('list'), spacer = $('spacer'), rowsBox = $('rows'), count = $('count');
  var q = $('q'), scorerSelect = $('scorer'), outcomeSelect = $('outcome'), errorSelect = $('error');

  scorers.forEach(function (id, i) { scorerSelect.appendChild(option(String(i), id)); });
  kinds.forEach(function (k, i) { errorSelect.appendChild(option(String(i), k)); });
  function option(value, text) { var o = el('option', null, text); o.value = value; return o; }

  function buildHaystacks() {
    var t = performance.now();
    haystacks = new Array(samples.length);
    for (var i = 0; i < samples.length; i++) {
      var s = samples[i], parts = [label(s), promptText(s[PROMPT]), s[GEN], s[ANSWER], s[EXPECTED], s[ERROR]];
      var sc = s[SCORES];
      for (var j = 0; j < sc.length; j++) { parts.push(sc[j][2], sc[j][3], sc[j][4]); }
      haystacks[i] = parts.join('\u0001').toLowerCase();
    }
    report.timings.searchIndexMs = performance.now() - t;
  }

  function scoreOf(s, scorer) {
    var sc = s[SCORES];
    for (var j = 0; j < sc.length; j++) { if (sc[j][0] === scorer) { return sc[j]; } }
    return null;
  }

  function applyFilter() {
    var text = q.value.trim().toLowerCase();
    var scorer = scorerSelect.value === '' ? -1 : +scorerSelect.value;
    var outcome = outcomeSelect.value, error = errorSelect.value;
    var kind = error === '' || error === 'any' || error === 'none' ? -1 : +error;
    if (text && haystacks === null) { buildHaystacks(); }
    var n = 0;
    for (var i = 0; i < samples.length; i++) {
      var s = samples[i];
      if (error === 'any' && s[VERDICT] !== 'e') { continue; }
      if (error === 'none' && s[VERDICT] === 'e') { continue; }
      if (kind >= 0 && s[KINDS].indexOf(kind) < 0) { continue; }
      if (outcome !== '') {
        var o;
        if (scorer < 0) {
          o = s[VERDICT] === 's' ? 'u' : s[VERDICT];
        } else {
          var sc = scoreOf(s, scorer);
          o = sc ? sc[1] : (s[ERROR] !== null ? 'e' : '');
        }
        if (o !== outcome) { continue; }
      }
      if (text && haystacks[i].indexOf(text) < 0) { continue; }
      shown[n++] = i;
    }
    shownCount = n;
    report.shown = n;
    count.textContent = n.toLocaleString('en') + ' of ' + samples.length.toLocaleString('en') + ' samples';
    count.setAttribute('data-shown', String(n));
    spacer.style.height = (n * ROW_HEIGHT) + 'px';
    list.scrollTop = 0;
  }

  var pool = [];
  function makeRow() {
    var row = el('div', 'row');
    row.setAttribute('role', 'button');
    row.tabIndex = 0;
    row.appendChild(el('span', 'idx'));
    var chips = el('span', 'chips');
    chips.appendChild(el('span', 'chip'));
    for (var j = 0; j < Math.min(scorers.length, 6); j++) { chips.appendChild(el('span', 'chip')); }
    row.appendChild(chips);
    row.appendChild(el('span', 'txt exp'));
    row.appendChild(el('span', 'txt ans'));
    rowsBox.appendChild(row);
    return row;
  }
  function fillRow(row, i) {
    var s = samples[i];
    row.setAttribute('data-sample', String(i));
    row.className = i === selected ? 'row selected' : 'row';
    row.children[0].textContent = label(s);
    var chips = row.children[1].children;
    chips[0].className = 'chip ' + s[VERDICT];
    chips[0].textContent = OUTCOME_MARKS[s[VERDICT]];
    chips[0].title = 'sample ' + OUTCOME_NAMES[s[VERDICT]];
    for (var j = 1; j < chips.length; j++) {
      var sc = scoreOf(s, j - 1), o = sc ? sc[1] : (s[ERROR] !== null ? 'e' : 'u');
      chips[j].className = 'chip ' + o;
      chips[j].textContent = sc && sc[2] !== null ? String(sc[2]).slice(0, 6) : OUTCOME_MARKS[o];
      chips[j].title = scorers[j - 1] + ': ' + OUTCOME_NAMES[o];
    }
    row.children[2].textContent = 'expected: ' + oneLine(s[EXPECTED]);
    row.children[3].textContent = s[ERROR] !== null ? oneLine(s[ERROR]) : 'answer: ' + oneLine(s[ANSWER]);
  }

  var frame = 0;
  function render() {
    frame = 0;
    var top = list.scrollTop, height = list.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    var last = Math.min(shownCount, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    while (pool.length < last - first) { pool.push(makeRow()); }
    for (var k = 0; k < pool.length; k++) {
      var row = pool[k], j = first + k;
      if (j < last) {
        fillRow(row, shown[j]);
        row.style.transform = 'translateY(' + (j * ROW_HEIGHT) + 'px)';
        row.hidden = false;
      } else {
        row.hidden = true;
      }
    }
  }
  function scheduleRender() { if (!frame) { frame = requestAnimationFrame(render); } }

  function section(box, title, content) {
    box.appendChild(el('h4', null, title));
    if (content === null || content === undefined || content === '') {
      box.appendChild(el('p', 'empty', 'none'));
    } else {
      box.appendChild(el('pre', null, String(content)));
    }
  }
  function showDetail(i) {
    selected = i;
    var s = samples[i], box = $('detail');
    box.textContent = '';
    var title = 'Sample ' + s[IDX] + (s[EPOCH] === null ? '' : ', epoch ' + s[EPOCH]) + ': ' +
      OUTCOME_NAMES[s[VERDICT]];
    box.appendChild(el('h3', null, title));
    if (s[ERROR] !== null) { section(box, 'Error', s[ERROR]); }
    var p = s[PROMPT];
    if (p !== null && typeof p === 'object') {
      box.appendChild(el('h4', null, 'Prompt'));
      p.forEach(function (m) { box.appendChild(el('div', 'role', m[0])); box.appendChild(el('pre', null, m[1])); });
    } else {
      section(box, 'Prompt', p);
    }
    section(box, 'Generation' + (s[FINISH] ? ' (finish reason: ' + s[FINISH] + ')' : ''), s[GEN]);
    section(box, 'Extracted answer (generated_answer)', s[ANSWER]);
    section(box, 'Expected answer', s[EXPECTED]);
    box.appendChild(el('h4', null, 'Scores'));
    var sc = s[SCORES];
    if (sc.length === 0) {
      box.appendChild(el('p', 'empty', 'none'));
    } else {
      var table = el('table'), head = el('tr');
      ['scorer', 'outcome', 'score', 'unscored reason / error'].forEach(function (h) { head.appendChild(el('th', null, h)); });
      table.appendChild(head);
      sc.forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('td', null, scorers[r[0]]));
        var td = el('td'); td.appendChild(el('span', 'chip ' + r[1], OUTCOME_NAMES[r[1]])); tr.appendChild(td);
        tr.appendChild(el('td', null, r[2] === null ? '' : String(r[2])));
        tr.appendChild(el('td', null, r[3] === null ? '' : r[3]));
        table.appendChild(tr);
        if (r[4] !== null || r[5] !== null) {
          var more = el('tr'), cell = el('td');
          cell.colSpan = 4;
          if (r[4] !== null) { cell.appendChild(el('div', 'role', 'judge feedback')); cell.appendChild(el('pre', null, r[4])); }
          if (r[5] !== null) { cell.appendChild(el('div', 'role', 'details')); cell.appendChild(el('pre', null, r[5])); }
          more.appendChild(cell);
          table.appendChild(more);
        }
      });
      box.appendChild(table);
    }
    render();
  }

  var pending = 0;
  function onFilterChange() {
    var start = performance.now();
    function run() {
      pending = 0;
      var t = performance.now();
      applyFilter();
      render();
      report.timings.lastFilterMs = performance.now() - t;
      report.timings.lastFilterSinceInputMs = performance.now() - start;
    }
    if (samples.length > DEBOUNCE_ABOVE) {
      clearTimeout(pending);
      pending = setTimeout(run, 150);
    } else {
      run();
    }
  }

  q.addEventListener('input', onFilterChange);
  scorerSelect.addEventListener('change', onFilterChange);
  outcomeSelect.addEventListener('change', onFilterChange);
  errorSelect.addEventListener('change', onFilterChange);
  list.addEventListener('scroll', scheduleRender, { passive: true });
  window.addEventListener('resize', scheduleRender);
  rowsBox.addEventListener('click', function (e) {
    var row = e.target.closest('.row');
    if (row) { showDetail(+row.getAttribute('data-sample')); }
  });
  rowsBox.addEventListener('keydown', function (e) {
    var row = e.target.closest('.row');
    if (row && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); showDetail(+row.getAttribute('data-sample')); }
  });

  applyFilter();
  render();
  if (shownCount > 0) { showDetail(shown[0]); }
  report.timings.firstRenderMs = performance.now();
  document.body.setAttribute('data-ready', '1');
  // the text search's lower-case index is built once the first rows are on screen, not before
  setTimeout(function () { if (haystacks === null) { buildHaystacks(); } }, 0);
})();

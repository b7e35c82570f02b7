/* The live what-if page: the levers on the left, the plan worked out again on the right.
   It talks to the server by the JSON contract in docs/live-api.md; plain JavaScript, no library,
   no build step. Words come from static/words.json ({key: {zh, en}}), overridden by the
   server's `words` when it sends any. */
(function () {
  'use strict';

  const DEBOUNCE_MS = 120; // a slider dragged fast sends when it pauses this long
  const MAX_WAIT_MS = 500; // and at least this often while it keeps moving
  const LANG_NAMES = { zh: '中文', en: 'English' }; // each language named in itself
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MINUS = '\u2212';

  const state = {
    lang: 'zh',
    token: '',
    session: '',
    words: {},
    levers: [],
    byId: new Map(),
    controls: new Map(), // lever id -> {box, sync()}
    values: {}, // lever id -> the value on the page now
    sent: 0, // the newest seq sent
    settled: 0, // the newest seq whose answer (or error) came back
    timer: null, // the debounce timer while a lever moves
    waiting: 0, // when the lever began to move since the last request
    invalid: false, // the newest request was refused (422) or failed
    answer: null,
    counties: [],
    ignored: 0, // stale answers dropped
  };

  // ---- small helpers -------------------------------------------------------------------------

  const $ = (selector, root) => (root || document).querySelector(selector);

  function t(key, fields) {
    const said = state.words[key];
    let text;
    if (said === undefined) text = key;
    else if (typeof said === 'string') text = said;
    else text = said[state.lang] !== undefined ? said[state.lang] : said.zh;
    if (fields) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) => (name in fields ? String(fields[name]) : whole));
    }
    return text;
  }

  function build(node, attrs, kids) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.setAttribute('class', value);
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid !== null && kid !== undefined && kid !== false) node.append(kid);
    }
    return node;
  }
  const el = (tag, attrs, ...kids) => build(document.createElement(tag), attrs, kids);
  const svg = (tag, attrs, ...kids) => build(document.createElementNS(SVG_NS, tag), attrs, kids);

  function show(node, visible) {
    node.hidden = !visible;
  }

  const locale = () => (state.lang === 'zh' ? 'zh-CN' : 'en-GB');
  function fixed(value, digits) {
    return new Intl.NumberFormat(locale(), {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  }
  const money = (value) => fixed(value, 2);
  function signed(value, text) {
    // the sign drawn as a person writes it: +1,234.00 / −1,234.00
    if (value > 0) return '+' + text;
    if (value < 0) return MINUS + text;
    return text;
  }
  const moneySigned = (value) => signed(round(value, 2), money(Math.abs(value)));
  const percent = (share, digits) => fixed(share * 100, digits === undefined ? 1 : digits) + '%';
  const percentSigned = (share, digits) =>
    signed(round(share * 100, digits || 0), percent(Math.abs(share), digits || 0));
  function people(value) {
    return t('people_count', { value: fixed(value, 0) });
  }
  function round(value, digits) {
    const factor = Math.pow(10, digits);
    return Math.round(value * factor) / factor;
  }
  function decimals(step) {
    if (!step || step >= 1) return 0;
    return Math.min(6, Math.ceil(-Math.log10(step) - 1e-9));
  }
  function significant(value) {
    if (value === null || value === undefined) return '';
    const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
    return signed(round(value, digits), fixed(Math.abs(value), digits));
  }

  function headers() {
    const out = { 'Content-Type': 'application/json' };
    if (state.token) out['X-Token'] = state.token;
    return out;
  }

  function notice(text, kind) {
    const box = $('#notice');
    box.textContent = text;
    box.className = 'notice ' + (kind || 'bad');
    show(box, Boolean(text));
    clearTimeout(notice.timer);
    if (text && kind === 'ok') notice.timer = setTimeout(() => show(box, false), 10000);
  }

  function makeSession() {
    try {
      const kept = sessionStorage.getItem('live-session');
      if (kept) return kept;
    } catch (err) {
      /* no storage: a new session each load */
    }
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    try {
      sessionStorage.setItem('live-session', id);
    } catch (err) {
      /* as above */
    }
    return id;
  }

  // ---- levers --------------------------------------------------------------------------------

  const isNumber = (lever) => lever.group !== 'rule';

  function same(lever, value) {
    if (isNumber(lever)) return Math.abs(Number(value) - Number(lever.base)) < 1e-9;
    return value === lever.base;
  }

  function whatif() {
    // every lever whose value differs from its base: the whole what-if (docs/live-api.md)
    const out = {};
    for (const lever of state.levers) {
      const value = state.values[lever.id];
      if (!same(lever, value)) out[lever.id] = value;
    }
    return out;
  }

  function shownValue(lever, value) {
    // the number in the input: a share in %, anything else in its unit
    if (lever.share) return round(value * 100, Math.max(0, decimals(lever.step) - 2)).toString();
    return round(value, decimals(lever.step)).toString();
  }

  function shownBase(lever) {
    if (lever.group === 'rule') {
      const at = (lever.choices || []).indexOf(lever.base);
      return at >= 0 && lever.choice_labels ? lever.choice_labels[at] : String(lever.base);
    }
    if (lever.share) return percent(lever.base, Math.max(0, decimals(lever.step) - 2));
    const digits = decimals(lever.step);
    return fixed(lever.base, digits) + (lever.unit ? ' ' + lever.unit : '');
  }

  function setError(id, message) {
    const control = state.controls.get(id);
    if (!control) {
      const box = $('#lever-errors');
      box.textContent = message || '';
      show(box, Boolean(message));
      return;
    }
    control.error.textContent = message || '';
    show(control.error, Boolean(message));
    control.box.classList.toggle('has-error', Boolean(message));
  }

  function clearErrors() {
    for (const id of state.controls.keys()) setError(id, '');
    setError('_', '');
  }

  function leverHead(lever, inputId) {
    const reset = el('button', {
      type: 'button',
      class: 'reset',
      title: t('reset_hint', { value: shownBase(lever) }),
      'aria-label': t('reset_hint', { value: shownBase(lever) }),
      text: t('reset'),
      onclick: () => {
        state.values[lever.id] = lever.base;
        setError(lever.id, '');
        state.controls.get(lever.id).sync();
        schedule();
      },
    });
    return el(
      'div',
      { class: 'lever-head' },
      el('label', { for: inputId, class: 'lever-label', text: lever.label }),
      lever.locked ? el('span', { class: 'lock', text: t('locked') }) : null,
      el('span', { class: 'was', text: t('base_was', { value: shownBase(lever) }) }),
      lever.locked ? null : reset,
    );
  }

  function leverBox(lever, extraClass) {
    const box = el('div', {
      class: 'lever ' + extraClass + (lever.locked ? ' locked' : ''),
      'data-id': lever.id,
      title: lever.locked ? t('locked_hint', { reason: lever.locked_reason || '' }) : null,
    });
    if (lever.locked && lever.locked_reason) {
      box.append(el('div', { class: 'why', text: t('locked_hint', { reason: lever.locked_reason }) }));
    }
    return box;
  }

  let serial = 0;

  function numberLever(lever) {
    const inputId = 'lever-' + ++serial;
    const box = leverBox(lever, 'number ' + lever.group);
    const digits = decimals(lever.step);
    const input = el('input', {
      id: inputId,
      class: 'num',
      type: 'number',
      inputmode: 'decimal',
      step: lever.share ? round((lever.step || 0.01) * 100, 6) : lever.step || 'any',
      disabled: lever.locked,
    });
    const base = Number(lever.base);
    const byPercent = Boolean(lever.percent) && base !== 0;
    const slider = el('input', { type: 'range', class: 'slider', disabled: lever.locked, 'aria-label': lever.label });
    if (byPercent) {
      slider.min = String(Math.round((lever.min / base - 1) * 100));
      slider.max = String(Math.round((lever.max / base - 1) * 100));
      slider.step = '1';
    } else {
      slider.min = String(lever.min);
      slider.max = String(lever.max);
      slider.step = String(lever.step || 'any');
    }
    const out = el('output', { class: 'pct' });
    const unit = el('span', { class: 'unit', text: lever.share ? '%' : lever.unit || '' });
    const error = el('div', { class: 'lever-error', role: 'alert', hidden: true });

    function sync(fromSlider) {
      const value = Number(state.values[lever.id]);
      if (document.activeElement !== input || fromSlider) input.value = shownValue(lever, value);
      if (!fromSlider) slider.value = String(byPercent ? Math.round((value / base - 1) * 100) : value);
      if (byPercent) out.textContent = percentSigned(value / base - 1, 0);
      else out.textContent = lever.share ? percent(value, Math.max(0, digits - 2)) : fixed(value, digits);
      box.classList.toggle('changed', !same(lever, value));
    }

    function fromSliderValue() {
      const position = Number(slider.value);
      let value = byPercent ? base * (1 + position / 100) : position;
      value = round(value, lever.share ? Math.max(digits, 2) : digits);
      state.values[lever.id] = value;
      setError(lever.id, '');
      sync(true);
      schedule();
    }
    slider.addEventListener('input', fromSliderValue);
    slider.addEventListener('change', fromSliderValue);
    input.addEventListener('change', () => {
      const typed = input.value.trim() === '' ? NaN : Number(input.value);
      if (!Number.isFinite(typed)) {
        setError(lever.id, t('error_number'));
        return;
      }
      state.values[lever.id] = lever.share ? round(typed / 100, 6) : typed;
      setError(lever.id, '');
      sync(false);
      schedule();
    });

    box.append(
      leverHead(lever, inputId),
      el('div', { class: 'lever-body' }, el('span', { class: 'field' }, input, unit), slider, out),
      error,
    );
    state.controls.set(lever.id, { box, error, sync: () => sync(false) });
    sync(false);
    return box;
  }

  function ruleLever(lever) {
    const box = leverBox(lever, 'rule');
    const name = 'rule-' + ++serial;
    const choices = lever.choices || [];
    const labels = lever.choice_labels || choices;
    const radios = choices.map((choice, at) =>
      el('input', { type: 'radio', name, value: choice, id: name + '-' + at, disabled: lever.locked }),
    );
    const group = el(
      'div',
      { class: 'switch', role: 'radiogroup', 'aria-label': lever.label },
      radios.map((radio, at) => [radio, el('label', { for: radio.id, text: labels[at] })]),
    );
    group.addEventListener('change', (event) => {
      state.values[lever.id] = event.target.value;
      setError(lever.id, '');
      sync();
      schedule();
    });
    const error = el('div', { class: 'lever-error', role: 'alert', hidden: true });
    const params = el('div', { class: 'params' });
    function sync() {
      for (const radio of radios) radio.checked = radio.value === state.values[lever.id];
      box.classList.toggle('changed', !same(lever, state.values[lever.id]));
      box.classList.toggle('off', state.values[lever.id] === 'off');
    }
    box.append(leverHead(lever, radios.length ? radios[0].id : name), group, error, params);
    state.controls.set(lever.id, { box, error, sync, params });
    sync();
    return box;
  }

  function renderLevers() {
    const list = $('#lever-list');
    list.replaceChildren();
    state.controls.clear();
    const budgets = el('section', { class: 'group budget' }, el('h3', { text: t('group_budget') }));
    const rules = el('section', { class: 'group rules' }, el('h3', { text: t('group_rule') }));
    const orphans = [];
    for (const lever of state.levers) {
      if (lever.group === 'budget') budgets.append(numberLever(lever));
      else if (lever.group === 'rule') rules.append(ruleLever(lever));
      else orphans.push(lever);
    }
    for (const lever of orphans) {
      const owner = lever.rule && state.controls.get(lever.rule);
      (owner && owner.params ? owner.params : rules).append(numberLever(lever));
    }
    if (budgets.children.length > 1) list.append(budgets);
    if (rules.children.length > 1) list.append(rules);
  }

  function setValues(levers) {
    for (const [id, value] of Object.entries(levers)) {
      if (!state.byId.has(id)) continue;
      state.values[id] = value;
      const control = state.controls.get(id);
      if (control) control.sync();
    }
  }

  // ---- talking to the server ----------------------------------------------------------------

  function pending() {
    return state.timer !== null || state.settled < state.sent;
  }

  function refreshBusy() {
    const busy = pending();
    show($('#busy'), busy);
    const notCurrent = !busy && state.invalid;
    const note = $('#not-current');
    note.textContent = notCurrent ? t('invalid_note') : '';
    show(note, notCurrent);
    $('#answer').classList.toggle('is-stale', busy || state.invalid);
    document.body.dataset.sent = String(state.sent);
  }

  function schedule() {
    // a pause of DEBOUNCE_MS sends; a drag that goes on still sends every MAX_WAIT_MS
    const now = performance.now();
    if (state.timer === null) state.waiting = now;
    clearTimeout(state.timer);
    const fire = () => {
      state.timer = null;
      send('api/plan', { levers: whatif() });
    };
    state.timer = setTimeout(fire, Math.max(0, Math.min(DEBOUNCE_MS, state.waiting + MAX_WAIT_MS - now)));
    refreshBusy();
  }

  async function send(path, body) {
    const seq = ++state.sent;
    refreshBusy();
    let response;
    let data = {};
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify(Object.assign({ session: state.session, seq, lang: state.lang }, body)),
      });
      data = await response.json().catch(() => ({}));
    } catch (err) {
      if (seq === state.sent) {
        state.settled = seq;
        state.invalid = true;
        notice(t('error_network'));
        refreshBusy();
      }
      return;
    }
    // an answer to anything but the newest request is stale: never shown
    if (seq !== state.sent || (typeof data.seq === 'number' && data.seq !== seq)) {
      state.ignored += 1;
      document.body.dataset.ignored = String(state.ignored);
      return;
    }
    state.settled = seq;
    if (response.ok) {
      state.invalid = false;
      clearErrors();
      notice('');
      showAnswer(data, seq);
    } else {
      state.invalid = true;
      if (response.status === 422) {
        clearErrors();
        for (const [id, message] of Object.entries(data.errors || {})) setError(id, message);
      } else if (response.status === 401 || response.status === 403) {
        notice(t('error_token'));
      } else {
        notice(t('error_server', { message: data.error || data.detail || response.status }));
      }
    }
    refreshBusy();
  }

  async function getJSON(path, params) {
    const query = new URLSearchParams(Object.assign({ lang: state.lang }, params || {}));
    const response = await fetch(path + '?' + query.toString(), { headers: headers() });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(data.error || data.detail || String(response.status));
      error.status = response.status;
      error.data = data;
      throw error;
    }
    return data;
  }

  // ---- the answer ----------------------------------------------------------------------------

  function showAnswer(answer, seq) {
    state.answer = answer;
    const pane = $('#answer');
    pane.dataset.seq = String(seq);
    const status = $('#status');
    status.textContent = answer.status_words || answer.status || '';
    const good = answer.status === 'optimal' || answer.status === 'feasible';
    status.className = 'status ' + (answer.status === 'optimal' ? 'ok' : good ? 'warn' : 'bad');
    pane.dataset.status = answer.status || '';
    $('#seconds').textContent =
      typeof answer.seconds === 'number' ? t('seconds', { value: fixed(answer.seconds, 2) }) : '';

    const reached = answer.people || {};
    const hasPeople = reached.now !== null && reached.now !== undefined;
    $('#people .big').textContent = hasPeople ? people(reached.now) : '—';
    const peopleMore = $('#people .more');
    peopleMore.textContent =
      hasPeople && typeof reached.change === 'number'
        ? t('change_vs_base', { change: signed(Math.round(reached.change), people(Math.abs(reached.change))) })
        : '';
    peopleMore.className = 'more ' + (hasPeople && reached.change < -0.5 ? 'down' : hasPeople && reached.change > 0.5 ? 'up' : '');

    const deep = answer.deep_share || {};
    const hasDeep = deep.now !== null && deep.now !== undefined;
    $('#deep .big').textContent = hasDeep ? percent(deep.now) : '—';
    const fill = $('#deep .fill');
    fill.style.width = hasDeep ? Math.max(0, Math.min(100, deep.now * 100)) + '%' : '0';
    const required = $('#deep .required');
    const hasRequired = deep.required !== null && deep.required !== undefined;
    show(required, hasRequired);
    if (hasRequired) required.style.left = Math.max(0, Math.min(100, deep.required * 100)) + '%';
    const short = hasDeep && hasRequired && deep.now + 1e-9 < deep.required;
    fill.classList.toggle('short', short);
    const deepMore = [];
    deepMore.push(hasRequired ? t('deep_required', { required: percent(deep.required, 0) }) : t('deep_not_required'));
    if (typeof deep.base === 'number') deepMore.push(t('base_value', { value: percent(deep.base) }));
    $('#deep .more').textContent = deepMore.join(t('list_sep'));
    $('#deep .more').className = 'more' + (short ? ' down' : '');

    const cash = answer.money || {};
    const hasMoney = typeof cash.now === 'number';
    $('#money .big').replaceChildren(
      hasMoney ? money(cash.now) : '—',
      hasMoney ? el('small', { text: ' ' + t('wan') }) : '',
    );
    $('#money .more').textContent =
      typeof cash.base === 'number' ? t('base_value', { value: money(cash.base) + ' ' + t('wan') }) : '';

    const conflict = answer.conflict;
    show($('#conflict'), Boolean(conflict));
    show($('#plan'), !conflict);
    if (conflict) showConflict(conflict);
    else {
      drawChart(answer.counties || []);
      showRules(answer.rules || []);
      showProjects(answer.projects || {});
    }
  }

  function showConflict(conflict) {
    $('#conflict .lines').replaceChildren(...(conflict.lines || []).map((line) => el('li', { text: line })));
    const relax = conflict.relax;
    $('#conflict .relax-text').textContent = relax ? relax.text || '' : t('relax_none');
    const button = $('#relax');
    show(button, Boolean(relax && relax.levers && Object.keys(relax.levers).length));
  }

  function applyRelax() {
    const conflict = state.answer && state.answer.conflict;
    if (!conflict || !conflict.relax || !conflict.relax.levers) return;
    clearErrors();
    setValues(conflict.relax.levers);
    schedule();
  }

  function showRules(rules) {
    const list = $('#rules ol');
    if (!rules.length) {
      list.replaceChildren(el('li', { class: 'none', text: t('rules_none') }));
      return;
    }
    list.replaceChildren(
      ...rules.map((rule) =>
        el(
          'li',
          { class: rule.new ? 'new' : null },
          el(
            'div',
            { class: 'rule-title' },
            rule.title || '',
            rule.new ? el('span', { class: 'tag', text: t('rule_new') }) : null,
          ),
          rule.sentence ? el('div', { class: 'sentence', text: rule.sentence }) : null,
          el(
            'div',
            { class: 'meta' },
            rule.clause ? el('span', { class: 'clause', text: t('clause', { clause: rule.clause }) }) : null,
            rule.value_words || typeof rule.value === 'number'
              ? el('span', {
                  class: 'value',
                  text: rule.value_words || t('rule_value', { value: significant(rule.value) }),
                })
              : null,
          ),
        ),
      ),
    );
  }

  function showProjects(projects) {
    const entered = projects.entered || [];
    const left = projects.left || [];
    for (const [selector, names, key] of [
      ['#projects .entered', entered, 'projects_entered'],
      ['#projects .left', left, 'projects_left'],
    ]) {
      const part = $(selector);
      $('h4', part).textContent = t(key, { count: names.length });
      $('ul', part).replaceChildren(...names.map((name) => el('li', { text: name })));
      show(part, names.length > 0);
    }
    let none = $('#projects .none');
    if (!none) {
      none = el('p', { class: 'none', text: t('projects_none') });
      $('#projects').append(none);
    }
    show(none, !entered.length && !left.length);
  }

  // ---- the chart: money gained or lost per county, a diverging bar per county ----------------

  function niceTicks(lo, hi, count) {
    const span = hi - lo || Math.abs(hi) || 1;
    const raw = span / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
    const ticks = [];
    for (let v = Math.floor(lo / step) * step; v <= Math.ceil(hi / step) * step + step / 1e6; v += step) {
      ticks.push(Math.abs(v) < step / 1e6 ? 0 : round(v, 6));
    }
    return { ticks, step };
  }

  let measurer = null;
  function textWidth(text, font) {
    measurer = measurer || document.createElement('canvas').getContext('2d');
    measurer.font = font;
    return measurer.measureText(text).width;
  }

  function drawChart(counties) {
    state.counties = counties;
    const box = $('#chart .chart-box');
    const moved = counties
      .filter((c) => Math.abs(c.change) >= 0.005)
      .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.name < b.name ? -1 : 1));
    const still = counties.length - moved.length;
    $('#chart .chart-more').textContent = moved.length && still ? t('chart_more', { count: still }) : '';
    if (!moved.length) {
      box.replaceChildren(el('p', { class: 'empty', text: t('chart_none') }));
      return;
    }
    const style = getComputedStyle(box);
    const size = parseFloat(style.fontSize) || 16;
    const font = size + 'px ' + style.fontFamily;
    const boldFont = 'bold ' + font;
    const width = Math.max(300, Math.floor(box.clientWidth) - 2);
    const row = Math.round(size * 1.6);
    const bar = Math.round(size * 1.05);
    const label = (c) => (c.deep ? '★' : '') + c.name;
    const labelWidth = Math.max(...moved.map((c) => textWidth(label(c), c.deep ? boldFont : font))) + size * 0.6;
    const valueWidth = Math.max(...moved.map((c) => textWidth(moneySigned(c.change), font))) + size * 0.5;
    const lo = Math.min(0, ...moved.map((c) => c.change));
    const hi = Math.max(0, ...moved.map((c) => c.change));
    const plotLeft = labelWidth + (lo < 0 ? valueWidth : size * 0.4);
    const plotRight = width - (hi > 0 ? valueWidth : size * 1.5);
    const { ticks, step } = niceTicks(lo, hi, Math.max(2, Math.floor((plotRight - plotLeft) / (size * 6))));
    const d0 = Math.min(lo, ticks[0]);
    const d1 = Math.max(hi, ticks[ticks.length - 1]);
    const x = (v) => plotLeft + ((v - d0) / (d1 - d0 || 1)) * (plotRight - plotLeft);
    const axis = Math.round(size * 1.7);
    const height = axis + moved.length * row + 4;
    const tickText = (v) => signed(v, fixed(Math.abs(v), step >= 1 ? 0 : decimals(step)));

    const chart = svg('svg', {
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': t('chart'),
      class: 'bars',
    });
    for (const v of ticks) {
      const at = x(v);
      chart.append(
        svg('line', {
          class: v === 0 ? 'zero' : 'grid',
          x1: at,
          x2: at,
          y1: axis - size * 0.35,
          y2: height,
          'data-value': v,
        }),
        svg('text', { class: 'tick', x: at, y: axis - size * 0.55, 'text-anchor': 'middle', text: tickText(v) }),
      );
    }
    const zero = x(0);
    moved.forEach((c, at) => {
      const top = axis + at * row;
      const end = x(c.change);
      const gain = c.change > 0;
      const middle = top + row / 2;
      chart.append(
        svg('text', {
          class: 'name' + (c.deep ? ' deep' : ''),
          x: labelWidth - size * 0.4,
          y: middle,
          'dominant-baseline': 'central',
          'text-anchor': 'end',
          text: label(c),
        }),
        svg(
          'rect',
          {
            class: 'bar ' + (gain ? 'gain' : 'loss') + (c.deep ? ' deep' : ''),
            x: Math.min(zero, end),
            y: top + (row - bar) / 2,
            width: Math.max(1, Math.abs(end - zero)),
            height: bar,
            'data-code': c.code,
            'data-change': c.change,
          },
          svg('title', {
            text: t('bar_hint', {
              name: c.name,
              base: money(c.base),
              now: money(c.now),
              change: moneySigned(c.change),
            }),
          }),
        ),
        svg('text', {
          class: 'value',
          x: gain ? end + size * 0.3 : end - size * 0.3,
          y: middle,
          'dominant-baseline': 'central',
          'text-anchor': gain ? 'start' : 'end',
          text: moneySigned(c.change),
        }),
      );
    });
    box.replaceChildren(chart);
  }

  // ---- scenarios: save, compare, download -----------------------------------------------------

  async function openSave() {
    const form = $('#save-form');
    const name = $('#save-name');
    let count = 0;
    try {
      count = ((await getJSON('api/scenarios', { session: state.session })).scenarios || []).length;
    } catch (err) {
      count = 0;
    }
    name.value = t('save_default', { n: count + 1 });
    show($('.lever-error', form), false);
    show(form, true);
    name.focus();
    name.select();
  }

  async function save(event) {
    event.preventDefault();
    const form = $('#save-form');
    const error = $('.lever-error', form);
    const name = $('#save-name').value.trim();
    const response = await fetch('api/scenarios', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ session: state.session, name, levers: whatif(), lang: state.lang }),
    }).catch(() => null);
    if (!response) {
      error.textContent = t('error_network');
      show(error, true);
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const errors = data.errors || {};
      error.textContent =
        errors.name || Object.values(errors)[0] || (response.status === 401 || response.status === 403
          ? t('error_token')
          : t('error_server', { message: data.error || data.detail || response.status }));
      show(error, true);
      return;
    }
    show(form, false);
    notice(t('save_ok', { name: data.saved, folder: data.folder || '' }), 'ok');
  }

  async function openCompare() {
    const dialog = $('#compare-dialog');
    const picks = $('.picks', dialog);
    const error = $('.lever-error', dialog);
    show(error, false);
    $('.table', dialog).replaceChildren();
    let scenarios = [];
    try {
      scenarios = (await getJSON('api/scenarios', { session: state.session })).scenarios || [];
    } catch (err) {
      error.textContent = t('error_server', { message: err.message });
      show(error, true);
    }
    picks.replaceChildren(
      scenarios.length
        ? el(
            'ul',
            {},
            scenarios.map((s, at) =>
              el(
                'li',
                {},
                el('input', { type: 'checkbox', id: 'pick-' + at, value: s.name, checked: true }),
                el('label', { for: 'pick-' + at }, s.name, s.status_words ? el('span', { class: 'muted', text: ' · ' + s.status_words }) : null),
              ),
            ),
          )
        : el('p', { class: 'none', text: t('compare_none') }),
    );
    show($('.go', dialog), scenarios.length > 1);
    if (!dialog.open) dialog.showModal();
    if (scenarios.length > 1) compare();
  }

  async function compare() {
    const dialog = $('#compare-dialog');
    const error = $('.lever-error', dialog);
    const names = Array.from(dialog.querySelectorAll('.picks input:checked'), (box) => box.value);
    if (names.length < 2) {
      error.textContent = t('compare_pick');
      show(error, true);
      return;
    }
    show(error, false);
    let rows = [];
    try {
      rows = (await getJSON('api/compare', { names: names.join(',') })).rows || [];
    } catch (err) {
      error.textContent = t('error_server', { message: err.message });
      show(error, true);
      return;
    }
    const measures = [
      ['col_status', (r) => r.status_words || ''],
      ['col_people', (r) => (typeof r.people === 'number' ? people(r.people) : '—')],
      ['col_deep', (r) => (typeof r.deep_share === 'number' ? percent(r.deep_share) : '—')],
      ['col_moved', (r) => (typeof r.money_moved === 'number' ? money(r.money_moved) : '—')],
      ['col_broken', (r) => ((r.rules_broken || []).length ? r.rules_broken.join(t('list_sep')) : t('none'))],
    ];
    const table = el(
      'table',
      { class: 'compare' },
      el('thead', {}, el('tr', {}, el('th', { text: t('col_name') }), rows.map((r) => el('th', { scope: 'col', text: r.name })))),
      el(
        'tbody',
        {},
        measures.map(([key, cell]) =>
          el('tr', {}, el('th', { scope: 'row', text: t(key) }), rows.map((r) => el('td', { text: cell(r) }))),
        ),
      ),
    );
    $('.table', dialog).replaceChildren(table);
  }

  // ---- start ----------------------------------------------------------------------------------

  function fillWords() {
    for (const node of document.querySelectorAll('[data-w]')) node.textContent = t(node.dataset.w);
  }

  async function start() {
    const url = new URL(location.href);
    const asked = url.searchParams.get('lang');
    const meta = document.querySelector('meta[name="live-token"]');
    state.token = url.searchParams.get('token') || (meta && meta.content) || '';
    state.session = makeSession();
    document.body.dataset.ready = 'no';

    let levers;
    try {
      const [words, data] = await Promise.all([
        fetch('static/words.json').then((r) => r.json()),
        getJSON('api/levers', asked ? { lang: asked } : {}),
      ]);
      state.words = words;
      levers = data;
    } catch (err) {
      state.lang = asked === 'en' ? 'en' : 'zh';
      notice(
        err && (err.status === 401 || err.status === 403)
          ? t('error_token')
          : t('error_server', { message: (err && err.message) || '' }),
      );
      return;
    }
    state.lang = levers.lang === 'en' ? 'en' : 'zh';
    for (const [key, text] of Object.entries(levers.words || {})) state.words[key] = text;
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('page_title', { title: levers.title || '' });
    $('#title').textContent = levers.title || t('page_title', { title: '' });
    const warning = $('#warning');
    warning.textContent = levers.warning || '';
    show(warning, Boolean(levers.warning));
    fillWords();

    const other = state.lang === 'zh' ? 'en' : 'zh';
    const switchTo = new URL(location.href);
    switchTo.searchParams.set('lang', other);
    const langLink = $('#lang');
    langLink.href = switchTo.toString();
    langLink.textContent = LANG_NAMES[other];
    langLink.lang = other === 'zh' ? 'zh-CN' : 'en';
    for (const [id, kind] of [
      ['#xlsx', 'xlsx'],
      ['#html', 'html'],
    ]) {
      const query = new URLSearchParams({ session: state.session, lang: state.lang });
      if (state.token) query.set('token', state.token);
      $(id).href = 'api/download/' + kind + '?' + query.toString();
    }

    state.levers = levers.levers || [];
    state.byId = new Map(state.levers.map((lever) => [lever.id, lever]));
    for (const lever of state.levers) state.values[lever.id] = lever.value;
    renderLevers();

    $('#reset-all').addEventListener('click', () => {
      clearTimeout(state.timer);
      state.timer = null;
      clearErrors();
      for (const lever of state.levers) if (!lever.locked) state.values[lever.id] = lever.base;
      for (const control of state.controls.values()) control.sync();
      send('api/reset', {});
    });
    $('#relax').addEventListener('click', applyRelax);
    $('#save').addEventListener('click', openSave);
    $('#save-form').addEventListener('submit', save);
    $('#save-form .cancel').addEventListener('click', () => show($('#save-form'), false));
    $('#compare').addEventListener('click', openCompare);
    $('#compare-dialog .go').addEventListener('click', compare);
    $('#compare-dialog .close').addEventListener('click', () => $('#compare-dialog').close());
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => {
        if (state.answer && !state.answer.conflict) drawChart(state.counties);
      }, 100);
    });

    document.body.dataset.ready = 'yes';
    const changed = whatif();
    send('api/plan', { levers: changed });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

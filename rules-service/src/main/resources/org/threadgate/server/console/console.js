// Threadgate's console: every value from the server is rendered as text (textContent), never as HTML, and the token
// lives in this tab's sessionStorage only (never in a URL, nor in storage that outlives the tab).

const $ = (id) => document.getElementById(id);
const TOKEN = 'threadgate.token';

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

function say(text) {
  $('message').textContent = text;
}

/** Calls the API; on 401 asks for a token once; answers {status, body}. */
async function api(method, path, body) {
  const headers = {};
  const token = sessionStorage.getItem(TOKEN);
  if (token) headers.Authorization = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : body });
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401) {
    $('token-form').hidden = false;
    say('This server needs a bearer token: enter one above.');
  }
  return { status: response.status, body: data };
}

/** A 403: what the token's scopes do not allow is shown as unavailable, not as an error. */
function unavailable(answer, where, what) {
  if (answer.status !== 403) return false;
  clear(where).append(el('p', `${what} needs a token with another scope.`, { class: 'unavailable' }));
  return true;
}

function problemText(answer) {
  const p = answer.body || {};
  return `${answer.status} ${p.code || ''}: ${p.detail || ''}`;
}

function instantText(iso) {
  if (!iso) return '';
  const local = new Date(iso).toLocaleString();
  return `${iso} (your time: ${local})`;
}

// --- views -----------------------------------------------------------------------------------------------------

// Each view has its address (#/policies, #/try, #/log, #/candidate) and so has each decision record
// (#/decisions/<id>): a link sent to someone opens the same page.
const VIEWS = ['policies', 'try', 'log', 'candidate'];

function go(address) {
  if (location.hash === address) route();
  else location.hash = address;
}

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [first, ...rest] = hash.split('/');
  if (first === 'decisions' && rest.length > 0) {
    show('log');
    openRecord(decodeURIComponent(rest.join('/')));
    return;
  }
  show(VIEWS.includes(first) ? first : 'policies');
}

function show(view) {
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== view;
  for (const button of document.querySelectorAll('nav button')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  if (view === 'policies') loadPolicies();
  if (view === 'candidate') loadCandidate();
}

async function loadPolicies() {
  const info = await api('GET', '/v1/policies');
  if (info.status !== 200) { say(problemText(info)); return; }
  const summary = clear($('policy-summary'));
  for (const [term, value] of [['Version', info.body.policyVersion], ['Loaded', instantText(info.body.loadedAt)],
    ['From', info.body.source]]) {
    summary.append(el('dt', term), el('dd', value));
  }
  const rules = clear($('rules').tBodies[0]);
  for (const rule of info.body.rules) {
    const row = el('tr');
    row.append(el('td', rule.code), el('td', rule.title), el('td', `${rule.file}:${rule.line}`));
    rules.append(row);
  }
  const settings = clear($('settings').tBodies[0]);
  for (const [name, value] of Object.entries(info.body.settings)) {
    const row = el('tr');
    row.append(el('td', name), el('td', (info.body.settingTypes || {})[name] || ''),
      el('td', value === null ? 'null (off)' : JSON.stringify(value)));
    settings.append(row);
  }
  const status = await api('GET', '/v1/policies/status');
  const attempt = clear($('load-attempt'));
  if (status.status === 403) { attempt.append(el('p', 'The last load attempt needs scope admin.', { class: 'unavailable' })); return; }
  if (status.status !== 200) return;
  const s = status.body;
  const heading = el('p');
  heading.append(el('span', `Last load attempt #${s.attempt} (${s.trigger}, ${instantText(s.at)}): `),
    el('span', s.outcome, { class: 'outcome-' + s.outcome }));
  attempt.append(heading);
  if (s.problems && s.problems.length) {
    const list = el('ul', null, { 'aria-label': 'Problems of the rejected set' });
    for (const problem of s.problems) list.append(el('li', problem, { class: 'problem' }));
    attempt.append(list);
  }
}

// The examples come from the live policy set's own test cases (GET /v1/policies/examples): one per reason code and
// one without a reason, each with its fixed 'at', so a new policy brings its examples and the answers never vary.
// 'by ids' decides from the ledger instead: a registered campaign and a person.
const BY_IDS = 'by ids (a registered campaign)';
let examples = [];

function example(name) {
  if (name === BY_IDS) {
    return $('try-kind').value === 'campaign' ? { campaignId: 'spring' } : { campaignId: 'spring', personId: 'p-42' };
  }
  const chosen = examples.find((e) => e.label === name);
  if (!chosen) return {};
  const body = chosen.request;
  if ($('try-kind').value === 'campaign') return { at: body.at, business: body.business, campaign: body.campaign };
  return body;
}

async function loadExamples() {
  const answer = await api('GET', '/v1/policies/examples');
  if (answer.status !== 200) {
    if (answer.status !== 401 && !unavailable(answer, $('try-answer'), 'Examples')) say(problemText(answer));
    examples = [];
  } else {
    examples = answer.body.examples;
  }
  const list = clear($('try-example'));
  for (const e of examples) list.append(el('option', e.label, { value: e.label, title: `${e.file}: ${e.name}` }));
  list.append(el('option', BY_IDS, { value: BY_IDS }));
  const first = examples[0];
  if (first) $('try-kind').value = first.kind;
  fill();
}

async function decide() {
  const kind = $('try-kind').value;
  const answer = await api('POST', `/v1/decisions/${kind}`, $('try-body').value);
  const out = clear($('try-answer'));
  if (answer.status !== 200) {
    out.append(el('p', problemText(answer), { class: 'problem' }));
    for (const error of (answer.body && answer.body.errors) || []) out.append(el('p', `${error.field}: ${error.message}`, { class: 'problem' }));
    return;
  }
  const d = answer.body;
  out.append(el('p', d.outcome, { class: 'outcome-' + d.outcome, 'data-testid': 'outcome' }));
  const list = el('ul');
  for (const reason of d.reasons) {
    const item = el('li');
    item.append(el('strong', reason.code, { 'data-testid': 'code' }), el('span', ': ' + reason.message));
    if (reason.retryAt) item.append(el('div', 'retry at ' + instantText(reason.retryAt)));
    list.append(item);
  }
  out.append(list);
  if (d.retryAt) out.append(el('p', 'The same facts may be retried at ' + instantText(d.retryAt)));
  out.append(el('p', 'Rules fired: ' + (d.firedRules || []).join(', ')), el('p', 'Version ' + d.policyVersion));
  const open = el('button', 'Open in the decision log', { type: 'button' });
  open.addEventListener('click', () => go('#/decisions/' + encodeURIComponent(d.decisionId)));
  out.append(open);
}

/** One decision's outcome and reason codes, for the side-by-side answer. */
function decisionBlock(title, d, testid) {
  const block = el('div', null, { class: 'side', 'data-testid': testid });
  block.append(el('h4', title + ' (' + d.policyVersion + ')'), el('p', d.outcome, { class: 'outcome-' + d.outcome }));
  const list = el('ul');
  for (const reason of d.reasons) list.append(el('li', reason.code + ': ' + reason.message));
  block.append(list);
  if (d.retryAt) block.append(el('p', 'Retry at ' + instantText(d.retryAt)));
  return block;
}

async function decideBoth() {
  const answer = await api('POST', '/v1/policies/candidate/try', $('try-body').value);
  const out = clear($('try-answer'));
  if (answer.status === 404) { out.append(el('p', 'No candidate: start the server with --candidate-rules DIR.', { class: 'problem' })); return; }
  if (unavailable(answer, out, 'Deciding under the candidate')) return;
  if (answer.status !== 200) {
    out.append(el('p', problemText(answer), { class: 'problem' }));
    for (const error of (answer.body && answer.body.errors) || []) out.append(el('p', `${error.field}: ${error.message}`, { class: 'problem' }));
    return;
  }
  const both = el('div', null, { class: 'both' });
  both.append(decisionBlock('Live', answer.body.live, 'live-outcome'), decisionBlock('Candidate', answer.body.candidate, 'candidate-outcome'));
  out.append(both);
}

let nextCursor = null;

async function search(more) {
  const params = new URLSearchParams();
  for (const input of $('log-filter').querySelectorAll('input, select')) {
    if (input.value) params.set(input.name, input.value.trim());
  }
  if (more && nextCursor) params.set('cursor', nextCursor);
  const answer = await api('GET', '/v1/decisions?' + params);
  if (unavailable(answer, $('record'), 'The decision log')) return;
  if (answer.status !== 200) { say(problemText(answer)); return; }
  const rows = $('decisions').tBodies[0];
  if (!more) clear(rows);
  for (const record of answer.body.decisions) {
    const row = el('tr', null, { class: 'clickable', tabindex: '0' });
    const person = record.request && record.request.person ? record.request.person.id : '';
    const campaign = record.request && record.request.campaign ? record.request.campaign.id : '';
    row.append(el('td', record.at), el('td', record.kind), el('td', person), el('td', campaign),
      el('td', record.outcome, { class: 'outcome-' + record.outcome }),
      el('td', record.reasons.map((r) => r.code).join(', ')));
    const open = () => go('#/decisions/' + encodeURIComponent(record.decisionId));
    row.addEventListener('click', open);
    row.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
    rows.append(row);
  }
  nextCursor = answer.body.next || null;
  $('log-more').hidden = !nextCursor;
  const campaignId = $('f-campaign').value.trim();
  if (campaignId) drawSummary(campaignId);
}

async function openRecord(id) {
  const answer = await api('GET', '/v1/decisions/' + encodeURIComponent(id));
  const out = clear($('record'));
  if (answer.status !== 200) { out.append(el('p', problemText(answer), { class: 'problem' })); return; }
  const r = answer.body;
  const link = el('a', 'Link to this decision', { href: '#/decisions/' + encodeURIComponent(r.decisionId), 'data-testid': 'record-link' });
  out.append(el('h3', 'Decision ' + r.decisionId), link, el('p', `${r.outcome} by version ${r.policyVersion} at ${instantText(r.evaluatedAt)}`));
  const rules = el('table');
  const head = el('tr');
  head.append(el('th', 'Rule', { scope: 'col' }), el('th', 'Fired', { scope: 'col' }), el('th', 'Why', { scope: 'col' }));
  rules.append(head);
  for (const rule of r.explanation || []) {
    const row = el('tr');
    row.append(el('td', rule.code + ' (' + rule.rule + ')'), el('td', rule.fired ? 'yes' : 'no'), el('td', rule.reason || rule.title || ''));
    rules.append(row);
  }
  out.append(rules, el('h4', 'The facts the rules saw'), el('pre', JSON.stringify(r.request, null, 2)));
}

async function drawSummary(campaignId) {
  // the newest 1,000 decisions of the campaign, counted per hour: outcomes as bars, each reason code as a line
  const answer = await api('GET', '/v1/decisions?limit=1000&campaignId=' + encodeURIComponent(campaignId));
  const canvas = $('summary-chart');
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (answer.status !== 200 || answer.body.decisions.length === 0) return;
  const hours = new Map();
  const codes = new Set();
  for (const d of answer.body.decisions) {
    const hour = d.at.slice(0, 13);
    if (!hours.has(hour)) hours.set(hour, { pass: 0, fail: 0, codes: {} });
    const h = hours.get(hour);
    if (d.outcome === 'DELIVER' || d.outcome === 'APPROVE') h.pass++; else h.fail++;
    for (const r of d.reasons) { h.codes[r.code] = (h.codes[r.code] || 0) + 1; codes.add(r.code); }
  }
  const keys = [...hours.keys()].sort();
  const max = Math.max(1, ...keys.map((k) => hours.get(k).pass + hours.get(k).fail));
  const legendHeight = 12 * Math.ceil(codes.size / 3) + 10;
  const plot = { left: 40, bottom: canvas.height - 30, height: canvas.height - 40 - legendHeight };
  const step = (canvas.width - plot.left - 10) / keys.length;
  ctx.font = '11px sans-serif';
  keys.forEach((key, i) => {
    const h = hours.get(key);
    const x = plot.left + i * step;
    const pass = plot.height * h.pass / max;
    const fail = plot.height * h.fail / max;
    ctx.fillStyle = '#05612a';
    ctx.fillRect(x, plot.bottom - pass, Math.max(2, step * 0.6), pass);
    ctx.fillStyle = '#a4161a';
    ctx.fillRect(x, plot.bottom - pass - fail, Math.max(2, step * 0.6), fail);
    ctx.fillStyle = '#1d1d1f';
    if (i === 0 || i === keys.length - 1) ctx.fillText(key.slice(5) + 'h', x, plot.bottom + 14);
  });
  const palette = ['#1a5fb4', '#c64600', '#613583', '#26a269', '#865e3c', '#e01b24', '#3584e4', '#986a44'];
  [...codes].forEach((code, c) => {
    ctx.strokeStyle = palette[c % palette.length];
    ctx.beginPath();
    keys.forEach((key, i) => {
      const y = plot.bottom - plot.height * (hours.get(key).codes[code] || 0) / max;
      const x = plot.left + i * step + step * 0.3;
      if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.fillStyle = palette[c % palette.length];
    ctx.fillText(code, plot.left + (c % 3) * 200, 12 + Math.floor(c / 3) * 12);
  });
  ctx.fillStyle = '#1d1d1f';
  ctx.fillText(String(max), 2, plot.bottom - plot.height + 4);
  canvas.setAttribute('aria-label', `Decisions of ${campaignId} per hour (newest ${answer.body.decisions.length}): `
    + keys.map((k) => `${k}h ${hours.get(k).pass} delivered or approved, ${hours.get(k).fail} not`).join('; '));
}

async function loadCandidate() {
  const answer = await api('GET', '/v1/policies/candidate');
  const out = clear($('candidate-status'));
  const promote = $('promote');
  if (answer.status === 404) { out.append(el('p', 'No candidate: start the server with --candidate-rules DIR.')); promote.disabled = true; return; }
  if (unavailable(answer, out, 'The candidate')) { promote.disabled = true; return; }
  if (answer.status !== 200) { out.append(el('p', problemText(answer), { class: 'problem' })); return; }
  const c = answer.body;
  promote.disabled = !c.candidateVersion;
  out.append(el('p', `Live ${c.liveVersion}; candidate ${c.candidateVersion || 'not loaded'}`));
  const shadow = c.shadow || {};
  const table = el('table');
  const head = el('tr');
  head.append(el('th', 'Transition', { scope: 'col' }), el('th', 'Decisions', { scope: 'col' }));
  table.append(head);
  for (const [transition, n] of Object.entries(shadow.transitions || {})) {
    const row = el('tr');
    row.append(el('td', transition), el('td', n));
    table.append(row);
  }
  const reasons = el('table', null, { 'aria-label': 'Reason codes gained and lost' });
  const reasonHead = el('tr');
  reasonHead.append(el('th', 'Reason code', { scope: 'col' }), el('th', 'Gained', { scope: 'col' }), el('th', 'Lost', { scope: 'col' }));
  reasons.append(reasonHead);
  for (const [code, counts] of Object.entries(shadow.reasons || {})) {
    const row = el('tr');
    row.append(el('td', code), el('td', counts.gained), el('td', counts.lost));
    reasons.append(row);
  }
  out.append(el('p', `Compared in shadow: ${shadow.compared || 0}, changed: ${shadow.changed || 0}`), table, reasons);
}

async function impact() {
  const body = { candidate: 'candidate' };
  if ($('i-from').value) body.from = $('i-from').value.trim();
  if ($('i-to').value) body.to = $('i-to').value.trim();
  const answer = await api('POST', '/v1/policies/impact', JSON.stringify(body));
  const out = clear($('impact'));
  if (unavailable(answer, out, 'Impact analysis')) return;
  if (answer.status !== 200) { out.append(el('p', problemText(answer), { class: 'problem' })); return; }
  const r = answer.body;
  out.append(el('p', `${r.records} decisions replayed: ${r.changed} would change, ${r.unchanged} would not.`, { 'data-testid': 'impact-changed' }));
  for (const [transition, ids] of Object.entries(r.examples || {})) {
    const item = el('p', transition + ': ');
    for (const id of ids) {
      const link = el('button', id, { type: 'button' });
      link.addEventListener('click', () => go('#/decisions/' + encodeURIComponent(id)));
      item.append(link);
    }
    out.append(item);
  }
}

async function analyse() {
  const out = clear($('diff'));
  out.append(el('p', 'Deciding every boundary situation under both sets: this takes a few seconds (tens of seconds for a large set).'));
  const answer = await api('POST', '/v1/policies/diff');
  clear(out);
  if (unavailable(answer, out, 'Policy analysis')) return;
  if (answer.status !== 200) { out.append(el('p', problemText(answer), { class: 'problem' })); return; }
  const d = answer.body;
  out.append(el('p', 'Verdict: ' + d.verdict + '.', { class: d.atLeastAsStrict ? 'verdict-strict' : 'verdict-looser', 'data-testid': 'verdict' }));
  const table = el('table', null, { 'aria-label': 'Kinds of change, each with its smallest example' });
  const head = el('tr');
  for (const title of ['Change', 'Situations', 'Live → candidate', 'Smallest example', '']) head.append(el('th', title, { scope: 'col' }));
  table.append(head);
  for (const change of d.changes) {
    const example = change.counterexample;
    const row = el('tr', null, { 'data-testid': 'change' });
    const codes = (o) => o.outcome + (o.reasons.length ? ' ' + o.reasons.join(', ') : '');
    row.append(el('td', change.kind + (change.loosening ? ' (loosening)' : '')), el('td', change.count),
      el('td', codes(example.live) + ' → ' + codes(example.candidate)),
      el('td', Object.entries(example.situation).map(([axis, value]) => axis + ': ' + value).join('; ')));
    const tryIt = el('button', 'Try this decision under both', { type: 'button' });
    tryIt.addEventListener('click', () => {
      $('try-kind').value = example.decision;
      $('try-example').selectedIndex = -1; // the request is the analysis's example, none of the listed ones
      $('try-body').value = JSON.stringify(example.request, null, 2);
      go('#/try');
      decideBoth();
    });
    const cell = el('td');
    cell.append(tryIt);
    row.append(cell);
    table.append(row);
  }
  const e = d.explored;
  out.append(table, el('p', `Explored ${e.deliverySituations} delivery and ${e.campaignSituations} campaign situations in ${d.tookMillis} ms; `
    + 'axes: ' + Object.entries(e.axisSizes).map(([axis, n]) => axis + ' ' + n).join(' × ') + '.'));
}

async function promote() {
  const candidate = await api('GET', '/v1/policies/candidate');
  if (candidate.status !== 200) { say(problemText(candidate)); return; }
  const c = candidate.body;
  if (!window.confirm(`Put candidate ${c.candidateVersion} live in place of ${c.liveVersion}? `
    + `In shadow it changed ${(c.shadow && c.shadow.changed) || 0} of ${(c.shadow && c.shadow.compared) || 0} decisions.`)) return;
  const answer = await api('POST', '/v1/policies/candidate/promote');
  say(answer.status === 200 ? `Version ${answer.body.liveVersion} is live.` : problemText(answer));
  loadCandidate();
}

// --- wiring ----------------------------------------------------------------------------------------------------

for (const button of document.querySelectorAll('nav button')) button.addEventListener('click', () => go('#/' + button.dataset.view));
window.addEventListener('hashchange', route);
function fill() {
  $('try-body').value = JSON.stringify(example($('try-example').value), null, 2);
}
$('try-example').addEventListener('change', () => {
  const chosen = examples.find((e) => e.label === $('try-example').value);
  if (chosen) $('try-kind').value = chosen.kind;
  fill();
});
$('try-kind').addEventListener('change', fill);
$('try-send').addEventListener('click', decide);
$('try-both').addEventListener('click', decideBoth);
$('analyse').addEventListener('click', analyse);
$('log-filter').addEventListener('submit', (event) => { event.preventDefault(); search(false); });
$('log-more').addEventListener('click', () => search(true));
$('impact-form').addEventListener('submit', (event) => { event.preventDefault(); impact(); });
$('promote').addEventListener('click', promote);
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN, $('token').value);
  $('token').value = '';
  $('token-form').hidden = true;
  say('Token set for this tab.');
  route();
  loadExamples();
});
route();
loadExamples();

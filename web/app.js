// 就业帮扶工作台: the counsellors' console. Plain JavaScript, no framework and no
// build step. The server's Content-Security-Policy forbids inline scripts,
// inline handlers and style attributes, so every element is made with
// document.createElement and every piece of data goes in as text.
'use strict';

(function () {
  const APP = document.getElementById('app');

  // ---------------------------------------------------------------- state

  const S = {
    user: null,        // the signed-in account (GET /v1/session)
    csrf: null,        // the session's CSRF token: kept in memory only
    timers: new Set(), // polling timers of the current view
    charts: [],        // Chart.js instances of the current view
    flash: null,       // a message for the next view ({text, kind, details})
    seq: 0,            // render sequence: a stale view stops working
    occupations: null, // Promise<Map id → name>
  };

  // ---------------------------------------------------------------- DOM

  let uidCounter = 0;
  const uid = (p) => `${p}-${++uidCounter}`;

  // h('div', {class: 'x', onclick: fn, 'aria-label': '…'}, child, 'text', [more])
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    let value;
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = String(v);
        else if (k === 'for') el.htmlFor = v;
        else if (k === 'value') value = v;
        else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'required' ||
                 k === 'multiple' || k === 'hidden' || k === 'readOnly' || k === 'open') el[k] = true;
        else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    add(el, kids);
    if (value !== undefined) el.value = String(value);
    return el;
  }

  function add(el, ...kids) {
    for (const k of kids.flat(Infinity)) {
      if (k === null || k === undefined || k === false) continue;
      el.append(k instanceof Node ? k : document.createTextNode(String(k)));
    }
    return el;
  }

  function clear(el) { el.replaceChildren(); return el; }

  function badge(text, kind) { return h('span', { class: `badge text-bg-${kind || 'secondary'} me-1` }, text); }

  function spinner(text) {
    return h('p', { class: 'text-muted loading', role: 'status' },
      h('span', { class: 'spinner-border spinner-border-sm me-2', 'aria-hidden': 'true' }), text || '正在加载…');
  }

  function alertBox(text, kind, details) {
    return h('div', { class: `alert alert-${kind || 'danger'}`, role: kind === 'success' || kind === 'info' ? 'status' : 'alert' },
      h('span', null, text),
      details && details.length ? h('ul', { class: 'mb-0 mt-1' }, details.map((d) => h('li', null, d))) : null);
  }

  // ---------------------------------------------------------------- words

  const EDUCATION = { none: '无学历', junior: '初中', senior: '高中', vocational: '中专/职高', college: '大专', bachelor: '本科', master: '硕士及以上' };
  const WORK_ABILITY = { full: '完全劳动能力', partial: '部分劳动能力', none: '无劳动能力' };
  const EMPLOYMENT = { unemployed: '失业', underemployed: '灵活就业/不充分就业', employed: '已就业', retired: '退休', student: '在校学生', self_employed: '自主创业' };
  const REACH = { county: '本区县', city: '本市', province: '本省' };
  const RETIREMENT_CATEGORY = { staff: '管理技术岗', worker: '工人岗' };
  const GENDER = { male: '男', female: '女' };
  const SPECIAL_GROUPS = { disabled: '残疾人', aged_40_50: '4050人员', laid_off_restructuring: '改制下岗', long_term_unemployed: '长期失业', migrant_worker: '农民工' };
  const SKILL_LEVEL = { 1: '五级/初级工', 2: '四级/中级工', 3: '三级/高级工', 4: '二级/技师', 5: '一级/高级技师' };
  const LEVEL_SHORT = { 0: '无', 1: '五级', 2: '四级', 3: '三级', 4: '二级', 5: '一级' };
  const TRACK = { job: '就业', training: '培训', startup: '创业', graduate: '高校毕业生' };
  const OUTCOME = {
    applied: '已报名/投递', interview: '已面试', hired: '已录用', declined: '已拒绝', enrolled: '已参训',
    completed: '已结业', granted: '已获批', retained_1m: '稳定就业1个月', retained_3m: '稳定就业3个月',
    retained_6m: '稳定就业6个月', left: '已离职', started_business: '已自主创业',
  };
  const OUTCOMES_BY_KIND = {
    jobs: ['applied', 'interview', 'hired', 'declined', 'retained_1m', 'retained_3m', 'retained_6m', 'left'],
    courses: ['applied', 'enrolled', 'completed', 'declined'],
    aid: ['applied', 'enrolled', 'completed', 'granted', 'started_business', 'declined'],
  };
  const FOLLOW_UP_SHORT = {
    retained_1m: '满1个月回访', retained_3m: '满3个月回访', retained_6m: '满6个月回访',
    completed: '确认结业', apply_unlocked: '报名可匹配岗位', apply_for_aid: '申请创业扶持', started_business: '确认开业',
  };
  const FOLLOW_UP = {
    retained_1m: '稳定就业1个月回访', retained_3m: '稳定就业3个月回访', retained_6m: '稳定就业6个月回访',
    completed: '确认是否结业', apply_unlocked: '结业后报名已可匹配的岗位', apply_for_aid: '培训结业后申请创业扶持',
    started_business: '扶持发放后确认是否开业',
  };
  const ANSWER = { interested: '感兴趣', not_suitable: '不合适' };
  const ANSWER_REASON = { too_far: '太远', low_wage: '工资低', health: '身体原因', schedule: '时间不合适', other: '其他' };
  const ITEM_KIND = { opening: '岗位', course: '培训', aid: '创业扶持' };
  const BATCH_STATUS = { queued: '排队中', running: '运行中', succeeded: '已完成', failed: '失败' };
  const ATTENTION = {
    work_ability: '没有可就业的成员', no_openings_in_reach: '可达范围内没有合适的岗位和培训',
    all_at_capacity: '匹配到的岗位已满员', skills_gap: '技能或证书不足，可先参加培训',
    protected_work: '可达的岗位依法不宜推荐（未成年工、女职工特殊保护）',
  };
  const EXIT_REASON = { goal_met: '达到帮扶目标', no_longer_eligible: '不再符合条件', moved_away: '迁出', deceased: '去世' };
  const REGION_RELATION = { same_county: '本区县', same_city: '本市', same_province: '本省', online: '线上', other: '外省' };
  const ROLE = { admin: '管理员', counsellor: '帮扶干部', board: '招聘平台', household: '家庭', reader: '合作网站' };
  const AUDIT_ACTION = { reveal: '查看身份证号', login: '登录', login_failed: '登录失败', logout: '退出登录', user_created: '创建账户', user_changed: '修改账户' };
  const AID_KIND = { startup_training: '创业培训', startup_mentoring: '创业指导', interest_free_loan: '无息借款', loan_interest_subsidy: '贷款贴息', production_materials: '生产资料帮扶' };
  const FIELD_LABEL = {
    archive_no: '档案编号', region: '地区', address: '住址', causes: '致困原因', dibao: '低保',
    monthly_income: '家庭月收入', counsellor: '帮扶责任人', support_unit: '帮扶单位', members: '家庭成员',
    name: '姓名', id_number: '身份证号', education: '学历', work_ability: '劳动能力', employment: '就业状况',
    reach: '就业范围', skills: '技能', skill: '技能名称', level: '等级', desired_occupations: '求职意向',
    special_groups: '就业困难类别', wants_startup: '创业意愿', business_plan: '创业计划', graduated_on: '毕业日期',
    birth_date: '出生日期', gender: '性别', username: '用户名', password: '密码', display_name: '姓名',
    role: '角色', owner: '所有者', status: '结果', note: '备注', reason: '退出原因', new_password: '新密码',
    current_password: '当前密码', retirement_category: '岗位类别', wants_work_after_retirement: '退休后愿意工作',
  };

  const CODE_MESSAGE = {
    invalid_credentials: '用户名或密码错误',
    too_many_attempts: '尝试次数过多，请稍后再试',
    validation_failed: '填写的内容有误，请按提示修改',
    weak_password: '密码太弱：至少10个字符，不能是常见密码，不能包含用户名，至少含4种不同字符',
    wrong_password: '当前密码错误',
    csrf: '页面已过期，请刷新页面后重试',
    out_of_scope: '该地区不在您负责的范围内',
    not_found: '未找到该记录',
    no_plan: '尚无帮扶计划',
    forbidden: '您没有权限执行此操作',
    unauthorized: '请先登录',
    session_ended: '登录已过期，请重新登录',
    archive_no_taken: '档案编号已被使用',
    id_number_taken: '该身份证号已属于另一个在档家庭的成员',
    username_taken: '用户名已被使用',
    own_account: '不能停用或降级自己的账户',
    batch_running: '已有帮扶批次正在运行，请等它结束',
    not_hired: '稳定就业回访和离职须在录用之后记录',
    goal_not_met: '零就业家庭尚无成员就业，不能以“达到帮扶目标”退出',
    already_exited: '该家庭已退出帮扶',
    data_key_missing: '服务器未配置数据密钥，无法访问家庭档案',
    ambiguous_region: '地区名称对应多个地区，请写完整名称或6位代码',
    unknown_region: '未找到该地区',
    bad_parameter: '查询参数有误',
    bad_query: '搜索表达式无法解析',
    index_busy: '索引正在更新，请重试',
    payload_too_large: '提交的内容过大',
    malformed_json: '提交的数据格式有误',
    unsupported_media_type: '提交的数据格式有误',
    insufficient_storage: '服务器磁盘空间不足，暂时无法保存',
    too_many_connections: '服务器繁忙，请稍后再试',
    internal: '服务器内部错误，请稍后再试',
    storage_error: '服务器存储错误，请稍后再试',
    network: '无法连接服务器，请检查网络',
  };

  const FIELD_RULES = [
    [/not a valid 18-character ID number/, () => '身份证号无效（长度、出生日期或校验位不正确）'],
    [/does not agree with the ID number/, () => '与身份证号不一致'],
    [/fits several regions/, () => '地区名称对应多个地区，请写完整名称（如 北京市朝阳区）或6位代码'],
    [/(no known region|not a known region|unknown region|names no)/i, () => '未找到该地区，请写完整名称或6位代码'],
    [/lies outside/, () => '不在您负责的地区范围内'],
    [/(must not be empty|is required)/, () => '必填'],
    [/already on file|is taken|already (has|belongs)|belongs to/, () => '已被使用'],
    [/longer than (\d+)/, (m) => `不能超过${m[1]}个字符`],
    [/at most (\d+)/, (m) => `最多${m[1]}项`],
    [/(line break|control character)/, () => '不能包含换行或控制字符'],
    [/in the future/, () => '不能晚于今天'],
    [/must be one of/, () => '取值无效'],
    [/(between|from) (\d+) (and|to) (\d+)/, (m) => `须在${m[2]}到${m[4]}之间`],
    [/must be (an integer|a number|a whole number)/, () => '须为数字'],
    [/not a member of this household/, () => '不是本家庭的成员'],
    [/new members carry no id/, () => '新成员不能带编号'],
    [/is wrong/, () => '不正确'],
  ];

  function zhFieldMessage(message) {
    for (const [re, fn] of FIELD_RULES) {
      const m = re.exec(message || '');
      if (m) return fn(m);
    }
    return message || '填写有误';
  }

  function fieldLabel(path) {
    const parts = String(path).split('.');
    const last = parts[parts.length - 1].replace(/\[\d+\]$/, '');
    const member = /^members\[(\d+)\]/.exec(path);
    const label = FIELD_LABEL[last] || last;
    return member ? `成员${Number(member[1]) + 1}的${label}` : label;
  }

  function formatSeconds(s) {
    const n = Number(s);
    if (!Number.isFinite(n) || n <= 0) return '';
    if (n < 60) return `${Math.ceil(n)}秒`;
    const min = Math.floor(n / 60), sec = Math.ceil(n % 60);
    return sec ? `${min}分${sec}秒` : `${min}分钟`;
  }

  function errorText(err) {
    if (!(err instanceof ApiError)) return `出错了：${err && err.message ? err.message : err}`;
    let text = CODE_MESSAGE[err.code] || err.message || `请求失败（${err.status}）`;
    if (err.code === 'too_many_attempts' && err.retryAfter) {
      text += `（请在${formatSeconds(err.retryAfter)}后再试）`;
    }
    if (err.candidates && err.candidates.length) text += `：${err.candidates.join('、')}`;
    if (err.code === 'weak_password' && err.message) text += `（${err.message}）`;
    return text;
  }

  // ---------------------------------------------------------------- formats

  const num = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
  const pct = (x) => `${Math.round(Number(x) * 100)}%`;
  function dateTime(ts) {
    if (!ts) return '—';
    const d = new Date(ts);
    if (Number.isNaN(d.getTime())) return ts;
    const p = (x) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }
  function wage(o) {
    if (o.wage_min && o.wage_max) return `月薪 ${num(o.wage_min)}–${num(o.wage_max)} 元`;
    if (o.wage_min) return `月薪 ${num(o.wage_min)} 元起`;
    if (o.wage_max) return `月薪最高 ${num(o.wage_max)} 元`;
    return '月薪面议';
  }
  const today = () => new Date().toISOString().slice(0, 10);

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, body, retryAfter) {
      const e = (body && body.error) || {};
      super(e.message || (status ? `HTTP ${status}` : 'network error'));
      this.status = status;
      this.code = e.code || (status ? `http_${status}` : 'network');
      this.field = e.field || '';
      this.errors = Array.isArray(e.errors) ? e.errors : [];
      this.candidates = Array.isArray(e.candidates) ? e.candidates : [];
      this.retryAfter = retryAfter;
    }
  }

  // Same origin, with the session cookie; every write carries the CSRF token.
  // A 401 sends the visitor to /login (unless the caller handles it).
  async function api(path, opts) {
    const { method = 'GET', body, quiet401 = false, text: asText = false } = opts || {};
    const headers = { Accept: asText ? 'text/plain' : 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body instanceof FormData) {
      init.body = body;  // the browser writes the multipart boundary
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (method !== 'GET' && S.csrf) headers['X-CSRF-Token'] = S.csrf;
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, null, null);
    }
    const text = await res.text();
    if (res.ok && asText) return text;
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = null; }
    }
    if (res.ok) return data;
    const err = new ApiError(res.status, data, res.headers.get('Retry-After'));
    // A token out of date (the session was renewed elsewhere): fetch it again, once.
    if (err.code === 'csrf' && !(opts && opts.retried)) {
      try {
        await loadSession();
        return await api(path, { ...opts, retried: true });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401 && !quiet401) { e.redirected = true; toLogin(); }
        throw e;
      }
    }
    if (res.status === 401 && !quiet401) {
      err.redirected = true;
      toLogin();
    }
    throw err;
  }

  function qs(params) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
    }
    const s = u.toString();
    return s ? `?${s}` : '';
  }

  function occupationNames() {
    if (!S.occupations) {
      S.occupations = api('/v1/openings?per_page=1&facets=occupation')
        .then((d) => new Map(((d.facets && d.facets.occupation) || []).map((f) => [f.value, f.name])))
        .catch(() => { S.occupations = null; return new Map(); });
    }
    return S.occupations;
  }

  // A region code's full name (江苏省苏州市虎丘区), looked up among its
  // parent's children; null when it cannot be found.
  const regionNames = new Map();
  function regionName(code) {
    if (!/^\d{6}$/.test(code || '')) return Promise.resolve(null);
    if (!regionNames.has(code)) {
      const parents = [];
      if (!code.endsWith('00')) parents.push(`${code.slice(0, 4)}00`);
      if (!code.endsWith('0000')) parents.push(`${code.slice(0, 2)}0000`);
      regionNames.set(code, (async () => {
        for (const parent of parents) {
          try {
            const d = await api(`/v1/regions${qs({ parent })}`, { quiet401: true });
            const hit = (d.items || []).find((r) => r.code === code);
            if (hit) return hit.full_name || hit.name;
          } catch (e) { /* try the next parent */ }
        }
        regionNames.delete(code);
        return null;
      })());
    }
    return regionNames.get(code);
  }

  // The code now, its name with the code once known.
  function regionText(code, fallback) {
    const el = h('span', { class: 'region-name' }, code || fallback || '—');
    if (code) regionName(code).then((name) => { if (name) el.textContent = `${name}（${code}）`; });
    return el;
  }

  // ---------------------------------------------------------------- field errors

  // Binds the API's field paths (members[0].id_number) to the inputs that
  // show them, and shows a 4xx answer beside the fields it names.
  class FieldErrors {
    constructor(general) {
      this.general = general;
      this.fields = new Map();
    }
    bind(path, input, feedback) { this.fields.set(path, { input, feedback }); }
    unbindPrefix(prefix) {
      for (const k of [...this.fields.keys()]) if (k === prefix || k.startsWith(`${prefix}.`) || k.startsWith(`${prefix}[`)) this.fields.delete(k);
    }
    clear() {
      clear(this.general);
      for (const { input, feedback } of this.fields.values()) {
        input.classList.remove('is-invalid');
        input.removeAttribute('aria-invalid');
        clear(feedback);
      }
    }
    find(path) {
      let p = path;
      while (p) {
        if (this.fields.has(p)) return this.fields.get(p);
        const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        if (cut <= 0) break;
        p = p.slice(0, cut);
      }
      return null;
    }
    show(err) {
      this.clear();
      if (!(err instanceof ApiError)) {
        add(this.general, alertBox(errorText(err)));
        return;
      }
      if (err.redirected) return;
      const problems = err.errors.length ? err.errors : (err.field ? [{ field: err.field, message: err.message }] : []);
      const loose = [];
      let first = null;
      for (const pr of problems) {
        const target = this.find(pr.field || '');
        const zh = err.code === 'validation_failed' ? zhFieldMessage(pr.message)
          : (CODE_MESSAGE[err.code] || zhFieldMessage(pr.message));
        if (target) {
          target.input.classList.add('is-invalid');
          target.input.setAttribute('aria-invalid', 'true');
          target.feedback.append(h('div', null, zh));
          if (!first) first = target.input;
        } else {
          loose.push(`${pr.field ? `${fieldLabel(pr.field)}：` : ''}${zh}`);
        }
      }
      const head = errorText(err);
      add(this.general, alertBox(head, 'danger', loose.filter((l) => l !== head)));
      if (first) first.focus();
    }
  }

  // A labelled control: {wrap, input}. The feedback element is bound to path.
  function control(errors, path, label, opts) {
    const o = opts || {};
    const id = uid('f');
    let input;
    if (o.type === 'select') {
      input = h('select', { class: 'form-select', id, name: o.name || path },
        Object.entries(o.options).map(([v, t]) => h('option', { value: v }, t)));
      if (o.value !== undefined && o.value !== null) input.value = o.value;
    } else if (o.type === 'textarea') {
      input = h('textarea', { class: 'form-control', id, name: o.name || path, rows: o.rows || 3, value: o.value || '' });
    } else if (o.type === 'checkbox') {
      input = h('input', { class: 'form-check-input', type: 'checkbox', id, name: o.name || path, checked: !!o.value });
    } else {
      input = h('input', {
        class: 'form-control', id, name: o.name || path, type: o.type || 'text', value: o.value ?? '',
        autocomplete: o.autocomplete || 'off', inputmode: o.inputmode, placeholder: o.placeholder,
        maxlength: o.maxlength, min: o.min, max: o.max, step: o.step,
      });
    }
    if (o.required) input.required = true;
    const feedback = h('div', { class: 'invalid-feedback d-block', id: `${id}-err` });
    const help = o.help ? h('div', { class: 'form-text', id: `${id}-help` }, o.help) : null;
    input.setAttribute('aria-describedby', [help ? `${id}-help` : null, `${id}-err`].filter(Boolean).join(' '));
    let wrap;
    if (o.type === 'checkbox') {
      wrap = h('div', { class: `form-check ${o.wrapClass || 'mb-3'}` }, input,
        h('label', { class: 'form-check-label', for: id }, label), help, feedback);
    } else {
      wrap = h('div', { class: o.wrapClass || 'mb-3' },
        h('label', { class: 'form-label', for: id }, label, o.required ? h('span', { class: 'text-danger', 'aria-hidden': 'true' }, ' *') : null),
        input, help, feedback);
    }
    if (errors && path) errors.bind(path, input, feedback);
    return { wrap, input };
  }

  const splitList = (s) => String(s || '').split(/[,，、;；\n]+/).map((x) => x.trim()).filter(Boolean);

  // ---------------------------------------------------------------- router

  const ROUTES = [
    { re: /^\/login\/?$/, view: viewLogin, bare: true, title: '登录' },
    { re: /^\/$/, view: viewDashboard, nav: '/', title: '工作台' },
    { re: /^\/households\/?$/, view: viewHouseholds, nav: '/households', title: '困难职工家庭' },
    { re: /^\/households\/new\/?$/, view: viewHouseholdNew, nav: '/households', title: '新建家庭档案' },
    { re: /^\/households\/import\/?$/, view: viewImport, nav: '/households', title: '从表格导入家庭' },
    { re: /^\/households\/(\d+)\/?$/, view: viewHousehold, nav: '/households', title: '家庭档案' },
    { re: /^\/households\/(\d+)\/print\/?$/, view: viewPrint, nav: '/households', title: '一户一策帮扶计划表', print: true },
    { re: /^\/openings\/?$/, view: viewOpenings, nav: '/openings', title: '岗位搜索' },
    { re: /^\/batches\/?$/, view: viewBatches, nav: '/batches', title: '帮扶批次' },
    { re: /^\/admin\/?$/, view: viewAdmin, nav: '/admin', title: '管理', admin: true },
  ];

  const NAV = [
    ['/', '工作台'], ['/households', '困难职工家庭'], ['/openings', '岗位搜索'], ['/batches', '帮扶批次'],
  ];

  function currentPath() { return location.pathname + location.search; }

  function safeNext(next) {
    if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') ||
        next.startsWith('/\\') || next.startsWith('/v1') || next.startsWith('/login')) return '/';
    return next;
  }

  function toLogin() {
    S.user = null;
    S.csrf = null;
    const here = currentPath();
    const next = location.pathname.startsWith('/login') ? '' : here;
    navigate(`/login${next && next !== '/' ? qs({ next }) : ''}`, { replace: true });
  }

  function navigate(url, opts) {
    if (opts && opts.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    render({ focus: true });
  }

  function stopView() {
    for (const t of S.timers) clearTimeout(t);
    S.timers.clear();
    for (const c of S.charts) { try { c.destroy(); } catch (e) { /* gone */ } }
    S.charts = [];
  }

  function later(fn, ms) {
    const t = setTimeout(() => { S.timers.delete(t); fn(); }, ms);
    S.timers.add(t);
    return t;
  }

  async function loadSession() {
    const s = await api('/v1/session', { quiet401: true });
    S.user = s.user;
    S.csrf = s.csrf_token;
    return s;
  }

  async function render(opts) {
    shownAt = currentPath();
    stopView();
    const seq = ++S.seq;
    const path = location.pathname;
    let route = null;
    let match = null;
    for (const r of ROUTES) {
      match = r.re.exec(path);
      if (match) { route = r; break; }
    }
    if (route && !route.bare && !S.user) {
      clear(APP).append(spinner('正在检查登录状态…'));
      try {
        await loadSession();
      } catch (err) {
        if (seq !== S.seq) return;
        if (err.status === 401) {
          navigate(`/login${path !== '/' || location.search ? qs({ next: currentPath() }) : ''}`, { replace: true });
        } else {
          clear(APP).append(h('main', { class: 'container py-5', id: 'main' }, alertBox(errorText(err)),
            h('button', { type: 'button', class: 'btn btn-primary', onclick: () => render() }, '重试')));
        }
        return;
      }
      if (seq !== S.seq) return;
    }
    document.body.classList.toggle('print-view', !!(route && route.print));
    if (!route) {
      shell(null, (main) => {
        add(main, h('h1', { tabindex: '-1' }, '页面不存在'),
          h('p', null, h('a', { href: '/', 'data-nav': '' }, '返回工作台')));
      });
      document.title = '页面不存在 - 就业帮扶工作台';
      return;
    }
    document.title = `${route.title} - 就业帮扶工作台`;
    if (route.bare) {
      clear(APP);
      await route.view(APP, match, seq);
    } else {
      const main = shell(route);
      if (route.admin && S.user.role !== 'admin') {
        add(main, h('h1', { tabindex: '-1' }, '无权访问'), alertBox('只有管理员可以打开管理页面。', 'warning'));
      } else {
        const flash = S.flash;
        S.flash = null;
        if (flash) main.append(alertBox(flash.text, flash.kind || 'success', flash.details));
        try {
          await route.view(main, match, seq);
        } catch (err) {
          if (!err || !err.redirected) main.append(alertBox(errorText(err)));
        }
      }
      if (opts && opts.focus && seq === S.seq) {
        const h1 = main.querySelector('h1');
        if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: false }); }
      }
    }
  }

  function shell(route) {
    clear(APP);
    const u = S.user;
    const links = NAV.slice();
    if (u && u.role === 'admin') links.push(['/admin', '管理']);
    const logout = h('button', { type: 'button', class: 'btn btn-outline-light btn-sm', onclick: signOut }, '退出登录');
    const header = h('header', { class: 'app-header no-print' },
      h('div', { class: 'container-xl header-inner' },
        h('span', { class: 'brand' }, '就业帮扶工作台'),
        h('nav', { class: 'main-nav', 'aria-label': '主导航' },
          h('ul', null, links.map(([href, text]) => h('li', null,
            h('a', { href, 'data-nav': '', 'aria-current': route && route.nav === href ? 'page' : null }, text))))),
        u ? h('div', { class: 'user-box' },
          h('span', { class: 'user-name' }, u.display_name || u.username),
          h('span', { class: 'user-region' }, u.region_name || '全国'),
          logout) : null));
    const main = h('main', { class: 'container-xl app-main', id: 'main', tabindex: '-1' });
    const skip = h('a', { class: 'skip-link no-print', href: '#main' }, '跳到主要内容');
    skip.addEventListener('click', (e) => { e.preventDefault(); main.focus(); });
    add(APP, skip, header, main);
    return main;
  }

  async function signOut() {
    try { await api('/v1/session', { method: 'DELETE', quiet401: true }); } catch (e) { /* already ended */ }
    S.user = null;
    S.csrf = null;
    navigate('/login', { replace: false });
  }

  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[data-nav]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/')) return;
    e.preventDefault();
    navigate(href);
  });
  let shownAt = '';
  // A view that redraws itself for a new query (filters, pages) records it.
  function pushQuery(url) {
    history.pushState(null, '', url);
    shownAt = currentPath();
  }
  window.addEventListener('popstate', () => {
    if (currentPath() === shownAt) return; // only the #fragment changed
    render({ focus: true });
  });

  function link(href, text, cls) { return h('a', { href, 'data-nav': '', class: cls }, text); }

  function pageHeader(title, ...actions) {
    return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title),
      actions.length ? h('div', { class: 'page-actions' }, actions) : null);
  }

  function pager(total, page, perPage, go, label) {
    const pages = Math.max(1, Math.ceil(total / perPage));
    if (pages <= 1) return null;
    return h('nav', { class: 'pager', 'aria-label': label || '分页' },
      h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', disabled: page <= 1, onclick: () => go(page - 1) }, '上一页'),
      h('span', { class: 'pager-info' }, `第 ${page} / ${pages} 页`),
      h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', disabled: page >= pages, onclick: () => go(page + 1) }, '下一页'));
  }

  // Tabs (WAI-ARIA): role=tablist/tab/tabpanel, arrow keys, Home and End.
  function tabs(label, items, opts) {
    const o = opts || {};
    const list = h('div', { class: `nav nav-tabs ${o.cls || ''}`, role: 'tablist', 'aria-label': label });
    const panels = h('div', { class: 'tab-panels' });
    const tabEls = [];
    const panelEls = [];
    const loaded = new Set();
    const select = (i, focus) => {
      tabEls.forEach((t, j) => {
        const on = i === j;
        t.setAttribute('aria-selected', on ? 'true' : 'false');
        t.tabIndex = on ? 0 : -1;
        t.classList.toggle('active', on);
        panelEls[j].hidden = !on;
      });
      if (focus) tabEls[i].focus();
      if (!loaded.has(i)) {
        loaded.add(i);
        items[i].load(panelEls[i]);
      }
    };
    items.forEach((it, i) => {
      const tid = uid('tab');
      const pid = uid('panel');
      const t = h('button', { type: 'button', class: 'nav-link', role: 'tab', id: tid, 'aria-controls': pid, 'aria-selected': 'false', tabindex: '-1', 'data-kind': it.key }, it.label);
      t.addEventListener('click', () => select(i, false));
      t.addEventListener('keydown', (e) => {
        let j = null;
        if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % items.length;
        else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + items.length) % items.length;
        else if (e.key === 'Home') j = 0;
        else if (e.key === 'End') j = items.length - 1;
        if (j !== null) { e.preventDefault(); select(j, true); }
      });
      const p = h('div', { class: 'tab-pane-box', role: 'tabpanel', id: pid, 'aria-labelledby': tid, tabindex: '0', hidden: true });
      tabEls.push(t);
      panelEls.push(p);
      list.append(t);
      panels.append(p);
    });
    select(o.initial || 0, false);
    return h('div', { class: 'tabs-box' }, list, panels);
  }

  // ---------------------------------------------------------------- /login

  async function viewLogin(root, match, seq) {
    const params = new URLSearchParams(location.search);
    const next = safeNext(params.get('next') || '/');
    if (!S.user) {
      try { await loadSession(); } catch (e) { /* not signed in */ }
      if (seq !== S.seq) return;
    }
    if (S.user) { navigate(next, { replace: true }); return; }
    const general = h('div', { class: 'form-general', 'aria-live': 'polite' });
    const errors = new FieldErrors(general);
    const user = control(errors, 'username', '用户名', { autocomplete: 'username', required: true });
    const pass = control(errors, 'password', '密码', { type: 'password', autocomplete: 'current-password', required: true });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary w-100' }, '登录');
    const form = h('form', { class: 'login-form', novalidate: true },
      general, user.wrap, pass.wrap, submit);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.clear();
      const username = user.input.value.trim();
      const password = pass.input.value;
      const missing = [];
      if (!username) missing.push({ field: 'username', message: 'username is required' });
      if (!password) missing.push({ field: 'password', message: 'password is required' });
      if (missing.length) {
        errors.show(new ApiError(422, { error: { code: 'validation_failed', message: '', field: missing[0].field, errors: missing } }));
        return;
      }
      submit.disabled = true;
      submit.textContent = '正在登录…';
      try {
        const s = await api('/v1/session', { method: 'POST', body: { username, password }, quiet401: true });
        S.user = s.user;
        S.csrf = s.csrf_token;
        navigate(next, { replace: true });
      } catch (err) {
        if (err.code === 'invalid_credentials' || err.code === 'too_many_attempts') {
          clear(general).append(alertBox(errorText(err)));
          pass.input.value = '';
          pass.input.classList.add('is-invalid');
          pass.input.setAttribute('aria-invalid', 'true');
          pass.input.focus();
        } else {
          errors.show(err);
        }
      } finally {
        submit.disabled = false;
        submit.textContent = '登录';
      }
    });
    const reason = params.get('next') ? h('p', { class: 'text-muted small' }, '请先登录，登录后回到您刚才打开的页面。') : null;
    add(root, h('main', { class: 'login-page', id: 'main' },
      h('div', { class: 'login-card card shadow-sm' },
        h('div', { class: 'card-body' },
          h('h1', { class: 'h4 mb-1', tabindex: '-1' }, '就业帮扶工作台'),
          h('p', { class: 'text-muted mb-3' }, '困难职工家庭就业帮扶 · 帮扶干部登录'),
          reason, form))));
    user.input.focus();
  }

  // ---------------------------------------------------------------- / 工作台

  const STAT_CARDS = [
    ['households', '困难职工家庭', '最近一次帮扶批次纳入计划的家庭'],
    ['zero_employment_households', '零就业家庭', '批次运行时无人就业的家庭'],
    ['zero_employment_resolved', '已解决零就业', '其中现已有成员就业的家庭'],
    ['members_placed', '已就业人数', '经推荐被录用的成员'],
    ['members_retained_6m', '稳定就业6个月', '录用后稳定就业满6个月的成员'],
    ['needs_attention', '需关注', '零就业但未能推荐岗位的家庭'],
  ];

  async function viewDashboard(main, match, seq) {
    const u = S.user;
    const scope = u.role === 'admin' ? '全国' : (u.region_name || '全国');
    add(main, pageHeader('工作台'), h('p', { class: 'text-muted' }, `${scope}的帮扶情况`));
    const statsBox = h('section', { 'aria-labelledby': 'stats-h' }, h('h2', { id: 'stats-h', class: 'visually-hidden' }, '主要指标'), spinner());
    const chartBox = h('section', { class: 'card', 'aria-labelledby': 'chart-h' },
      h('div', { class: 'card-body' }, h('h2', { class: 'h5', id: 'chart-h' }, '各地区情况'), spinner('正在统计各地区…')));
    const followBox = h('section', { class: 'card h-100', 'aria-labelledby': 'follow-h' },
      h('div', { class: 'card-body' }, h('h2', { class: 'h5', id: 'follow-h' }, '待跟进'), spinner()));
    const attentionBox = h('section', { class: 'card h-100', 'aria-labelledby': 'att-h' },
      h('div', { class: 'card-body' }, h('h2', { class: 'h5', id: 'att-h' }, '需关注的家庭'), spinner()));
    add(main, statsBox, h('div', { class: 'row g-4' },
      h('div', { class: 'col-12' }, chartBox),
      h('div', { class: 'col-lg-7' }, followBox),
      h('div', { class: 'col-lg-5' }, attentionBox)));

    const alive = () => seq === S.seq;
    const statsP = api('/v1/stats').then((st) => {
      if (!alive()) return;
      const grid = h('div', { class: 'stat-grid' }, STAT_CARDS.map(([key, label, hint]) =>
        h('div', { class: `stat-card card stat-${key}`, 'data-stat': key },
          h('div', { class: 'card-body' },
            h('div', { class: 'stat-label', id: `stat-${key}` }, label),
            h('div', { class: 'stat-value', 'aria-labelledby': `stat-${key}` }, num(st[key])),
            h('div', { class: 'stat-hint' }, hint)))));
      const note = st.batch_id ? `指标按第 ${st.batch_id} 次帮扶批次的计划统计；就业人数按所有批次的推荐结果统计。`
        : '尚未完成帮扶批次：家庭指标在第一次批次完成后出现。';
      clear(statsBox).append(h('h2', { id: 'stats-h', class: 'visually-hidden' }, '主要指标'), grid,
        h('p', { class: 'small text-muted mt-2' }, note, st.batch_id ? null : [' ', link('/batches', '去开始批次')]));
    }).catch((err) => { if (alive() && !err.redirected) clear(statsBox).append(alertBox(errorText(err))); });

    const chartP = drawRegionChart(chartBox.firstChild, alive);

    const followP = api('/v1/follow-ups').then((d) => {
      if (!alive()) return;
      const body = followBox.firstChild;
      clear(body).append(h('h2', { class: 'h5', id: 'follow-h' }, '待跟进'));
      const items = (d && d.items) || [];
      if (!items.length) { body.append(h('p', { class: 'text-muted mb-0' }, '目前没有待跟进的成员。')); return; }
      body.append(h('table', { class: 'table table-sm stack-table follow-table mb-0' },
        h('thead', null, h('tr', null, ['家庭', '成员', '推荐', '事项', '日期'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, items.map((f) => h('tr', { class: f.due ? 'table-warning' : null },
          h('td', { 'data-label': '家庭', class: 'nowrap' }, link(`/households/${f.household_id}`, f.archive_no)),
          h('td', { 'data-label': '成员', class: 'nowrap' }, f.member_name),
          h('td', { 'data-label': '推荐' }, `${ITEM_KIND[f.kind] || ''}：${f.title}`),
          h('td', { 'data-label': '事项', class: 'nowrap' }, FOLLOW_UP_SHORT[f.follow_up] || f.follow_up),
          h('td', { 'data-label': '日期', class: 'nowrap' }, f.due_on, ' ', f.due ? badge('已到期', 'danger') : badge('未到期', 'light')))))));
    }).catch((err) => {
      if (!alive() || err.redirected) return;
      const body = followBox.firstChild;
      clear(body).append(h('h2', { class: 'h5', id: 'follow-h' }, '待跟进'), alertBox(errorText(err), 'warning'));
    });

    const attP = api(`/v1/households${qs({ needs_attention: 'true', per_page: 20 })}`).then((d) => {
      if (!alive()) return;
      const body = attentionBox.firstChild;
      clear(body).append(h('h2', { class: 'h5', id: 'att-h' }, '需关注的家庭'));
      if (!d.items.length) { body.append(h('p', { class: 'text-muted mb-0' }, '目前没有需关注的家庭。')); return; }
      body.append(h('ul', { class: 'list-unstyled attention-list mb-0' }, d.items.map((hh) => h('li', null,
        link(`/households/${hh.id}`, hh.archive_no), ' ',
        h('span', { class: 'text-muted' }, hh.members.map((m) => m.name).join('、')), ' ',
        hh.zero_employment ? badge('零就业', 'danger') : null))));
      if (d.total > d.items.length) body.append(h('p', { class: 'small mt-2 mb-0' }, link('/households?needs_attention=true', `查看全部 ${d.total} 户`)));
    }).catch((err) => {
      if (!alive() || err.redirected) return;
      const body = attentionBox.firstChild;
      clear(body).append(h('h2', { class: 'h5', id: 'att-h' }, '需关注的家庭'), alertBox(errorText(err), 'warning'));
    });
    await Promise.all([statsP, chartP, followP, attP]);
  }

  async function drawRegionChart(body, alive) {
    const title = h('h2', { class: 'h5', id: 'chart-h' }, '各地区情况');
    try {
      const regions = await api('/v1/regions');
      const items = ((regions && regions.items) || []).slice(0, 40);
      if (!alive()) return;
      if (!items.length) {
        clear(body).append(title, h('p', { class: 'text-muted mb-0' }, '本地区没有下级地区。'));
        return;
      }
      const rows = new Array(items.length);
      let next = 0;
      const worker = async () => {
        while (next < items.length && alive()) {
          const i = next++;
          try { rows[i] = await api(`/v1/stats${qs({ region: items[i].code })}`); } catch (e) { if (e.redirected) throw e; rows[i] = null; }
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      if (!alive()) return;
      const data = items.map((r, i) => ({ r, s: rows[i] })).filter((x) => x.s && (x.s.households || x.s.members_placed));
      clear(body).append(title);
      if (!data.length) {
        body.append(h('p', { class: 'text-muted mb-0' }, '各地区暂无计划数据：帮扶批次完成后显示。'));
        return;
      }
      const series = [
        ['households', '困难职工家庭', '#0d6efd'], ['zero_employment_households', '零就业家庭', '#dc3545'],
        ['zero_employment_resolved', '已解决零就业', '#198754'], ['needs_attention', '需关注', '#fd7e14'],
      ];
      const canvas = h('canvas', { role: 'img', 'aria-label': `各地区困难职工家庭、零就业家庭、已解决零就业和需关注家庭数量柱状图（${data.length}个地区）` });
      const box = h('div', { class: 'chart-box' }, canvas);
      body.append(box);
      const table = h('table', { class: 'table table-sm stack-table' },
        h('caption', null, '各地区数据'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '地区'), series.map(([, l]) => h('th', { scope: 'col' }, l)))),
        h('tbody', null, data.map(({ r, s }) => h('tr', null, h('th', { scope: 'row', 'data-label': '地区' }, r.name),
          series.map(([k, l]) => h('td', { 'data-label': l }, num(s[k])))))));
      body.append(h('details', { class: 'mt-2' }, h('summary', null, '查看数据表'), table));
      if (typeof window.Chart === 'function') {
        const Chart = window.Chart;
        Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
        S.charts.push(new Chart(canvas, {
          type: 'bar',
          data: {
            labels: data.map(({ r }) => r.name),
            datasets: series.map(([k, l, c]) => ({ label: l, data: data.map(({ s }) => s[k]), backgroundColor: c })),
          },
          options: {
            responsive: true, maintainAspectRatio: false, animation: false,
            scales: { x: { ticks: { autoSkip: false, maxRotation: 60 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
            plugins: { legend: { position: 'bottom' } },
          },
        }));
      } else {
        box.replaceWith(table);
      }
    } catch (err) {
      if (!alive() || err.redirected) return;
      clear(body).append(title, alertBox(`分地区数据暂不可用：${errorText(err)}`, 'warning'));
    }
  }

  // ---------------------------------------------------------------- /households

  async function viewHouseholds(main, match, seq) {
    const p = new URLSearchParams(location.search);
    const state = {
      q: p.get('q') || '', zero_employment: p.get('zero_employment') || '', dibao: p.get('dibao') || '',
      needs_attention: p.get('needs_attention') || '', status: p.get('status') || '', page: Number(p.get('page')) || 1,
    };
    const newBtn = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => navigate('/households/new') }, '新建家庭档案');
    const importBtn = h('button', { type: 'button', class: 'btn btn-outline-primary', onclick: () => navigate('/households/import') }, '从表格导入');
    add(main, pageHeader('困难职工家庭', importBtn, newBtn));

    const search = control(null, null, '搜索家庭', { type: 'search', value: state.q, help: '档案编号、成员姓名、住址、帮扶责任人、致困原因', name: 'q' });
    search.wrap.className = 'search-field';
    const yesNo = { '': '全部', true: '是', false: '否' };
    const fz = control(null, null, '零就业', { type: 'select', options: yesNo, value: state.zero_employment, name: 'zero_employment' });
    const fd = control(null, null, '低保', { type: 'select', options: yesNo, value: state.dibao, name: 'dibao' });
    const fa = control(null, null, '需关注', { type: 'select', options: yesNo, value: state.needs_attention, name: 'needs_attention' });
    const fs = control(null, null, '状态', { type: 'select', options: { '': '全部', active: '在档帮扶', exited: '已退出' }, value: state.status, name: 'status' });
    for (const c of [fz, fd, fa, fs]) c.wrap.className = 'filter-field';
    const form = h('form', { class: 'filter-bar card card-body mb-3', role: 'search', 'aria-label': '筛选家庭' },
      h('div', { class: 'filter-row' }, search.wrap,
        h('div', { class: 'filter-submit' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'))),
      h('div', { class: 'filter-row' }, fz.wrap, fd.wrap, fa.wrap, fs.wrap));
    const results = h('section', { 'aria-label': '家庭列表', 'aria-live': 'polite' });
    add(main, form, results);

    const apply = (page) => {
      state.q = search.input.value.trim();
      state.zero_employment = fz.input.value;
      state.dibao = fd.input.value;
      state.needs_attention = fa.input.value;
      state.status = fs.input.value;
      state.page = page || 1;
      pushQuery(`/households${qs({ ...state, page: state.page > 1 ? state.page : '' })}`);
      load();
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); apply(1); });
    for (const c of [fz, fd, fa, fs]) c.input.addEventListener('change', () => apply(1));

    const load = async () => {
      clear(results).append(spinner());
      try {
        const d = await api(`/v1/households${qs({ ...state, per_page: 20 })}`);
        if (seq !== S.seq) return;
        clear(results);
        results.append(h('p', { class: 'result-count' }, `共 ${num(d.total)} 户`));
        if (!d.items.length) {
          results.append(h('p', { class: 'text-muted' }, '没有符合条件的家庭。'));
          return;
        }
        results.append(h('table', { class: 'table table-hover stack-table household-table' },
          h('thead', null, h('tr', null, ['档案编号', '家庭成员', '住址', '帮扶责任人', '情况'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, d.items.map((hh) => h('tr', null,
            h('td', { 'data-label': '档案编号' }, link(`/households/${hh.id}`, hh.archive_no)),
            h('td', { 'data-label': '家庭成员' }, hh.members.map((m) => m.name).join('、')),
            h('td', { 'data-label': '住址', class: 'wrap-any' }, hh.address || '—'),
            h('td', { 'data-label': '帮扶责任人' }, hh.counsellor),
            h('td', { 'data-label': '情况' },
              hh.zero_employment ? badge('零就业', 'danger') : null,
              hh.dibao ? badge('低保', 'warning') : null,
              hh.status === 'exited' ? badge('已退出', 'secondary') : null,
              !hh.zero_employment && !hh.dibao && hh.status !== 'exited' ? '—' : null))))));
        const pg = pager(d.total, state.page, 20, (pn) => apply(pn), '家庭列表分页');
        if (pg) results.append(pg);
      } catch (err) {
        if (!err.redirected) clear(results).append(alertBox(errorText(err)));
      }
    };
    await load();
  }

  // ---------------------------------------------------------------- /households/import

  async function viewImport(main) {
    add(main, h('nav', { 'aria-label': '位置', class: 'crumbs' }, link('/households', '返回家庭列表')),
      pageHeader('从表格导入家庭'));
    const file = h('input', { type: 'file', id: 'import-file', class: 'form-control', accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', required: '' });
    const dry = h('input', { type: 'checkbox', id: 'import-dry', class: 'form-check-input', checked: '' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '开始导入');
    const form = h('form', { class: 'card card-body mb-3', 'aria-label': '导入表格' },
      h('p', null, '每行一名家庭成员，同户成员的档案编号相同（可合并单元格）。支持 Excel、WPS 保存的 .xlsx 和 CSV（UTF-8 或 GBK）。先下载模板，按模板的表头填写；',
        h('a', { href: '/v1/households/import/template.xlsx', download: '家庭成员导入模板.xlsx' }, '下载导入模板'), '。'),
      h('div', { class: 'mb-3' }, h('label', { for: 'import-file', class: 'form-label' }, '表格文件'), file),
      h('div', { class: 'form-check mb-3' }, dry, h('label', { for: 'import-dry', class: 'form-check-label' }, '只检查，不保存')),
      h('div', null, submit));
    const result = h('section', { 'aria-label': '导入结果', 'aria-live': 'polite' });
    add(main, form, result);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!file.files.length) return;
      const body = new FormData();
      body.append('file', file.files[0]);
      const checkOnly = dry.checked;
      submit.disabled = true;
      clear(result).append(spinner(checkOnly ? '正在检查…' : '正在导入…'));
      try {
        const r = await api(`/v1/households/import${qs({ dry_run: checkOnly ? 'true' : '' })}`, { method: 'POST', body });
        clear(result).append(importResult(r));
      } catch (err) {
        if (!err.redirected) clear(result).append(alertBox(errorText(err)));
      } finally {
        submit.disabled = false;
      }
    });
  }

  function importResult(r) {
    const verb = r.dry_run ? '检查完毕：可新建' : '导入完成：新建';
    const summary = `${verb} ${num(r.imported)} 户，${r.dry_run ? '可' : ''}更新 ${num(r.updated)} 户` +
      (r.failed.length ? `，${num(r.failed.length)} 处问题（所在家庭${r.dry_run ? '不会' : '未'}保存）` : '');
    const out = h('div', null, alertBox(summary, r.failed.length ? 'warning' : 'success'));
    const table = (caption, rows) => h('table', { class: 'table table-sm stack-table' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, ['行', '列', '说明'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map((p) => h('tr', null,
        h('td', { 'data-label': '行' }, String(p.row)),
        h('td', { 'data-label': '列' }, p.column || '—'),
        h('td', { 'data-label': '说明', class: 'wrap-any' }, p.message)))));
    if (r.failed.length) out.append(table('需要修改的地方', r.failed));
    if (r.warnings.length) out.append(table('提示', r.warnings));
    return out;
  }

  // ---------------------------------------------------------------- household form

  function emptyMember() {
    return { name: '', id_number: '', education: 'junior', work_ability: 'full', employment: 'unemployed', reach: 'city', skills: [], desired_occupations: [], special_groups: [], wants_startup: false, business_plan: '', graduated_on: null, retirement_category: 'staff', wants_work_after_retirement: false };
  }

  // The form for filing (POST) or replacing (PUT) a household. `initial` is a
  // household as the API returns it (ID numbers in full) or null.
  function householdForm(initial, occNames, onSave, onCancel) {
    const general = h('div', { class: 'form-general', 'aria-live': 'polite' });
    const errors = new FieldErrors(general);
    const hh = initial || {};
    const u = S.user;
    const base = {
      archive_no: control(errors, 'archive_no', '档案编号', { value: hh.archive_no, required: true, placeholder: '如 SZ-HQ-2026-0001', maxlength: 50 }),
      region: control(errors, 'region', '地区', { value: hh.region || (u.role === 'counsellor' ? u.region_name || '' : ''), required: true, help: '6位区划代码或名称，如 苏州市虎丘区' }),
      address: control(errors, 'address', '住址', { value: hh.address, maxlength: 200 }),
      causes: control(errors, 'causes', '致困原因', { value: (hh.causes || []).join('，'), help: '多个用逗号分隔，如 下岗失业，因病致困' }),
      monthly_income: control(errors, 'monthly_income', '家庭月收入（元）', { type: 'number', value: hh.monthly_income ?? '', min: 0, step: 1, inputmode: 'numeric' }),
      dibao: control(errors, 'dibao', '享受低保', { type: 'checkbox', value: hh.dibao }),
      counsellor: control(errors, 'counsellor', '帮扶责任人', { value: hh.counsellor ?? (u.display_name || ''), required: true, maxlength: 50 }),
      support_unit: control(errors, 'support_unit', '帮扶单位', { value: hh.support_unit, maxlength: 100 }),
    };
    const baseSet = h('fieldset', { class: 'card card-body mb-3' }, h('legend', { class: 'h5' }, '基本信息'),
      h('div', { class: 'row' },
        h('div', { class: 'col-md-6' }, base.archive_no.wrap), h('div', { class: 'col-md-6' }, base.region.wrap),
        h('div', { class: 'col-12' }, base.address.wrap),
        h('div', { class: 'col-md-6' }, base.causes.wrap), h('div', { class: 'col-md-6' }, base.monthly_income.wrap),
        h('div', { class: 'col-md-6' }, base.counsellor.wrap), h('div', { class: 'col-md-6' }, base.support_unit.wrap),
        h('div', { class: 'col-12' }, base.dibao.wrap)));

    const membersBox = h('div', { class: 'members-box' });
    const members = []; // {data, controls, el}

    const renumber = () => {
      errors.unbindPrefix('members');
      members.forEach((m, i) => {
        m.legend.textContent = `成员 ${i + 1}${m.data.id ? '' : '（新）'}`;
        m.bind(i);
        m.remove.hidden = members.length <= 1;
      });
    };

    const addMember = (data) => {
      const m = { data: data || emptyMember() };
      const d = m.data;
      const c = {
        name: control(errors, null, '姓名', { value: d.name, required: true, maxlength: 50 }),
        id_number: control(errors, null, '身份证号', { value: d.id_number, required: true, maxlength: 18, help: '18位，末位可为X', autocomplete: 'off' }),
        education: control(errors, null, '学历', { type: 'select', options: EDUCATION, value: d.education || 'none' }),
        graduated_on: control(errors, null, '毕业日期', { type: 'date', value: d.graduated_on || '', help: '大专及以上，用于高校毕业生岗位' }),
        work_ability: control(errors, null, '劳动能力', { type: 'select', options: WORK_ABILITY, value: d.work_ability }),
        employment: control(errors, null, '就业状况', { type: 'select', options: EMPLOYMENT, value: d.employment }),
        reach: control(errors, null, '就业范围', { type: 'select', options: REACH, value: d.reach || 'city' }),
        desired_occupations: control(errors, null, '求职意向', {
          value: (d.desired_occupations || []).map((o) => occNames.get(o) || o).join('，'), help: '职业名称，多个用逗号分隔，如 焊工，叉车司机',
        }),
        retirement_category: control(errors, null, '岗位类别', { type: 'select', options: RETIREMENT_CATEGORY, value: d.retirement_category || 'staff', help: '决定女职工的法定退休年龄' }),
        wants_work_after_retirement: control(errors, null, '已过法定退休年龄仍愿意工作（只推荐非全日制岗位）', { type: 'checkbox', value: d.wants_work_after_retirement }),
        wants_startup: control(errors, null, '有创业意愿', { type: 'checkbox', value: d.wants_startup }),
        business_plan: control(errors, null, '创业计划', { type: 'textarea', value: d.business_plan, rows: 2 }),
      };
      m.controls = c;
      // special groups: a group of checkboxes
      const sgFeedback = h('div', { class: 'invalid-feedback d-block' });
      const sgBoxes = Object.entries(SPECIAL_GROUPS).map(([v, t]) => {
        const id = uid('sg');
        const input = h('input', { class: 'form-check-input', type: 'checkbox', id, value: v, checked: (d.special_groups || []).includes(v) });
        return { v, input, el: h('div', { class: 'form-check form-check-inline' }, input, h('label', { class: 'form-check-label', for: id }, t)) };
      });
      const sgSet = h('fieldset', { class: 'mb-3' }, h('legend', { class: 'form-label fs-6' }, '就业困难类别'), sgBoxes.map((b) => b.el), sgFeedback);
      // skills: rows of name, level, certified
      const skillsList = h('div', { class: 'skills-list' });
      const skillsFeedback = h('div', { class: 'invalid-feedback d-block' });
      const skillRows = [];
      const addSkill = (s) => {
        const r = {};
        const nameId = uid('sk');
        const levelId = uid('lv');
        const certId = uid('ct');
        r.name = h('input', { class: 'form-control form-control-sm', id: nameId, value: s ? (s.name || s.skill) : '', autocomplete: 'off' });
        r.level = h('select', { class: 'form-select form-select-sm', id: levelId },
          Object.entries(SKILL_LEVEL).map(([v, t]) => h('option', { value: v }, `${v}级 ${t}`)));
        r.level.value = String((s && s.level) || 1);
        r.cert = h('input', { class: 'form-check-input', type: 'checkbox', id: certId, checked: !!(s && s.certified) });
        r.nameFb = h('div', { class: 'invalid-feedback d-block' });
        r.levelFb = h('div', { class: 'invalid-feedback d-block' });
        r.el = h('div', { class: 'skill-row' },
          h('div', { class: 'skill-name' }, h('label', { class: 'form-label small mb-0', for: nameId }, '技能名称'), r.name, r.nameFb),
          h('div', { class: 'skill-level' }, h('label', { class: 'form-label small mb-0', for: levelId }, '等级'), r.level, r.levelFb),
          h('div', { class: 'form-check skill-cert' }, r.cert, h('label', { class: 'form-check-label small', for: certId }, '持证')),
          h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-danger skill-del',
            onclick: () => { skillRows.splice(skillRows.indexOf(r), 1); r.el.remove(); renumber(); },
          }, '删除技能'));
        skillRows.push(r);
        skillsList.append(r.el);
      };
      (d.skills || []).forEach(addSkill);
      const addSkillBtn = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => { addSkill(null); renumber(); skillRows[skillRows.length - 1].name.focus(); } }, '添加技能');
      const skillsSet = h('fieldset', { class: 'mb-3' }, h('legend', { class: 'form-label fs-6' }, '技能'), skillsList, skillsFeedback, addSkillBtn);

      m.legend = h('legend', { class: 'h6' });
      m.remove = h('button', {
        type: 'button', class: 'btn btn-sm btn-outline-danger',
        onclick: () => { members.splice(members.indexOf(m), 1); m.el.remove(); renumber(); },
      }, '删除此成员');
      m.el = h('fieldset', { class: 'member-set card card-body mb-3' },
        h('div', { class: 'd-flex justify-content-between align-items-start gap-2' }, m.legend, m.remove),
        h('div', { class: 'row' },
          h('div', { class: 'col-md-6' }, c.name.wrap), h('div', { class: 'col-md-6' }, c.id_number.wrap),
          h('div', { class: 'col-md-4' }, c.education.wrap), h('div', { class: 'col-md-4' }, c.work_ability.wrap),
          h('div', { class: 'col-md-4' }, c.employment.wrap),
          h('div', { class: 'col-md-4' }, c.reach.wrap), h('div', { class: 'col-md-4' }, c.graduated_on.wrap),
          h('div', { class: 'col-md-4' }, c.desired_occupations.wrap),
          h('div', { class: 'col-md-4' }, c.retirement_category.wrap),
          h('div', { class: 'col-md-8 align-self-end' }, c.wants_work_after_retirement.wrap),
          h('div', { class: 'col-12' }, skillsSet),
          h('div', { class: 'col-12' }, sgSet),
          h('div', { class: 'col-12' }, c.wants_startup.wrap),
          h('div', { class: 'col-12' }, c.business_plan.wrap)));
      m.bind = (i) => {
        const p = `members[${i}]`;
        for (const [k, ctl] of Object.entries(c)) {
          errors.bind(`${p}.${k}`, ctl.input, ctl.input.parentElement.querySelector('.invalid-feedback'));
        }
        errors.bind(`${p}.special_groups`, sgBoxes[0].input, sgFeedback);
        errors.bind(`${p}.skills`, addSkillBtn, skillsFeedback);
        skillRows.forEach((r, j) => {
          errors.bind(`${p}.skills[${j}].skill`, r.name, r.nameFb);
          errors.bind(`${p}.skills[${j}]`, r.name, r.nameFb);
          errors.bind(`${p}.skills[${j}].level`, r.level, r.levelFb);
        });
        errors.bind(p, c.name.input, c.name.input.parentElement.querySelector('.invalid-feedback'));
      };
      m.value = () => {
        const out = {
          ...(d.id ? { id: d.id } : {}),
          name: c.name.input.value.trim(),
          id_number: c.id_number.input.value.trim(),
          education: c.education.input.value,
          graduated_on: c.graduated_on.input.value || null,
          work_ability: c.work_ability.input.value,
          employment: c.employment.input.value,
          reach: c.reach.input.value,
          skills: skillRows.filter((r) => r.name.value.trim()).map((r) => ({ skill: r.name.value.trim(), level: Number(r.level.value), certified: r.cert.checked })),
          desired_occupations: splitList(c.desired_occupations.input.value),
          special_groups: sgBoxes.filter((b) => b.input.checked).map((b) => b.v),
          wants_startup: c.wants_startup.input.checked,
          business_plan: c.business_plan.input.value,
          retirement_category: c.retirement_category.input.value,
          wants_work_after_retirement: c.wants_work_after_retirement.input.checked,
        };
        if (d.location) out.location = d.location;
        if (d.max_commute_km !== undefined && d.max_commute_km !== null) out.max_commute_km = d.max_commute_km;
        return out;
      };
      members.push(m);
      membersBox.append(m.el);
      renumber();
      return m;
    };
    (hh.members && hh.members.length ? hh.members : [null]).forEach((md) => addMember(md ? { ...md } : null));

    const addBtn = h('button', {
      type: 'button', class: 'btn btn-outline-primary mb-3',
      onclick: () => { const m = addMember(null); m.controls.name.input.focus(); },
    }, '添加成员');
    const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存');
    const cancel = h('button', { type: 'button', class: 'btn btn-outline-secondary', onclick: onCancel }, '取消');
    const form = h('form', { class: 'household-form', novalidate: true },
      general, baseSet,
      h('section', { 'aria-label': '家庭成员' }, h('h2', { class: 'h5' }, '家庭成员'), membersBox, addBtn),
      h('div', { class: 'form-actions' }, save, cancel));

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.clear();
      const income = base.monthly_income.input.value.trim();
      const body = {
        archive_no: base.archive_no.input.value.trim(),
        region: base.region.input.value.trim(),
        address: base.address.input.value.trim(),
        causes: splitList(base.causes.input.value),
        dibao: base.dibao.input.checked,
        monthly_income: income === '' ? 0 : Number(income),
        counsellor: base.counsellor.input.value.trim(),
        support_unit: base.support_unit.input.value.trim(),
        members: members.map((m) => m.value()),
      };
      save.disabled = true;
      save.textContent = '正在保存…';
      try {
        await onSave(body);
      } catch (err) {
        errors.show(err);
      } finally {
        save.disabled = false;
        save.textContent = '保存';
      }
    });
    return form;
  }

  async function viewHouseholdNew(main) {
    add(main, h('nav', { 'aria-label': '位置', class: 'crumbs' }, link('/households', '返回家庭列表')),
      pageHeader('新建家庭档案'));
    const occ = await occupationNames();
    main.append(householdForm(null, occ, async (body) => {
      const saved = await api('/v1/households', { method: 'POST', body });
      S.flash = { text: `已保存家庭档案 ${saved.archive_no}`, kind: 'success', details: (saved.warnings || []).map((w) => `提示：${w}`) };
      navigate(`/households/${saved.id}`, { replace: true });
    }, () => navigate('/households')));
  }

  // ---------------------------------------------------------------- /households/{id}

  function dl(rows, cls) {
    return h('dl', { class: `kv ${cls || ''}` }, rows.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v === '' || v === null || v === undefined ? '—' : v)]));
  }

  async function viewHousehold(main, match, seq) {
    const id = match[1];
    const box = h('div');
    add(main, h('nav', { 'aria-label': '位置', class: 'crumbs' }, link('/households', '返回家庭列表')), box);
    box.append(spinner());
    let household;
    try {
      household = await api(`/v1/households/${id}`);
    } catch (err) {
      if (err.redirected) return;
      clear(box).append(pageHeader('家庭档案'), alertBox(err.status === 404 ? '未找到该家庭（不存在或不在您负责的地区）。' : errorText(err)));
      return;
    }
    if (seq !== S.seq) return;
    const occ = await occupationNames();
    if (seq !== S.seq) return;
    document.title = `家庭档案 ${household.archive_no} - 就业帮扶工作台`;
    drawHousehold(box, household, occ, seq);
    if (new URLSearchParams(location.search).get('edit') === '1') startEdit(box, household, occ, seq);
  }

  function drawHousehold(box, hh, occ, seq) {
    clear(box);
    const status = h('div', { class: 'status-msg', role: 'status', 'aria-live': 'polite' });
    const editBtn = h('button', { type: 'button', class: 'btn btn-outline-primary', onclick: () => startEdit(box, hh, occ, seq) }, '编辑档案');
    const printLink = h('a', { class: 'btn btn-outline-secondary', href: `/households/${hh.id}/print`, 'data-nav': '' }, '打印帮扶计划');
    const exitBtn = hh.status === 'active' ? h('button', { type: 'button', class: 'btn btn-outline-danger', onclick: () => showExit() }, '退出帮扶') : null;
    const exitBox = h('div');
    add(box, pageHeader(`家庭档案 ${hh.archive_no}`, editBtn, printLink, exitBtn),
      h('p', { class: 'badges' },
        hh.zero_employment ? badge('零就业家庭', 'danger') : badge('有成员就业', 'success'),
        hh.dibao ? badge('低保', 'warning') : null,
        hh.status === 'exited' ? badge(`已退出：${EXIT_REASON[hh.exit_reason] || hh.exit_reason || ''}`, 'secondary') : badge('在档帮扶', 'primary')),
      status, exitBox);
    if (S.flash) {
      status.append(alertBox(S.flash.text, S.flash.kind || 'success', S.flash.details));
      S.flash = null;
    }

    const showExit = () => {
      clear(exitBox);
      const general = h('div', { 'aria-live': 'polite' });
      const errors = new FieldErrors(general);
      const reason = control(errors, 'reason', '退出原因', { type: 'select', options: EXIT_REASON, value: 'goal_met' });
      const form = h('form', { class: 'card card-body mb-3 inline-form' }, h('h2', { class: 'h6' }, '退出帮扶'), general, reason.wrap,
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, '确认退出'),
          h('button', { type: 'button', class: 'btn btn-outline-secondary', onclick: () => clear(exitBox) }, '取消')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          const updated = await api(`/v1/households/${hh.id}/exit`, { method: 'POST', body: { reason: reason.input.value } });
          S.flash = { text: '该家庭已退出帮扶。', kind: 'success' };
          drawHousehold(box, updated, occ, seq);
        } catch (err) { errors.show(err); }
      });
      exitBox.append(form);
      reason.input.focus();
    };

    // the archive
    box.append(h('section', { class: 'card mb-4', 'aria-labelledby': 'arch-h' }, h('div', { class: 'card-body' },
      h('h2', { class: 'h5', id: 'arch-h' }, '档案信息'),
      dl([
        ['档案编号', hh.archive_no], ['地区', regionText(hh.region)], ['住址', hh.address],
        ['致困原因', (hh.causes || []).join('、')], ['低保', hh.dibao ? '是' : '否'],
        ['家庭月收入', `${num(hh.monthly_income)} 元`], ['帮扶责任人', hh.counsellor], ['帮扶单位', hh.support_unit],
        ['建档时间', dateTime(hh.created_at)], ['更新时间', dateTime(hh.updated_at)],
      ], 'kv-grid'))));

    // the members, each with its matches
    const membersSec = h('section', { 'aria-labelledby': 'mem-h', class: 'mb-4' }, h('h2', { class: 'h5', id: 'mem-h' }, `家庭成员（${hh.members.length}人）`));
    for (const m of hh.members) membersSec.append(memberCard(hh, m, occ));
    box.append(membersSec);

    // the plan
    const planSec = h('section', { class: 'card mb-4', 'aria-labelledby': 'plan-h' }, h('div', { class: 'card-body' },
      h('h2', { class: 'h5', id: 'plan-h' }, '帮扶计划'), spinner()));
    box.append(planSec);
    loadPlan(planSec.firstChild, hh, status, seq, () => reloadHousehold(box, hh.id, occ, seq));

    // the household's links: its plan on its own phone
    const linkSec = h('section', { class: 'card mb-4', 'aria-labelledby': 'link-h' }, h('div', { class: 'card-body' },
      h('h2', { class: 'h5', id: 'link-h' }, '发给家庭'), spinner()));
    box.append(linkSec);
    if (hh.status === 'active') drawLinks(linkSec.firstChild, hh);
    else clear(linkSec.firstChild).append(h('h2', { class: 'h5', id: 'link-h' }, '发给家庭'), h('p', { class: 'text-muted mb-0' }, '已退出帮扶的家庭不再发送计划。'));
  }

  // Links a household opens on its phone without signing in; a link's
  // address is shown once, when it is made (only its hash is stored).
  async function drawLinks(body, hh) {
    const base = `/v1/households/${hh.id}/links`;
    const shown = h('div', { 'aria-live': 'polite' });
    const list = h('div');
    const reloadList = async () => {
      try {
        const d = await api(base);
        const now = new Date().toISOString();
        const state = (l) => (l.revoked_at ? '已撤销' : l.expires_at < now ? '已过期' : '有效');
        clear(list);
        if (!d.items.length) { list.append(h('p', { class: 'text-muted small mb-0' }, '还没有发过链接。')); return; }
        list.append(h('table', { class: 'table table-sm stack-table mb-0' },
          h('caption', null, '已发出的链接'),
          h('thead', null, h('tr', null, ['生成时间', '有效期至', '状态', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, d.items.map((l) => h('tr', null,
            h('td', { 'data-label': '生成时间' }, dateTime(l.created_at)),
            h('td', { 'data-label': '有效期至' }, dateTime(l.expires_at)),
            h('td', { 'data-label': '状态' }, state(l)),
            h('td', null, state(l) === '有效'
              ? h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', 'aria-label': `撤销 ${dateTime(l.created_at)} 生成的链接`,
                onclick: async () => { await api(`${base}/${l.id}`, { method: 'DELETE' }).catch(() => {}); reloadList(); } }, '撤销')
              : null))))));
      } catch (err) {
        if (!err.redirected) clear(list).append(alertBox(errorText(err)));
      }
    };
    const show = (label, text) => {
      const area = h('textarea', { class: 'form-control', rows: '5', readonly: '', id: 'link-text' });
      area.value = text;
      clear(shown).append(h('div', { class: 'mb-3' }, h('label', { for: 'link-text', class: 'form-label' }, label), area,
        h('p', { class: 'form-text' }, '链接只显示这一次；家庭打开后可看到计划并回复“感兴趣”或“不合适”。')));
      area.select();
    };
    const textBtn = h('button', { type: 'button', class: 'btn btn-primary me-2', onclick: async () => {
      try {
        show('短信/微信文本', await api(`/v1/households/${hh.id}/plan?format=text`, { text: true }));
        reloadList();
      } catch (err) { if (!err.redirected) clear(shown).append(alertBox(err.code === 'no_plan' ? '该家庭还没有帮扶计划：先运行帮扶批次。' : errorText(err))); }
    } }, '生成短信文本');
    const linkBtn = h('button', { type: 'button', class: 'btn btn-outline-primary', onclick: async () => {
      try {
        const l = await api(base, { method: 'POST', body: {} });
        show('家庭链接', location.origin + l.url);
        reloadList();
      } catch (err) { if (!err.redirected) clear(shown).append(alertBox(errorText(err))); }
    } }, '只生成链接');
    clear(body).append(h('h2', { class: 'h5', id: 'link-h' }, '发给家庭'),
      h('p', { class: 'small text-muted' }, '家庭用手机打开链接即可查看本户计划、如何报名，无需登录；链接 30 天内有效，可随时撤销。'),
      h('div', { class: 'mb-3' }, textBtn, linkBtn), shown, list);
    reloadList();
  }

  async function reloadHousehold(box, id, occ, seq) {
    try {
      const fresh = await api(`/v1/households/${id}`);
      if (seq !== S.seq) return;
      const y = window.scrollY;
      drawHousehold(box, fresh, occ, seq);
      window.scrollTo(0, y);
    } catch (err) { /* the page stays as it was */ }
  }

  function memberCard(hh, m, occ) {
    const headId = uid('mh');
    const idText = h('span', { class: 'id-number' }, m.id_number);
    let revealed = false;
    const revealBtn = h('button', { type: 'button', class: 'btn btn-link btn-sm p-0 ms-2 align-baseline', 'aria-describedby': headId }, '查看身份证号');
    revealBtn.addEventListener('click', async () => {
      if (revealed) {
        idText.textContent = m.id_number;
        revealBtn.textContent = '查看身份证号';
        revealed = false;
        return;
      }
      if (!window.confirm(`查看${m.name}的完整身份证号？此操作将记入审计日志。`)) return;
      revealBtn.disabled = true;
      try {
        const full = await api(`/v1/households/${hh.id}?reveal=id_number`);
        const fm = full.members.find((x) => x.id === m.id);
        if (fm) {
          idText.textContent = fm.id_number;
          revealBtn.textContent = '隐藏身份证号';
          revealed = true;
        }
      } catch (err) {
        if (!err.redirected) window.alert(errorText(err));
      } finally {
        revealBtn.disabled = false;
      }
    });
    const skills = m.skills.length ? h('ul', { class: 'chips' }, m.skills.map((s) => h('li', { class: 'chip' },
      `${s.name}（${LEVEL_SHORT[s.level] || s.level}${s.certified ? '，持证' : ''}${s.source ? `，${s.source.completed_on}培训结业` : ''}）`))) : '无';
    const card = h('article', { class: 'card member-card mb-3', 'aria-labelledby': headId }, h('div', { class: 'card-body' },
      h('h3', { class: 'h5', id: headId }, m.name, h('small', { class: 'text-muted ms-2' }, `${GENDER[m.gender] || ''} ${m.age}岁`)),
      dl([
        ['身份证号', h('span', null, idText, revealBtn)],
        ['学历', EDUCATION[m.education] || m.education],
        ['劳动能力', WORK_ABILITY[m.work_ability] || m.work_ability],
        ['就业状况', EMPLOYMENT[m.employment] || m.employment],
        ['就业范围', REACH[m.reach] || m.reach],
        ['岗位类别', RETIREMENT_CATEGORY[m.retirement_category] || m.retirement_category],
        m.wants_work_after_retirement ? ['退休后', '愿意继续工作（只推荐非全日制岗位）'] : null,
        ['技能', skills],
        ['求职意向', m.desired_occupations.map((o) => occ.get(o) || o).join('、')],
        ['就业困难类别', m.special_groups.map((g) => SPECIAL_GROUPS[g] || g).join('、')],
        ['创业意愿', m.wants_startup ? '有' : '无'],
        m.startup_training_completed_on ? ['创业培训', `${m.startup_training_completed_on} 已结业`] : null,
        (m.aid_granted || []).length ? ['已获扶持', m.aid_granted.map((g) => `${g.granted_on} ${num(g.amount)} 元`).join('；')] : null,
        m.business_plan ? ['创业计划', m.business_plan] : null,
      ], 'kv-grid'),
      h('h4', { class: 'h6 mt-3' }, '匹配推荐'),
      tabs(`${m.name}的匹配推荐`, [
        { key: 'openings', label: '岗位', load: (p) => loadMatches(p, m, 'openings') },
        { key: 'courses', label: '培训', load: (p) => loadMatches(p, m, 'courses') },
        { key: 'aid', label: '创业扶持', load: (p) => loadMatches(p, m, 'aid') },
      ]),
      timelineBox(m)));
    return card;
  }

  // 一人一档: what was recommended to the member and what came of it, loaded when opened.
  function timelineBox(m) {
    const body = h('div');
    const box = h('details', { class: 'member-timeline mt-3' }, h('summary', null, `${m.name}的帮扶记录`), body);
    box.addEventListener('toggle', async () => {
      if (!box.open || body.firstChild) return;
      body.append(spinner('正在读取帮扶记录…'));
      try {
        const d = await api(`/v1/members/${m.id}/timeline`);
        clear(body);
        if (!d.items.length) { body.append(h('p', { class: 'text-muted mb-0' }, '还没有帮扶记录。')); return; }
        body.append(h('ol', { class: 'timeline-list' }, d.items.map((it) =>
          h('li', null, h('time', { datetime: it.at }, it.at.slice(0, 10)), ' ', timelineText(it)))));
      } catch (err) {
        if (!err.redirected) clear(body).append(alertBox(errorText(err), 'warning'));
      }
    });
    return box;
  }

  function timelineText(it) {
    const what = it.title ? `${ITEM_KIND[it.item_kind] || ''}“${it.title}”` : '';
    switch (it.kind) {
      case 'recommended': return `推荐${what}`;
      case 'outcome': return `${what}：${OUTCOME[it.status] || it.status}${it.note ? `（${it.note}）` : ''}`;
      case 'household_answer':
        return `家庭回复${what}：${ANSWER[it.answer] || it.answer}${it.reason ? `（${ANSWER_REASON[it.reason] || it.reason}）` : ''}`;
      case 'employment_changed': return `就业状况变为：${EMPLOYMENT[it.employment] || it.employment}`;
      case 'skill_gained': return `获得技能：${it.name}（${LEVEL_SHORT[it.level] || it.level}${it.certified ? '，持证' : ''}）`;
      case 'aid_granted': return `获得创业扶持 ${num(it.amount)} 元`;
      default: return it.kind;
    }
  }

  async function loadMatches(panel, m, kind, limit) {
    const n = limit || 5;
    clear(panel).append(spinner('正在匹配…'));
    try {
      const d = await api(`/v1/members/${m.id}/matches${qs({ kind, limit: n })}`);
      clear(panel);
      if (d.law) panel.append(...lawNotes(d.law));
      if (d.law && d.law.no_jobs) return;
      if (!d.items.length) {
        const empty = {
          openings: m.work_ability === 'none' ? '该成员无劳动能力，不推荐岗位。' : '暂无匹配的岗位。',
          courses: '暂无合适的培训课程。',
          aid: m.wants_startup ? '暂无可申请的创业扶持。' : '该成员未登记创业意愿，不推荐创业扶持。',
        };
        panel.append(h('p', { class: 'text-muted mb-0' }, empty[kind]));
        return;
      }
      panel.append(h('ol', { class: 'match-list' }, d.items.map((it) => h('li', null, matchItem(it, kind)))));
      if (d.items.length >= n && n < 20) {
        panel.append(h('button', {
          type: 'button', class: 'btn btn-sm btn-outline-secondary',
          onclick: async () => { await loadMatches(panel, m, kind, 20); panel.focus(); },
        }, '显示更多'));
      }
    } catch (err) {
      if (!err.redirected) clear(panel).append(alertBox(errorText(err)));
    }
  }

  // What the law kept from the member: no job at all, part-time only, or
  // openings excluded one by one (protected work, a missing certificate).
  function lawNotes(law) {
    const out = [];
    if (law.no_jobs) out.push(h('p', { class: 'alert alert-info law-note' }, `不推荐岗位：${law.no_jobs}`));
    if (law.flexible_only) out.push(h('p', { class: 'alert alert-info law-note' }, '已过法定退休年龄，本人愿意继续工作：只推荐非全日制岗位。'));
    if (law.excluded && law.excluded.length) {
      out.push(h('details', { class: 'law-excluded mb-2' },
        h('summary', null, `依法未推荐 ${law.excluded.length} 个岗位`),
        h('ul', null, law.excluded.map((x) => h('li', null, h('strong', null, x.title), `：${x.reason}`)))));
    }
    return out;
  }

  // Requirements the law forbids an employer to set, not yet cleared by an admin.
  function complianceBadges(o) {
    const open = (o.compliance_flags || []).filter((f) => !f.cleared);
    if (!open.length) return null;
    return h('p', { class: 'compliance-flags' }, open.map((f) => h('span', {
      class: 'badge text-bg-warning me-1', title: `${f.what}，违反${f.law}`,
    }, `疑似就业歧视：${f.phrase}`)), h('span', { class: 'visually-hidden' }, open.map((f) => `${f.what}，违反${f.law}`).join('；')));
  }

  function skillChips(list, missing) {
    if (!list || !list.length) return h('span', { class: 'text-muted' }, '无');
    return h('ul', { class: 'chips' }, list.map((s) => h('li', { class: `chip ${missing ? 'chip-missing' : 'chip-ok'}` },
      s.certificate ? `证书：${s.name}`
        : missing ? `${s.name}（要求${LEVEL_SHORT[s.required_level] || s.required_level}）`
          : `${s.name}（${LEVEL_SHORT[s.held_level] || s.held_level}${s.certified ? '，持证' : ''}）`)));
  }

  function explanationBlock(ex) {
    const e = ex || {};
    return [
      h('div', { class: 'skill-line' }, h('span', { class: 'skill-label' }, '匹配技能'), skillChips(e.matched_skills, false)),
      h('div', { class: 'skill-line' }, h('span', { class: 'skill-label' }, '缺少技能/证书'), skillChips(e.missing_skills, true)),
      e.reasons && e.reasons.length ? h('ul', { class: 'reasons' }, e.reasons.map((r) => h('li', null, r))) : null,
    ];
  }

  function matchItem(it, kind) {
    const e = it.explanation || {};
    const meta = [];
    if (kind === 'openings') {
      meta.push(it.employer, it.occupation_name, wage(it), `招${num(it.positions)}人`, it.full_time ? '全职' : '非全职');
    } else if (kind === 'courses') {
      meta.push(it.provider, `${it.starts_on} 开课`, it.fee ? `学费 ${num(it.fee)} 元` : '免费', it.mode === 'online' ? '线上' : '线下', `${num(it.seats)} 个名额`);
      if (it.unlocks && it.unlocks.length) meta.push(`结业后可匹配 ${it.unlocks.length} 个岗位`);
    } else {
      meta.push(it.provider, AID_KIND[it.kind] || it.kind, it.max_amount ? `最高 ${num(it.max_amount)} 元` : null, it.eligible ? '可直接申请' : '需先完成前置条件');
    }
    if (e.region_relation) meta.push(REGION_RELATION[e.region_relation] || e.region_relation);
    if (e.distance_km !== null && e.distance_km !== undefined) meta.push(`距离约 ${Number(e.distance_km).toFixed(1)} 公里`);
    return h('article', { class: 'match' },
      h('div', { class: 'match-head' },
        h('h5', { class: 'match-title' }, it.title),
        h('span', { class: 'match-score', title: '匹配度' }, `匹配度 ${pct(it.score)}`)),
      h('p', { class: 'match-meta' }, meta.filter(Boolean).join(' · ')),
      kind === 'openings' ? complianceBadges(it) : null,
      explanationBlock(e),
      e.next_steps && e.next_steps.length ? h('div', { class: 'next-steps' }, h('span', { class: 'skill-label' }, '下一步'),
        h('ul', null, e.next_steps.map((s) => h('li', null, s.action)))) : null);
  }

  async function loadPlan(body, hh, status, seq, reload) {
    const title = h('h2', { class: 'h5', id: 'plan-h' }, '帮扶计划');
    let plan;
    try {
      plan = await api(`/v1/households/${hh.id}/plan`);
    } catch (err) {
      if (err.redirected || seq !== S.seq) return;
      clear(body).append(title);
      if (err.code === 'no_plan') {
        body.append(h('p', { class: 'text-muted mb-0' }, '尚无帮扶计划：最近一次帮扶批次没有为该家庭制定计划（该家庭没有待就业的成员，或尚未运行批次）。 ',
          link('/batches', '去运行批次')));
      } else {
        body.append(alertBox(errorText(err)));
      }
      return;
    }
    if (seq !== S.seq) return;
    clear(body).append(title,
      h('p', { class: 'text-muted' }, `第 ${plan.batch_id} 次帮扶批次（基准日 ${plan.as_of}）制定 · 帮扶责任人 ${plan.counsellor}`,
        plan.zero_employment ? [' · ', badge('批次时为零就业家庭', 'danger')] : null));
    if (plan.needs_attention) {
      const na = plan.needs_attention;
      body.append(h('div', { class: 'alert alert-warning', role: 'note' },
        h('strong', null, '需关注：'), ATTENTION[na.reason] || na.reason,
        na.bridge_courses && na.bridge_courses.length ? h('ul', { class: 'mb-0 mt-1' }, na.bridge_courses.map((b) =>
          h('li', null, `可先参加：${b.title}${b.unlocks && b.unlocks.length ? `（结业后可匹配 ${b.unlocks.length} 个岗位）` : ''}`))) : null));
    }
    for (const pm of plan.members) {
      const sec = h('section', { class: 'plan-member' },
        h('h3', { class: 'h6' }, pm.name, ' ', badge(`${TRACK[pm.track] || pm.track}方向`, 'info')));
      const groups = [['jobs', '推荐岗位'], ['courses', '推荐培训'], ['aid', '创业扶持']];
      for (const [kind, label] of groups) {
        const list = pm[kind] || [];
        if (!list.length) continue;
        sec.append(h('h4', { class: 'plan-kind' }, label),
          h('ul', { class: 'plan-items' }, list.map((it) => h('li', null, planItem(it, kind, status, reload)))));
      }
      if (!pm.jobs.length && !pm.courses.length && !pm.aid.length) sec.append(h('p', { class: 'text-muted' }, '本次批次没有为该成员分配推荐。'));
      if (pm.follow_ups && pm.follow_ups.length) {
        sec.append(h('div', { class: 'follow-ups' }, h('span', { class: 'skill-label' }, '待跟进'),
          h('ul', null, pm.follow_ups.map((f) => h('li', null, `${FOLLOW_UP[f.follow_up] || f.follow_up}：${f.due_on}`, ' ',
            h('span', { class: 'text-muted' }, `${ITEM_KIND[f.kind] || ''}“${f.title}”`), ' ',
            f.due ? badge('已到期', 'danger') : badge('未到期', 'light'))))));
      }
      if (pm.declines) {
        sec.append(h('p', { class: pm.review ? 'text-danger' : 'text-muted' },
          `已拒绝推荐 ${pm.declines} 次`, pm.review ? '：请先与本人沟通复核，再安排新的推荐。' : ''));
      }
      body.append(sec);
    }
  }

  // What the household answered through its link (感兴趣 / 不合适 and why).
  function answerBadge(a) {
    if (!a) return null;
    const why = a.reason ? `（${ANSWER_REASON[a.reason] || a.reason}）` : '';
    return badge(`家庭回复：${ANSWER[a.answer] || a.answer}${why}`, a.answer === 'interested' ? 'info' : 'warning');
  }

  function planItem(it, kind, status, reload) {
    const titleId = uid('pi');
    const formBox = h('div');
    const btn = h('button', { type: 'button', class: 'btn btn-sm btn-outline-primary', 'aria-describedby': titleId, 'aria-expanded': 'false' }, '记录结果');
    btn.addEventListener('click', () => {
      if (formBox.firstChild) { clear(formBox); btn.setAttribute('aria-expanded', 'false'); return; }
      btn.setAttribute('aria-expanded', 'true');
      const general = h('div', { 'aria-live': 'polite' });
      const errors = new FieldErrors(general);
      let options = OUTCOMES_BY_KIND[kind];
      if (kind === 'jobs') {
        const hired = ['hired', 'retained_1m', 'retained_3m', 'retained_6m'].includes(it.status);
        options = hired ? ['retained_1m', 'retained_3m', 'retained_6m', 'left'] : ['applied', 'interview', 'hired', 'declined'];
      }
      const sel = control(errors, 'status', '结果', { type: 'select', options: Object.fromEntries(options.map((s) => [s, OUTCOME[s]])) });
      const note = control(errors, 'note', '备注', { type: 'textarea', rows: 2, maxlength: 2000 });
      // A grant records its amount; left empty, the product's maximum.
      const amount = control(errors, 'amount', '获批金额（元）', { type: 'number', min: 0, step: 1 });
      const showAmount = () => { amount.wrap.hidden = sel.input.value !== 'granted'; };
      sel.input.addEventListener('change', showAmount);
      showAmount();
      const form = h('form', { class: 'outcome-form', 'aria-label': `登记“${it.title}”的进展` }, general,
        h('div', { class: 'row' }, h('div', { class: 'col-md-4' }, sel.wrap, kind === 'aid' ? amount.wrap : null),
          h('div', { class: 'col-md-8' }, note.wrap)),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary btn-sm' }, '保存结果'),
          h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onclick: () => { clear(formBox); btn.setAttribute('aria-expanded', 'false'); btn.focus(); } }, '取消')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          const body = { status: sel.input.value, note: note.input.value };
          if (sel.input.value === 'granted' && amount.input.value !== '') body.amount = Number(amount.input.value);
          const r = await api(`/v1/recommendations/${it.recommendation_id}/outcome`, { method: 'POST', body });
          const msg = [`已记录“${it.title}”：${OUTCOME[r.status] || r.status}。`];
          if (r.status === 'hired' && !r.zero_employment) msg.push('该家庭现已有成员就业。');
          if (r.review) msg.push(`该成员已拒绝推荐 ${r.declines} 次，请先复核。`);
          S.flash = { text: msg.join(''), kind: 'success' };
          reload();
        } catch (err) { errors.show(err); }
      });
      formBox.append(form);
      sel.input.focus();
    });
    const meta = [`匹配度 ${pct(it.score)}`];
    return h('div', { class: 'plan-item' },
      h('div', { class: 'plan-item-head' },
        h('span', { class: 'plan-title', id: titleId }, it.title),
        h('span', { class: 'plan-meta' }, meta.join(' · ')),
        it.status ? badge(OUTCOME[it.status] || it.status, it.status === 'declined' || it.status === 'left' ? 'secondary' : 'success') : badge('未记录结果', 'light'),
        answerBadge(it.household_answer),
        btn),
      kind === 'jobs' ? complianceBadges(it) : null,
      it.explanation && it.explanation.reasons ? h('p', { class: 'plan-reasons' }, it.explanation.reasons.join('；')) : null,
      formBox);
  }

  async function startEdit(box, hh, occ, seq) {
    if (!window.confirm('编辑档案需要显示成员的完整身份证号，此操作将记入审计日志。继续吗？')) return;
    let full;
    try {
      full = await api(`/v1/households/${hh.id}?reveal=id_number`);
    } catch (err) {
      if (!err.redirected) window.alert(errorText(err));
      return;
    }
    if (seq !== S.seq) return;
    clear(box).append(pageHeader(`编辑家庭档案 ${hh.archive_no}`),
      householdForm(full, occ, async (body) => {
        const saved = await api(`/v1/households/${hh.id}`, { method: 'PUT', body });
        S.flash = { text: '已保存修改。', kind: 'success', details: (saved.warnings || []).map((w) => `提示：${w}`) };
        if (location.search) history.replaceState(null, '', `/households/${hh.id}`);
        render({ focus: true });
      }, () => { drawHousehold(box, hh, occ, seq); }));
    const first = box.querySelector('input');
    if (first) first.focus();
  }

  // ---------------------------------------------------------------- /households/{id}/print

  async function viewPrint(main, match, seq) {
    const id = match[1];
    main.append(spinner());
    let hh;
    let plan = null;
    let planError = null;
    try {
      hh = await api(`/v1/households/${id}`);
    } catch (err) {
      if (err.redirected) return;
      clear(main).append(pageHeader('一户一策帮扶计划表'), alertBox(err.status === 404 ? '未找到该家庭。' : errorText(err)));
      return;
    }
    try { plan = await api(`/v1/households/${id}/plan`); } catch (err) {
      if (err.redirected) return;
      planError = err;
    }
    if (seq !== S.seq) return;
    document.title = `一户一策帮扶计划表 ${hh.archive_no}`;
    clear(main);
    const toolbar = h('div', { class: 'print-toolbar no-print' },
      h('h1', { class: 'h4 mb-0', tabindex: '-1' }, '打印预览'),
      h('div', { class: 'page-actions' },
        h('button', { type: 'button', class: 'btn btn-primary', onclick: () => window.print() }, '打印'),
        link(`/households/${hh.id}`, '返回家庭档案', 'btn btn-outline-secondary')));
    const planByMember = new Map(((plan && plan.members) || []).map((pm) => [pm.member_id, pm]));
    const measures = [];
    for (const m of hh.members) {
      const pm = planByMember.get(m.id);
      if (!pm) continue;
      const rows = [];
      for (const [kind, label] of [['jobs', '岗位'], ['courses', '培训'], ['aid', '创业扶持']]) {
        for (const it of pm[kind] || []) rows.push([label, it.title, it.status ? OUTCOME[it.status] || it.status : '']);
      }
      measures.push(h('tr', null,
        h('td', null, pm.name, h('br'), h('small', null, `${TRACK[pm.track] || pm.track}方向`)),
        h('td', null, rows.length ? h('ol', { class: 'print-list' }, rows.map(([k, t, st]) => h('li', null, `【${k}】${t}`, st ? `（${st}）` : ''))) : '本次未分配推荐'),
        h('td', { class: 'blank-cell' }, '')));
    }
    const sheet = h('article', { class: 'print-sheet', 'aria-label': '一户一策帮扶计划表' },
      h('h2', { class: 'sheet-title' }, '一户一策帮扶计划表'),
      h('p', { class: 'sheet-sub' }, `档案编号：${hh.archive_no}`, plan ? `　计划批次：第 ${plan.batch_id} 次（${plan.as_of}）` : ''),
      h('table', { class: 'sheet-table' }, h('tbody', null,
        h('tr', null, h('th', null, '档案编号'), h('td', null, hh.archive_no), h('th', null, '地区'), h('td', null, regionText(hh.region))),
        h('tr', null, h('th', null, '住址'), h('td', { colspan: '3' }, hh.address || '—')),
        h('tr', null, h('th', null, '帮扶责任人'), h('td', null, hh.counsellor), h('th', null, '帮扶单位'), h('td', null, hh.support_unit || '—')),
        h('tr', null, h('th', null, '致困原因'), h('td', null, (hh.causes || []).join('、') || '—'), h('th', null, '家庭情况'),
          h('td', null, [hh.zero_employment ? '零就业家庭' : '有成员就业', hh.dibao ? '低保' : null, `月收入 ${num(hh.monthly_income)} 元`].filter(Boolean).join('，'))))),
      h('h3', { class: 'sheet-h' }, '家庭成员'),
      h('table', { class: 'sheet-table' },
        h('thead', null, h('tr', null, ['姓名', '身份证号', '性别', '年龄', '学历', '劳动能力', '就业状况'].map((t) => h('th', { class: t === '身份证号' ? 'w-id' : null }, t)))),
        h('tbody', null, hh.members.map((m) => h('tr', null, h('td', null, m.name), h('td', { class: 'mono' }, m.id_number),
          h('td', null, GENDER[m.gender] || ''), h('td', null, String(m.age)), h('td', null, EDUCATION[m.education] || ''),
          h('td', null, WORK_ABILITY[m.work_ability] || ''), h('td', null, EMPLOYMENT[m.employment] || ''))))),
      h('h3', { class: 'sheet-h' }, '帮扶措施'),
      measures.length ? h('table', { class: 'sheet-table' },
        h('thead', null, h('tr', null, h('th', { class: 'w-name' }, '成员'), h('th', null, '推荐的岗位、培训和创业扶持（进展）'), h('th', { class: 'w-note' }, '落实情况'))),
        h('tbody', null, measures))
        : h('p', null, planError && planError.code !== 'no_plan' ? errorText(planError) : '暂无帮扶计划（最近一次帮扶批次未为该家庭制定计划）。'),
      plan && plan.needs_attention ? h('p', null, `需关注：${ATTENTION[plan.needs_attention.reason] || plan.needs_attention.reason}`) : null,
      h('div', { class: 'signatures' },
        h('div', { class: 'sig' }, h('span', null, '帮扶责任人签字：'), h('span', { class: 'sig-line' }), h('span', null, '日期：'), h('span', { class: 'sig-line short' })),
        h('div', { class: 'sig' }, h('span', null, '家庭成员签字：'), h('span', { class: 'sig-line' }), h('span', null, '日期：'), h('span', { class: 'sig-line short' }))),
      h('p', { class: 'sheet-foot' }, `打印日期：${today()}　身份证号已按规定脱敏`));
    add(main, toolbar, sheet);
  }

  // ---------------------------------------------------------------- /openings

  const facetNames = new Map();

  async function viewOpenings(main, match, seq) {
    const p = new URLSearchParams(location.search);
    const st = {
      q: p.get('q') || '', region: p.get('region') || '', occupation: p.get('occupation') || '', skill: p.get('skill') || '',
      wage_min: p.get('wage_min') || '', education: p.get('education') || '', for_graduates: p.get('for_graduates') || '',
      sort: p.get('sort') || '', page: Number(p.get('page')) || 1,
    };
    add(main, pageHeader('岗位搜索'));
    const kw = control(null, null, '关键词', { type: 'search', value: st.q, name: 'q', help: '如 焊工、叉车 包住宿；多个词同时满足' });
    kw.wrap.className = 'search-field';
    const wageC = control(null, null, '最低月薪（元）', { type: 'number', value: st.wage_min, min: 0, step: 100, inputmode: 'numeric', name: 'wage_min' });
    const eduC = control(null, null, '求职者学历', { type: 'select', options: { '': '不限', ...EDUCATION }, value: st.education, name: 'education' });
    const gradC = control(null, null, '高校毕业生岗位', { type: 'select', options: { '': '不限', true: '仅毕业生岗位', false: '非毕业生岗位' }, value: st.for_graduates, name: 'for_graduates' });
    const sortC = control(null, null, '排序', { type: 'select', options: { '': '相关度', date: '最新发布', wage: '薪资最高' }, value: st.sort, name: 'sort' });
    for (const c of [wageC, eduC, gradC, sortC]) c.wrap.className = 'filter-field';
    const form = h('form', { class: 'filter-bar card card-body mb-3', role: 'search', 'aria-label': '搜索岗位' },
      h('div', { class: 'filter-row' }, kw.wrap, h('div', { class: 'filter-submit' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '搜索'))),
      h('div', { class: 'filter-row' }, wageC.wrap, eduC.wrap, gradC.wrap, sortC.wrap));
    const chips = h('div', { class: 'active-filters', 'aria-label': '已选条件' });
    const facetsBox = h('aside', { class: 'facets', 'aria-label': '按类别筛选' });
    const results = h('section', { class: 'results', 'aria-label': '搜索结果', 'aria-live': 'polite' });
    add(main, form, chips, h('div', { class: 'search-layout' }, facetsBox, results));

    const push = () => {
      pushQuery(`/openings${qs({ ...st, page: st.page > 1 ? st.page : '' })}`);
      load();
    };
    const readForm = () => {
      st.q = kw.input.value.trim();
      st.wage_min = wageC.input.value.trim();
      st.education = eduC.input.value;
      st.for_graduates = gradC.input.value;
      st.sort = sortC.input.value;
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); readForm(); st.page = 1; push(); });
    for (const c of [eduC, gradC, sortC]) c.input.addEventListener('change', () => { readForm(); st.page = 1; push(); });

    const FACETS = [['region', '地区'], ['occupation', '职业'], ['skill', '技能']];
    const listOf = (v) => splitList(v);

    const drawChips = () => {
      clear(chips);
      const items = [];
      for (const [key, label] of FACETS) {
        for (const v of listOf(st[key])) {
          items.push(h('button', {
            type: 'button', class: 'btn btn-sm btn-outline-primary filter-chip',
            'aria-label': `移除筛选 ${label}：${facetNames.get(`${key}:${v}`) || v}`,
            onclick: () => { st[key] = listOf(st[key]).filter((x) => x !== v).join(','); st.page = 1; push(); },
          }, `${label}：${facetNames.get(`${key}:${v}`) || v} ×`));
        }
      }
      if (items.length) {
        add(chips, h('span', { class: 'me-2 text-muted' }, '已选：'), items,
          h('button', { type: 'button', class: 'btn btn-sm btn-link', onclick: () => { st.region = ''; st.occupation = ''; st.skill = ''; st.page = 1; push(); } }, '清除全部'));
      }
    };

    // On a phone the facets fold away above the results; on a desktop they stay open.
    let facetsOpen = window.matchMedia('(min-width: 768px)').matches;
    const drawFacets = (facets) => {
      clear(facetsBox);
      const details = h('details', { class: 'facet-details', open: facetsOpen },
        h('summary', null, '按类别筛选（地区、职业、技能）'));
      details.addEventListener('toggle', () => { facetsOpen = details.open; });
      facetsBox.append(details);
      for (const [key, label] of FACETS) {
        const list = (facets && facets[key]) || [];
        if (!list.length) continue;
        const selected = listOf(st[key]);
        const ul = h('ul', { class: 'facet-list' });
        const more = list.length > 8;
        list.forEach((f, i) => {
          facetNames.set(`${key}:${f.value}`, f.name);
          const on = selected.includes(f.value);
          const btn = h('button', {
            type: 'button', class: `facet-btn${on ? ' active' : ''}`, 'aria-pressed': on ? 'true' : 'false',
            onclick: () => {
              if (key === 'skill') {
                st.skill = on ? selected.filter((x) => x !== f.value).join(',') : [...selected, f.value].join(',');
              } else {
                st[key] = on ? '' : f.value;
              }
              st.page = 1;
              push();
            },
          }, h('span', { class: 'facet-name' }, f.name), h('span', { class: 'facet-count' }, num(f.count)));
          ul.append(h('li', { hidden: more && i >= 8 && !on ? true : null }, btn));
        });
        const group = h('section', { class: 'facet-group' }, h('h2', { class: 'h6' }, label), ul);
        if (more) {
          const toggle = h('button', { type: 'button', class: 'btn btn-link btn-sm p-0', 'aria-expanded': 'false' }, `显示全部${list.length}项`);
          toggle.addEventListener('click', () => {
            const open = toggle.getAttribute('aria-expanded') === 'true';
            [...ul.children].forEach((li, i) => { if (i >= 8) li.hidden = open; });
            toggle.setAttribute('aria-expanded', open ? 'false' : 'true');
            toggle.textContent = open ? `显示全部${list.length}项` : '收起';
          });
          group.append(toggle);
        }
        details.append(group);
      }
      if (details.childElementCount === 1) details.remove();
    };

    const load = async () => {
      drawChips();
      clear(results).append(spinner('正在搜索…'));
      try {
        const d = await api(`/v1/openings${qs({ ...st, page: st.page > 1 ? st.page : '', per_page: 20, facets: 'region,occupation,skill' })}`);
        if (seq !== S.seq) return;
        drawFacets(d.facets);
        drawChips();
        clear(results);
        results.append(h('p', { class: 'result-count' }, `共 ${d.total_estimated ? '约 ' : ''}${num(d.total)} 个岗位`));
        for (const w of d.warnings || []) results.append(h('p', { class: 'small text-muted' }, `提示：${w}`));
        if (!d.items.length) { results.append(h('p', { class: 'text-muted' }, '没有符合条件的岗位，试试减少条件。')); return; }
        results.append(h('ol', { class: 'opening-list' }, d.items.map((o) => h('li', null, openingCard(o)))));
        const pg = pager(Math.min(d.total, 10000 * 20), st.page, d.per_page || 20, (pn) => { st.page = pn; push(); window.scrollTo(0, 0); }, '岗位分页');
        if (pg) results.append(pg);
      } catch (err) {
        if (err.redirected) return;
        clear(results).append(alertBox(errorText(err)));
      }
    };
    await load();
  }

  function openingCard(o) {
    return h('article', { class: 'opening card' }, h('div', { class: 'card-body' },
      h('div', { class: 'match-head' }, h('h3', { class: 'h6 match-title' }, o.title), h('span', { class: 'wage' }, wage(o))),
      h('p', { class: 'match-meta' }, [o.employer, o.occupation_name, o.address, `招${num(o.positions)}人`,
        `学历：${o.education === 'none' ? '不限' : `${EDUCATION[o.education] || o.education}及以上`}`, o.full_time ? '全职' : '非全职',
        o.for_graduates ? '面向高校毕业生' : null, `截止 ${o.expires_at}`].filter(Boolean).join(' · ')),
      o.skills && o.skills.length ? h('ul', { class: 'chips' }, o.skills.map((s) => h('li', { class: 'chip' }, `${s.name}${s.level ? `（${LEVEL_SHORT[s.level]}）` : ''}`))) : null,
      complianceBadges(o),
      o.description ? h('p', { class: 'opening-desc' }, o.description) : null,
      h('p', { class: 'small text-muted mb-0' }, `来源：${o.board}`,
        o.also_on && o.also_on.length ? `（同一岗位也发布在：${o.also_on.join('、')}）` : '')));
  }

  // ---------------------------------------------------------------- /batches

  function batchProgress(b) {
    if (!b) return 0;
    if (b.status === 'succeeded') return 100;
    const t = b.progress ? b.progress.total : 0;
    if (!t) return 0;
    // 100 only once the plans are written: a run still writing is at 99.
    return Math.max(0, Math.min(99, Math.floor((b.progress.done / t) * 100)));
  }

  function batchSummary(b) {
    const s = b.summary;
    if (!s) return b.error ? `失败原因：${b.error}` : '—';
    const r = s.recommendations || {};
    return `家庭 ${num(s.households)} 户，成员 ${num(s.members)} 人；推荐岗位 ${num(r.jobs)}、培训 ${num(r.courses)}、创业扶持 ${num(r.aid)}；` +
      `零就业 ${num(s.zero_employment_households)} 户，其中 ${num(s.zero_employment_with_job)} 户有岗位推荐；需关注 ${num(s.needs_attention)} 户`;
  }

  async function viewBatches(main, match, seq) {
    const startBtn = h('button', { type: 'button', class: 'btn btn-primary' }, '开始新批次');
    add(main, pageHeader('帮扶批次', startBtn),
      h('p', { class: 'text-muted' }, '帮扶批次为每个有待就业成员的家庭制定一户一策帮扶计划：零就业家庭优先，按岗位名额分配推荐。计划可下载为表格。'));
    const general = h('div', { 'aria-live': 'polite' });
    const bar = h('div', { class: 'progress-bar', role: 'progressbar', 'aria-label': '批次进度', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' });
    const progress = h('div', { class: 'progress batch-progress' }, bar);
    const label = h('p', { class: 'mb-1', 'aria-live': 'polite' }, '还没有运行过帮扶批次。');
    const currentLinks = h('div', { class: 'mt-2' });
    const current = h('section', { class: 'card mb-4', 'aria-labelledby': 'cur-h' }, h('div', { class: 'card-body' },
      h('h2', { class: 'h5', id: 'cur-h' }, '当前批次'), label, progress, currentLinks));
    const history_ = h('section', { 'aria-labelledby': 'hist-h' }, h('h2', { class: 'h5', id: 'hist-h' }, '历次批次'), spinner());
    add(main, general, current, history_);

    const showRun = (b) => {
      const v = batchProgress(b);
      bar.setAttribute('aria-valuenow', String(v));
      bar.setAttribute('aria-valuetext', `${v}%`);
      bar.style.width = `${v}%`;
      bar.textContent = `${v}%`;
      bar.classList.toggle('progress-bar-striped', b.status === 'running' || b.status === 'queued');
      bar.classList.toggle('progress-bar-animated', b.status === 'running' || b.status === 'queued');
      bar.classList.toggle('bg-danger', b.status === 'failed');
      bar.classList.toggle('bg-success', b.status === 'succeeded');
      const pr = b.progress && b.progress.total ? `，已处理 ${num(b.progress.done)} / ${num(b.progress.total)} 户` : '';
      label.textContent = `第 ${b.id} 次批次：${BATCH_STATUS[b.status] || b.status}${pr}`;
      clear(currentLinks);
      if (b.status === 'succeeded') {
        currentLinks.append(h('p', { class: 'small mb-2' }, batchSummary(b)),
          h('a', { class: 'btn btn-outline-success btn-sm me-1', href: `/v1/batches/${b.id}/plans.xlsx`, download: `帮扶计划-第${b.id}次.xlsx` }, '下载计划表（Excel）'),
          h('a', { class: 'btn btn-outline-secondary btn-sm', href: `/v1/batches/${b.id}/plans.csv`, download: `帮扶计划-第${b.id}次.csv` }, 'CSV'));
      } else if (b.status === 'failed') {
        currentLinks.append(alertBox(`批次失败：${b.error || '未知原因'}`));
      }
    };

    const poll = async (id) => {
      try {
        const b = await api(`/v1/batches/${id}`);
        if (seq !== S.seq) return;
        showRun(b);
        if (b.status === 'queued' || b.status === 'running') {
          later(() => poll(id), 700);
        } else {
          startBtn.disabled = false;
          loadHistory();
        }
      } catch (err) {
        if (err.redirected || seq !== S.seq) return;
        clear(general).append(alertBox(errorText(err)));
        later(() => poll(id), 3000);
      }
    };

    const loadHistory = async () => {
      try {
        const d = await api('/v1/batches?per_page=20');
        if (seq !== S.seq) return null;
        clear(history_).append(h('h2', { class: 'h5', id: 'hist-h' }, '历次批次'));
        if (!d.items.length) { history_.append(h('p', { class: 'text-muted' }, '还没有运行过帮扶批次。')); return d; }
        history_.append(h('table', { class: 'table stack-table batch-table' },
          h('thead', null, h('tr', null, ['批次', '状态', '地区', '基准日', '发起人', '完成时间', '计划摘要', '计划表'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, d.items.map((b) => h('tr', null,
            h('td', { 'data-label': '批次', class: 'nowrap' }, `第 ${b.id} 次`),
            h('td', { 'data-label': '状态' }, badge(BATCH_STATUS[b.status] || b.status, b.status === 'succeeded' ? 'success' : b.status === 'failed' ? 'danger' : 'info')),
            h('td', { 'data-label': '地区' }, b.region ? regionText(b.region) : '全部地区'),
            h('td', { 'data-label': '基准日', class: 'nowrap' }, b.as_of),
            h('td', { 'data-label': '发起人' }, b.requested_by),
            h('td', { 'data-label': '完成时间' }, dateTime(b.finished_at)),
            h('td', { 'data-label': '计划摘要', class: 'summary-cell' }, batchSummary(b)),
            h('td', { 'data-label': '计划表' }, b.status === 'succeeded'
              ? h('a', { href: `/v1/batches/${b.id}/plans.csv`, download: `帮扶计划-第${b.id}次.csv` }, `下载第 ${b.id} 次计划表`) : '—'))))));
        return d;
      } catch (err) {
        if (!err.redirected) clear(history_).append(h('h2', { class: 'h5', id: 'hist-h' }, '历次批次'), alertBox(errorText(err)));
        return null;
      }
    };

    startBtn.addEventListener('click', async () => {
      clear(general);
      startBtn.disabled = true;
      showRun({ id: '…', status: 'queued', progress: { done: 0, total: 0 } });
      label.textContent = '正在提交…';
      try {
        const r = await api('/v1/batches', { method: 'POST', body: {} });
        poll(r.id);
      } catch (err) {
        if (err.redirected) return;
        clear(general).append(alertBox(errorText(err)));
        startBtn.disabled = false;
        const d = await loadHistory();
        const running = d && d.items.find((b) => b.status === 'queued' || b.status === 'running');
        if (running) { startBtn.disabled = true; poll(running.id); } else if (d && d.items[0]) showRun(d.items[0]);
      }
    });

    const d = await loadHistory();
    if (d && d.items.length) {
      const latest = d.items[0];
      showRun(latest);
      if (latest.status === 'queued' || latest.status === 'running') { startBtn.disabled = true; poll(latest.id); }
    }
  }

  // ---------------------------------------------------------------- /admin

  async function viewAdmin(main) {
    add(main, pageHeader('管理'), tabs('管理', [
      { key: 'users', label: '用户', load: adminUsers },
      { key: 'keys', label: 'API 密钥', load: adminKeys },
      { key: 'audit', label: '审计日志', load: adminAudit },
    ]));
  }

  async function adminUsers(panel) {
    const listBox = h('div', { 'aria-live': 'polite' });
    const general = h('div', { 'aria-live': 'polite' });
    const errors = new FieldErrors(general);
    const c = {
      username: control(errors, 'username', '用户名', { help: '2–32位字母、数字、点、下划线或连字符' }),
      display_name: control(errors, 'display_name', '姓名'),
      role: control(errors, 'role', '角色', { type: 'select', options: { counsellor: '帮扶干部', admin: '管理员' } }),
      region: control(errors, 'region', '负责地区', { help: '帮扶干部必填：代码或名称，如 苏州市' }),
      password: control(errors, 'password', '初始密码', { type: 'password', autocomplete: 'new-password', help: '至少10个字符，不能是常见密码' }),
    };
    const form = h('form', { class: 'card card-body mb-4', novalidate: true, 'aria-labelledby': 'nu-h' },
      h('h2', { class: 'h5', id: 'nu-h' }, '新建用户'), general,
      h('div', { class: 'row' }, Object.values(c).map((x) => h('div', { class: 'col-md-4' }, x.wrap))),
      h('div', null, h('button', { type: 'submit', class: 'btn btn-primary' }, '创建用户')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.clear();
      const body = {
        username: c.username.input.value.trim(), display_name: c.display_name.input.value.trim(),
        role: c.role.input.value, password: c.password.input.value,
      };
      if (c.region.input.value.trim()) body.region = c.region.input.value.trim();
      try {
        const u = await api('/v1/users', { method: 'POST', body });
        clear(general).append(alertBox(`已创建用户 ${u.username}，请把初始密码告诉本人。`, 'success'));
        for (const x of Object.values(c)) if (x.input.tagName !== 'SELECT') x.input.value = '';
        load();
      } catch (err) { errors.show(err); }
    });

    const load = async () => {
      try {
        const d = await api('/v1/users?per_page=100');
        clear(listBox).append(h('table', { class: 'table stack-table user-table' },
          h('caption', null, `共 ${d.total} 个账户`),
          h('thead', null, h('tr', null, ['用户名', '姓名', '角色', '地区', '状态', '最近登录', '操作'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, d.items.map((u) => userRow(u, load)))));
      } catch (err) {
        if (!err.redirected) clear(listBox).append(alertBox(errorText(err)));
      }
    };
    add(panel, h('h2', { class: 'h5' }, '用户'), listBox, form);
    await load();
  }

  function userRow(u, reload) {
    const msg = h('div', { 'aria-live': 'polite' });
    const resetBox = h('div');
    const self = S.user && S.user.id === u.id;
    const toggle = h('button', {
      type: 'button', class: `btn btn-sm ${u.disabled ? 'btn-outline-success' : 'btn-outline-danger'}`, disabled: self,
      'aria-label': `${u.disabled ? '启用' : '停用'} ${u.username}`,
    }, u.disabled ? '启用' : '停用');
    toggle.addEventListener('click', async () => {
      if (!u.disabled && !window.confirm(`停用 ${u.username}？停用后该账户的所有会话立即结束。`)) return;
      try {
        await api(`/v1/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } });
        reload();
      } catch (err) { if (!err.redirected) clear(msg).append(alertBox(errorText(err))); }
    });
    const reset = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', 'aria-label': `重置 ${u.username} 的密码` }, '重置密码');
    reset.addEventListener('click', () => {
      if (resetBox.firstChild) { clear(resetBox); return; }
      const general = h('div', { 'aria-live': 'polite' });
      const errors = new FieldErrors(general);
      const pw = control(errors, 'password', `${u.username} 的新密码`, { type: 'password', autocomplete: 'new-password' });
      const f = h('form', { class: 'inline-form mt-2', novalidate: true }, general, pw.wrap,
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-sm btn-primary' }, '保存新密码'),
          h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => clear(resetBox) }, '取消')));
      f.addEventListener('submit', async (e) => {
        e.preventDefault();
        try {
          await api(`/v1/users/${u.id}`, { method: 'PATCH', body: { password: pw.input.value } });
          clear(resetBox);
          clear(msg).append(alertBox('已设置新密码，该账户需要重新登录。', 'success'));
        } catch (err) { errors.show(err); }
      });
      resetBox.append(f);
      pw.input.focus();
    });
    return h('tr', null,
      h('td', { 'data-label': '用户名' }, u.username),
      h('td', { 'data-label': '姓名' }, u.display_name || '—'),
      h('td', { 'data-label': '角色' }, ROLE[u.role] || u.role),
      h('td', { 'data-label': '地区' }, u.region_name || '—'),
      h('td', { 'data-label': '状态' }, u.disabled ? badge('已停用', 'secondary') : badge('正常', 'success')),
      h('td', { 'data-label': '最近登录' }, dateTime(u.last_login_at)),
      h('td', { 'data-label': '操作' }, h('div', { class: 'btn-row' }, toggle, reset), msg, resetBox));
  }

  async function adminKeys(panel) {
    const general = h('div', { 'aria-live': 'polite' });
    const errors = new FieldErrors(general);
    const role = control(errors, 'role', '角色', { type: 'select', options: { board: '招聘平台（发布岗位）', counsellor: '帮扶干部', household: '家庭', reader: '合作网站（同步岗位）', admin: '管理员' } });
    const owner = control(errors, 'owner', '所有者', { help: '招聘平台或合作网站的名称，或家庭的编号' });
    const region = control(errors, 'region', '负责地区', { help: '仅帮扶干部密钥：限定地区范围（可不填）' });
    const shown = h('div', { 'aria-live': 'polite' });
    const created = h('ul', { class: 'list-unstyled created-keys' });
    const form = h('form', { class: 'card card-body mb-4', novalidate: true, 'aria-labelledby': 'nk-h' },
      h('h2', { class: 'h5', id: 'nk-h' }, '创建 API 密钥'), general,
      h('div', { class: 'row' }, h('div', { class: 'col-md-4' }, role.wrap), h('div', { class: 'col-md-4' }, owner.wrap), h('div', { class: 'col-md-4' }, region.wrap)),
      h('div', null, h('button', { type: 'submit', class: 'btn btn-primary' }, '创建密钥')), shown);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      errors.clear();
      clear(shown);
      const body = { role: role.input.value };
      if (owner.input.value.trim()) body.owner = owner.input.value.trim();
      if (region.input.value.trim()) body.region = region.input.value.trim();
      try {
        const k = await api('/v1/keys', { method: 'POST', body });
        const keyId = uid('key');
        const keyInput = h('input', { class: 'form-control font-monospace', id: keyId, readOnly: true, value: k.key });
        const copy = h('button', { type: 'button', class: 'btn btn-outline-secondary' }, '复制');
        copy.addEventListener('click', async () => {
          keyInput.select();
          try { await navigator.clipboard.writeText(k.key); copy.textContent = '已复制'; } catch (err2) { copy.textContent = '请手动复制'; }
        });
        shown.append(h('div', { class: 'alert alert-warning mt-3', role: 'status' },
          h('p', { class: 'mb-2' }, h('strong', null, '密钥只显示这一次，'), '请立即复制并妥善保存。'),
          h('label', { class: 'form-label', for: keyId }, `新密钥（${k.id}）`),
          h('div', { class: 'input-group' }, keyInput, copy)));
        created.append(keyItem(k.id, `${ROLE[k.role] || k.role}${k.owner ? ` · ${k.owner}` : ''}`));
      } catch (err) { errors.show(err); }
    });
    const revokeGeneral = h('div', { 'aria-live': 'polite' });
    const revokeErrors = new FieldErrors(revokeGeneral);
    const rid = control(revokeErrors, 'id', '密钥编号', { placeholder: 'key_…', help: '创建密钥时显示的编号' });
    const revokeForm = h('form', { class: 'card card-body mb-4', novalidate: true, 'aria-labelledby': 'rk-h' },
      h('h2', { class: 'h5', id: 'rk-h' }, '吊销密钥'), revokeGeneral, rid.wrap,
      h('div', null, h('button', { type: 'submit', class: 'btn btn-danger' }, '吊销')));
    revokeForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      revokeErrors.clear();
      const id = rid.input.value.trim();
      if (!id) return;
      if (!window.confirm(`吊销密钥 ${id}？吊销后立即失效。`)) return;
      try {
        await api(`/v1/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
        clear(revokeGeneral).append(alertBox(`已吊销 ${id}`, 'success'));
        rid.input.value = '';
      } catch (err) { revokeErrors.show(err); }
    });
    function keyItem(id, text) {
      const li = h('li', { class: 'd-flex align-items-center gap-2 mb-1' }, h('code', null, id), h('span', null, text));
      const b = h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger', 'aria-label': `吊销 ${id}` }, '吊销');
      b.addEventListener('click', async () => {
        if (!window.confirm(`吊销密钥 ${id}？吊销后立即失效。`)) return;
        try {
          await api(`/v1/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
          b.replaceWith(badge('已吊销', 'secondary'));
        } catch (err) { if (!err.redirected) window.alert(errorText(err)); }
      });
      li.append(b);
      return li;
    }
    // Every key on file, newest first (never a secret: only ids and owners).
    const all = h('ul', { class: 'list-unstyled' });
    try {
      const keys = await api('/v1/keys?per_page=100');
      for (const k of keys.items) {
        const text = `${ROLE[k.role] || k.role}${k.owner ? ` · ${k.owner}` : ''}${k.region ? ` · ${k.region}` : ''}`;
        if (k.revoked_at) {
          all.append(h('li', { class: 'd-flex align-items-center gap-2 mb-1' }, h('code', null, k.id), h('span', null, text), badge('已吊销', 'secondary')));
        } else {
          all.append(keyItem(k.id, text));
        }
      }
      if (!keys.items.length) all.append(h('li', { class: 'text-muted' }, '还没有创建过密钥'));
    } catch (err) { if (!err.redirected) all.append(h('li', null, errorText(err))); }
    add(panel, form, h('section', { class: 'mb-4', 'aria-label': '本次创建的密钥' }, h('h2', { class: 'h6' }, '本次创建的密钥'), created),
      h('section', { class: 'mb-4', 'aria-label': '全部密钥' }, h('h2', { class: 'h6' }, '全部密钥'), all), revokeForm);
  }

  async function adminAudit(panel) {
    let page = 1;
    const box = h('div', { 'aria-live': 'polite' });
    panel.append(h('h2', { class: 'h5' }, '审计日志'), h('p', { class: 'text-muted small' }, '查看身份证号、登录和账户变更的记录，最新的在前。'), box);
    const load = async () => {
      clear(box).append(spinner());
      try {
        const d = await api(`/v1/audit${qs({ page, per_page: 50 })}`);
        clear(box).append(h('table', { class: 'table table-sm stack-table audit-table' },
          h('caption', null, `共 ${num(d.total)} 条`),
          h('thead', null, h('tr', null, ['时间', '操作者', '操作', '家庭', '账户', '地址', '字段'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, d.items.map((a) => h('tr', null,
            h('td', { 'data-label': '时间' }, dateTime(a.at)),
            h('td', { 'data-label': '操作者' }, a.actor),
            h('td', { 'data-label': '操作' }, AUDIT_ACTION[a.action] || a.action),
            h('td', { 'data-label': '家庭' }, a.household_id ? link(`/households/${a.household_id}`, String(a.household_id)) : '—'),
            h('td', { 'data-label': '账户' }, a.user_id ?? '—'),
            h('td', { 'data-label': '地址' }, a.client || '—'),
            h('td', { 'data-label': '字段' }, (a.fields || []).join(', ') || '—'))))));
        const pg = pager(d.total, page, 50, (p) => { page = p; load(); }, '审计日志分页');
        if (pg) box.append(pg);
      } catch (err) {
        if (!err.redirected) clear(box).append(alertBox(errorText(err)));
      }
    };
    await load();
  }

  // ---------------------------------------------------------------- start

  render();
})();

// The household's page (/p/{token}): its current plan, member by member, how
// to apply, and 感兴趣 / 不合适 on each item. Everything from data is shown
// as text. No sign-in: the token in the address is the key.
'use strict';

(function () {
  const token = location.pathname.split('/').pop();
  const api = '/v1/p/' + encodeURIComponent(token);
  const root = document.getElementById('plan');
  const status = document.getElementById('status');
  const reasons = [
    ['too_far', '太远'], ['low_wage', '工资低'], ['health', '身体原因'],
    ['schedule', '时间不合适'], ['other', '其他'],
  ];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function line(parent, label, value) {
    if (value === undefined || value === null || value === '') return;
    const p = el('p', 'mb-1');
    p.append(el('span', 'text-secondary', label + '：'), document.createTextNode(String(value)));
    parent.append(p);
  }

  function wage(item) {
    if (item.wage_min && item.wage_max) return item.wage_min + '–' + item.wage_max + ' 元/月';
    if (item.wage_min) return item.wage_min + ' 元/月起';
    return item.wage_max ? '最高 ' + item.wage_max + ' 元/月' : '面议';
  }

  function howToApply(parent, apply) {
    if (!apply) return;
    const box = el('div', 'border-top pt-2 mt-2');
    box.append(el('p', 'fw-bold mb-1', '如何申请'));
    line(box, '联系人', apply.contact);
    if (apply.phone) {
      const p = el('p', 'mb-1');
      const a = el('a', 'btn btn-outline-primary btn-lg', '拨打 ' + apply.phone);
      a.href = 'tel:' + apply.phone.replace(/[^0-9+]/g, '');
      p.append(a);
      box.append(p);
    }
    if (apply.url && /^https?:\/\//i.test(apply.url)) {
      const p = el('p', 'mb-1');
      const a = el('a', '', '在线申请');
      a.href = apply.url;
      a.rel = 'noopener noreferrer';
      p.append(a);
      box.append(p);
    }
    line(box, '地址', apply.address);
    line(box, '请注意', apply.note);
    parent.append(box);
  }

  function answerControls(card, item) {
    const box = el('div', 'd-flex flex-wrap gap-2 align-items-center mt-2');
    const said = el('p', 'w-100 mb-0 text-success');
    const show = (a) => {
      said.textContent = !a ? '' : a.answer === 'interested' ? '您已回复：感兴趣'
        : '您已回复：不合适' + (a.reason ? '（' + (reasons.find((r) => r[0] === a.reason) || [])[1] + '）' : '');
    };
    show(item.answer);
    const yes = el('button', 'btn btn-success btn-lg', '感兴趣');
    yes.type = 'button';
    const no = el('button', 'btn btn-outline-secondary btn-lg', '不合适');
    no.type = 'button';
    const select = el('select', 'form-select form-select-lg');
    select.setAttribute('aria-label', '不合适的原因');
    select.append(el('option', '', '原因（可不选）'));
    select.firstChild.value = '';
    for (const [value, label] of reasons) {
      const o = el('option', '', label);
      o.value = value;
      select.append(o);
    }
    async function send(answer) {
      const body = { recommendation_id: item.recommendation_id, answer };
      if (answer === 'not_suitable' && select.value) body.reason = select.value;
      const r = await fetch(api + '/responses', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      if (r.ok) show(await r.json()); else said.textContent = '提交失败，请稍后再试';
    }
    yes.addEventListener('click', () => send('interested'));
    no.addEventListener('click', () => send('not_suitable'));
    box.append(yes, no, select, said);
    card.append(box);
  }

  function itemCard(item, kind) {
    const card = el('article', 'card card-body mb-3');
    card.append(el('h3', 'h5', item.title));
    if (kind === 'jobs') {
      line(card, '单位', item.employer);
      line(card, '工资', wage(item));
      line(card, '地点', item.address);
      if (typeof item.distance_km === 'number') line(card, '距离', '约 ' + item.distance_km + ' 公里');
    } else if (kind === 'courses') {
      line(card, '开课', item.starts_on && item.ends_on ? item.starts_on + ' 至 ' + item.ends_on : item.starts_on);
      line(card, '地点', item.address);
      line(card, '费用', item.fee === 0 ? '免费' : item.fee ? item.fee + ' 元' : '');
    } else {
      line(card, '说明', item.description);
    }
    if (item.reasons && item.reasons.length) {
      const ul = el('ul', 'mb-1');
      for (const r of item.reasons) ul.append(el('li', '', r));
      card.append(ul);
    }
    if (kind === 'jobs') howToApply(card, item.apply);
    answerControls(card, item);
    return card;
  }

  function render(plan) {
    status.remove();
    if (!plan.members.length) {
      root.append(el('p', '', '暂时还没有为您制定帮扶计划，请联系您的帮扶工作人员。'));
      return;
    }
    for (const m of plan.members) {
      const section = el('section', 'mb-4');
      section.append(el('h2', 'h4 border-bottom pb-1', m.name));
      for (const [list, title] of [['jobs', '推荐岗位'], ['courses', '推荐培训'], ['aid', '创业扶持']]) {
        if (!m[list] || !m[list].length) continue;
        section.append(el('h3', 'h5 text-secondary mt-3', title));
        for (const item of m[list]) section.append(itemCard(item, list));
      }
      root.append(section);
    }
  }

  fetch(api).then(async (r) => {
    if (r.ok) return render(await r.json());
    status.textContent = r.status === 429 ? '访问过于频繁，请稍后再试。'
      : '链接无效或已过期，请联系您的帮扶工作人员。';
  }).catch(() => { status.textContent = '网络错误，请稍后再试。'; });
}());

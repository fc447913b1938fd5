// catchment serve: the zone editor page. Talks to the JSON API of the same server only.
(function () {
  'use strict';
  var TOKEN = document.querySelector('meta[name="catchment-token"]').content;
  var TEXT = {
    zh: {
      title: '学区划分草案', start: '起点', start_current: '现有学校', start_nearest: '就近',
      start_capacitated: '容量约束', start_contiguous: '连片', restart: '重新开始', undo: '撤销',
      redo: '重做', pin: '固定', unpin: '取消固定', optimise: '优化其余', save: '保存', load: '载入',
      help: '点击单元选择（Shift 点击多选，Shift 拖动框选），再点击学校或表格行即可调整；Ctrl+Z 撤销',
      school: '学校', pupils: '学生', classes: '班数', rooms: '教室', util: '利用率', dist: '平均距离',
      flags: '超限', units: '单元', over: '超限学校', moved: '转校学生', mean: '平均距离',
      p95: '95% 距离', contig: '学区连片', yes: '是', no: '否', selected: '已选单元', none: '未选择单元：点击地图上的单元',
      move_to: '调至', over_class: '超班额', rooms_short: '教室不足', over_size: '超规模',
      saved: '已保存：', loaded: '已载入', unassigned: '未分配', pinned: '已固定', km: '公里',
      legend_util: '学校利用率', split: '不连片', last: '最近操作：', not_contig: '不连片：',
      cells: '无规划单元：学生按 {s} 米网格汇总，每格至少 {m} 人（{k} 个人数不足的小格并入最近的网格）'
    },
    en: {
      title: 'Zoning draft', start: 'Start', start_current: 'current schools', start_nearest: 'nearest',
      start_capacitated: 'capacitated', start_contiguous: 'contiguous', restart: 'Restart', undo: 'Undo',
      redo: 'Redo', pin: 'Pin', unpin: 'Unpin', optimise: 'Re-optimise the rest', save: 'Save', load: 'Load',
      help: 'Click a unit to select it (shift-click adds, shift-drag draws a box), then click a school or a table row to move it; Ctrl+Z undoes',
      school: 'School', pupils: 'Pupils', classes: 'Classes', rooms: 'Rooms', util: 'Use', dist: 'Mean dist.',
      flags: 'Caps', units: 'Units', over: 'schools over a cap', moved: 'pupils moved', mean: 'mean distance',
      p95: '95th pct distance', contig: 'zones contiguous', yes: 'yes', no: 'no', selected: 'units selected', none: 'No unit selected: click a unit on the map',
      move_to: 'Move to', over_class: 'class cap', rooms_short: 'rooms', over_size: 'size cap',
      saved: 'Saved: ', loaded: 'Loaded', unassigned: 'unassigned', pinned: 'pinned', km: 'km',
      legend_util: 'School utilisation', split: 'split', last: 'Last edit: ', not_contig: 'not contiguous: ',
      cells: 'No planning units: pupils in {s} m grid cells of at least {m} ({k} smaller squares merged into the nearest cell)'
    }
  };
  var PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#e15759',
    '#9c755f', '#bab0ac', '#86bcb6', '#d37295', '#a0cbe8', '#ffbe7d', '#8cd17d', '#b6992d',
    '#f1ce63', '#499894', '#ff9d9a', '#79706e', '#d4a6c8'];
  var lang = 'zh';
  var geo = null, state = null, prevSchools = {};
  var unitLayers = [], unitIndex = {}, schoolLayers = {}, schoolOrder = {};
  var selected = {};
  var boxedAt = 0;
  var map = L.map('map', { zoomControl: true, boxZoom: false, attributionControl: false, preferCanvas: false });
  var unitsGroup = L.layerGroup().addTo(map);
  map.createPane('schools');
  map.getPane('schools').style.zIndex = 650;

  function t(k) { return TEXT[lang][k] || k; }
  function el(id) { return document.getElementById(id); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }

  function status(msg, isError) {
    var s = el('status');
    s.textContent = msg || '';
    s.className = isError ? 'error' : '';
  }

  var LEVEL = { zh: { primary: '小学', junior: '初中', kindergarten: '幼儿园' }, en: { primary: 'primary', junior: 'junior secondary', kindergarten: 'kindergarten' } };
  var START = { current: 'start_current', nearest: 'start_nearest', capacitated: 'start_capacitated', contiguous: 'start_contiguous' };

  // The server's edit labels (English, for scripts) in the page's language.
  function editText(s) {
    if (lang === 'en' || !s) { return s; }
    var m;
    if ((m = /^moved (\d+) unit\(s\) to (.+)$/.exec(s))) { return '已将 ' + m[1] + ' 个单元调至' + nameOf(m[2]); }
    if ((m = /^pinned (\d+) unit/.exec(s))) { return '已固定 ' + m[1] + ' 个单元'; }
    if ((m = /^unpinned (\d+) unit/.exec(s))) { return '已取消固定 ' + m[1] + ' 个单元'; }
    if ((m = /^re-optimised the rest \((\d+) unit/.exec(s))) { return '已优化其余单元（固定 ' + m[1] + ' 个）'; }
    if ((m = /^start: (\w+)/.exec(s))) { return '起点：' + t(START[m[1]] || m[1]); }
    if ((m = /^loaded '(.+)'$/.exec(s))) { return '已载入“' + m[1] + '”'; }
    return s;
  }

  function edited(s) {
    status(editText(s.last_edit));
    el('status').setAttribute('data-edit', s.last_edit);
  }

  function api(method, path, body) {
    var opts = { method: method, headers: { 'X-Catchment-Token': TOKEN } };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) { throw new Error((j.field ? j.field + ': ' : '') + j.error); }
        return j;
      });
    });
  }

  function colourOf(schoolId) {
    if (schoolId === null || schoolId === undefined) { return '#d0d4d8'; }
    return PALETTE[schoolOrder[schoolId] % PALETTE.length];
  }

  function utilColour(u) {
    if (u > 1.0) { return '#c0392b'; }
    if (u > 0.9) { return '#e67e22'; }
    if (u > 0.6) { return '#2e7d32'; }
    return '#7fb3d5';
  }

  function applyText() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (n) {
      n.textContent = t(n.getAttribute('data-t'));
    });
    el('lang').textContent = lang === 'zh' ? 'EN' : '中文';
  }

  function drawGeo() {
    // The map needs a view before layers are added, so their SVG paths exist at once.
    var first = L.geoJSON(geo.boundary || geo.units).getBounds();
    if (first.isValid()) { map.fitBounds(first, { padding: [10, 10] }); } else { map.setView([0, 0], 2); }
    if (geo.boundary) {
      L.geoJSON(geo.boundary, { style: { color: '#2d3a45', weight: 2, fill: false, interactive: false } }).addTo(map);
    }
    geo.schools.forEach(function (s, i) { schoolOrder[s.id] = i; });
    var layer = L.geoJSON(geo.units, {
      style: function () { return { color: '#ffffff', weight: 0.8, fillOpacity: 0.55, fillColor: '#d0d4d8' }; },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 6 }); },
      onEachFeature: function (f, l) {
        var i = unitLayers.length;
        unitLayers.push(l);
        unitIndex[f.properties.id] = i;
        l.feature.properties.index = i;
        l.on('click', function (e) { L.DomEvent.stopPropagation(e); if (!justBoxed()) { clickUnit(i, e.originalEvent.shiftKey); } });
        l.on('add', function () { if (l._path) { l._path.setAttribute('data-unit', f.properties.id); } });
      }
    });
    layer.eachLayer(function (l) { unitsGroup.addLayer(l); });
    unitLayers.forEach(function (l) { if (l._path) { l._path.setAttribute('data-unit', l.feature.properties.id); } });
    geo.schools.forEach(function (s) {
      var m = L.circleMarker([s.lonlat[1], s.lonlat[0]], { pane: 'schools', radius: 7, weight: 1.5, color: '#1f2933', fillOpacity: 0.95 });
      m.on('click', function (e) { clickSchool(s.id); L.DomEvent.stopPropagation(e); });
      m.bindTooltip(esc(s.name), { permanent: true, direction: 'right', offset: [8, 0], className: 'school-label', pane: 'schools' });
      m.on('add', function () { if (m._path) { m._path.setAttribute('data-school', s.id); } });
      m.addTo(map);
      schoolLayers[s.id] = m;
    });
    var legend = L.control({ position: 'bottomleft' });
    legend.onAdd = function () {
      var d = L.DomUtil.create('div', 'legend');
      d.id = 'legend';
      return d;
    };
    legend.addTo(map);
  }

  function drawLegend() {
    var rows = [['#7fb3d5', '≤ 60%'], ['#2e7d32', '60–90%'], ['#e67e22', '90–100%'], ['#c0392b', '> 100%']];
    el('legend').innerHTML = '<b>' + esc(t('legend_util')) + '</b><br>' + rows.map(function (r) {
      return '<i style="background:' + r[0] + '"></i>' + r[1];
    }).join('<br>');
  }

  function styleUnits() {
    state.units.forEach(function (u, i) {
      var l = unitLayers[i];
      if (!l) { return; }
      var sel = !!selected[i];
      l.setStyle({
        fillColor: colourOf(u.school_id),
        color: sel ? '#111111' : (u.pinned ? '#1f2933' : '#ffffff'),
        weight: sel ? 3 : (u.pinned ? 2 : 0.8),
        dashArray: u.pinned && !sel ? '4 3' : null,
        fillOpacity: sel ? 0.85 : 0.55
      });
      var p = geo.units.features[i].properties;
      var pupils = p.pupils === null ? '< ' + geo.min_pupils : p.pupils;
      var school = u.school_id === null ? t('unassigned') : nameOf(u.school_id);
      l.bindTooltip(esc(p.name || p.id) + '<br>' + esc(t('pupils')) + ': ' + pupils + '<br>→ ' + esc(school) + (u.pinned ? ' (' + esc(t('pinned')) + ')' : ''), { sticky: true });
    });
    if (Object.keys(selected).length) {
      Object.keys(selected).forEach(function (i) { unitLayers[i].bringToFront(); });
    }
  }

  function nameOf(id) {
    for (var i = 0; i < geo.schools.length; i++) { if (geo.schools[i].id === id) { return geo.schools[i].name; } }
    return id;
  }

  function styleSchools() {
    var max = 1;
    state.schools.forEach(function (s) { max = Math.max(max, s.pupils); });
    state.schools.forEach(function (s) {
      var m = schoolLayers[s.school_id];
      if (!m) { return; }
      m.setRadius(5 + 14 * Math.sqrt(s.pupils / max));
      m.setStyle({ fillColor: utilColour(s.utilisation), color: s.classes_over_cap || s.rooms_short || s.over_size_cap ? '#7b1d12' : '#1f2933', weight: s.classes_over_cap || s.rooms_short || s.over_size_cap ? 3 : 1.5 });
    });
  }

  function card(v, k, cls) {
    return '<div class="card ' + (cls || '') + '"><div class="v">' + v + '</div><div class="k">' + esc(k) + '</div></div>';
  }

  function km(m) { return (m / 1000).toFixed(2) + ' ' + t('km'); }

  function drawCounty() {
    var c = state.county;
    var html = '<div class="cards">' +
      card(c.schools_over_cap, t('over'), c.schools_over_cap ? 'bad' : 'good') +
      card(c.pupils_moved.toLocaleString(), t('moved')) +
      card(km(c.mean_distance_m), t('mean')) +
      card(km(c.p95_distance_m), t('p95')) +
      '</div><div class="edit">' +
      esc(t('contig')) + ': <b class="' + (c.all_contiguous ? 'ok' : '') + '">' + esc(c.all_contiguous ? t('yes') : t('no')) + '</b>' +
      (c.not_contiguous.length ? ' (' + esc(t('not_contig')) + esc(c.not_contiguous.map(nameOf).join('、')) + ')' : '') +
      (c.unassigned ? ' · ' + esc(t('unassigned')) + ': ' + c.unassigned : '') +
      ' · ' + esc(t('pupils')) + ': ' + c.pupils.toLocaleString() +
      ' · ' + esc(t('last')) + esc(editText(state.last_edit)) +
      (geo.cells ? '<br><span id="cells">' + esc(t('cells').replace('{s}', geo.cells.size_m).replace('{m}', geo.min_pupils)
        .replace('{k}', geo.cells.merged_squares)) + '</span>' : '') + '</div>';
    el('county').innerHTML = html;
  }

  function drawSelection() {
    var keys = Object.keys(selected);
    var s = el('selection');
    if (!keys.length) { s.innerHTML = '<span class="none">' + esc(t('none')) + '</span>'; return; }
    var names = keys.slice(0, 4).map(function (i) { var p = geo.units.features[i].properties; return esc(p.name || p.id); });
    var opts = state.schools.map(function (x) { return '<option value="' + esc(x.school_id) + '">' + esc(x.name) + '</option>'; }).join('');
    s.innerHTML = '<b>' + keys.length + '</b> ' + esc(t('selected')) + ': ' + names.join('、') + (keys.length > 4 ? '…' : '') +
      ' <label>' + esc(t('move_to')) + ' <select id="moveTo">' + opts + '</select></label> <button id="moveBtn" class="primary">' + esc(t('move_to')) + '</button>';
    el('moveBtn').onclick = function () { moveSelected(el('moveTo').value); };
  }

  function drawTable() {
    var grades = state.schools.length ? Object.keys(state.schools[0].pupils_by_grade) : [];
    el('schools').querySelector('thead').innerHTML = '<tr><th class="l">' + esc(t('school')) + '</th><th>' + esc(t('pupils')) +
      '</th><th class="l">' + grades.join(' · ') + '</th><th>' + esc(t('classes')) + '/' + esc(t('rooms')) + '</th><th>' + esc(t('util')) +
      '</th><th>' + esc(t('dist')) + '</th><th class="l">' + esc(t('flags')) + '</th></tr>';
    var rows = state.schools.map(function (s) {
      var over = s.classes_over_cap || s.rooms_short || s.over_size_cap;
      var flags = (s.classes_over_cap ? '<span class="flag">' + esc(t('over_class')) + ' ' + s.classes_over_cap + '</span>' : '') +
        (s.rooms_short ? '<span class="flag warn">' + esc(t('rooms_short')) + ' −' + s.rooms_short + '</span>' : '') +
        (s.over_size_cap ? '<span class="flag">' + esc(t('over_size')) + '</span>' : '') +
        (!s.contiguous ? '<span class="flag warn">' + esc(t('split')) + '</span>' : '');
      var util = Math.round(s.utilisation * 100);
      var changed = prevSchools[s.school_id] !== undefined && prevSchools[s.school_id] !== JSON.stringify(s);
      var byGrade = grades.map(function (g) { return s.pupils_by_grade[g] + '<sub>' + s.classes_by_grade[g] + '</sub>'; }).join(' ');
      return '<tr data-school="' + esc(s.school_id) + '" class="' + (over ? 'over ' : '') + (changed ? 'changed' : '') + '">' +
        '<td class="l name" title="' + esc(s.school_id) + ' · ' + s.units + ' ' + esc(t('units')) + '"><span class="swatch" style="background:' + colourOf(s.school_id) + '"></span>' + esc(s.name) + '</td>' +
        '<td class="pupils">' + s.pupils + '</td><td class="l grades">' + byGrade + '</td>' +
        '<td class="classes">' + s.classes + '/' + s.rooms + '</td>' +
        '<td><span class="bar"><i style="width:' + Math.min(100, util) + '%;background:' + utilColour(s.utilisation) + '"></i></span>' + util + '%</td>' +
        '<td>' + km(s.mean_distance_m) + '</td><td class="l flags">' + (flags || '<span class="ok">✓</span>') + '</td></tr>';
    });
    el('schools').querySelector('tbody').innerHTML = rows.join('');
    Array.prototype.forEach.call(document.querySelectorAll('#schools tbody tr'), function (tr) {
      tr.onclick = function () { clickSchool(tr.getAttribute('data-school')); };
    });
  }

  function render(next) {
    if (state) {
      prevSchools = {};
      state.schools.forEach(function (s) { prevSchools[s.school_id] = JSON.stringify(s); });
    }
    state = next;
    el('undo').disabled = !state.can_undo;
    el('redo').disabled = !state.can_redo;
    el('start').value = state.start;
    el('project').textContent = LEVEL[lang][state.level] || state.level;
    styleUnits();
    styleSchools();
    drawCounty();
    drawSelection();
    drawTable();
    drawLegend();
  }

  function selectedIds() {
    return Object.keys(selected).map(function (i) { return geo.units.features[i].properties.id; });
  }

  function clickUnit(i, add) {
    if (add) {
      if (selected[i]) { delete selected[i]; } else { selected[i] = true; }
    } else {
      var only = selected[i] && Object.keys(selected).length === 1;
      selected = {};
      if (!only) { selected[i] = true; }
    }
    styleUnits();
    drawSelection();
  }

  function moveSelected(schoolId) {
    var ids = selectedIds();
    if (!ids.length) { status(t('none')); return; }
    api('POST', '/api/move', { units: ids, school_id: schoolId }).then(function (s) {
      selected = {};
      render(s);
      edited(s);
    }).catch(function (e) { status(e.message, true); });
  }

  function clickSchool(id) {
    if (Object.keys(selected).length) { moveSelected(id); }
  }

  function post(path, body) {
    return api('POST', path, body).then(function (s) { render(s); edited(s); return s; })
      .catch(function (e) { status(e.message, true); });
  }

  function pin(pinned) {
    var ids = selectedIds();
    if (!ids.length) { status(t('none')); return; }
    post('/api/pin', { units: ids, pinned: pinned }).then(function () { selected = {}; styleUnits(); drawSelection(); });
  }

  function justBoxed() { return Date.now() - boxedAt < 300; }

  function boxSelect() {
    var start = null, box = null, container = map.getContainer();
    container.addEventListener('mousedown', function (e) {
      if (!e.shiftKey || e.button !== 0) { return; }
      map.dragging.disable();
      start = map.mouseEventToContainerPoint(e);
      box = L.DomUtil.create('div', 'boxsel', container);
      e.preventDefault();
    });
    container.addEventListener('mousemove', function (e) {
      if (!start) { return; }
      var p = map.mouseEventToContainerPoint(e);
      var x = Math.min(p.x, start.x), y = Math.min(p.y, start.y);
      box.style.left = x + 'px'; box.style.top = y + 'px';
      box.style.width = Math.abs(p.x - start.x) + 'px'; box.style.height = Math.abs(p.y - start.y) + 'px';
    });
    document.addEventListener('mouseup', function (e) {
      if (!start) { return; }
      var p = map.mouseEventToContainerPoint(e);
      var moved = Math.abs(p.x - start.x) + Math.abs(p.y - start.y) > 4;
      if (moved) {
        var bounds = L.latLngBounds(map.containerPointToLatLng(start), map.containerPointToLatLng(p));
        unitLayers.forEach(function (l, i) {
          var c = l.getBounds ? l.getBounds().getCenter() : l.getLatLng();
          if (bounds.contains(c)) { selected[i] = true; }
        });
        styleUnits();
        drawSelection();
        // The browser follows this mouseup with a click on the map or a unit; it must not
        // clear or toggle the selection just made.
        boxedAt = Date.now();
      }
      L.DomUtil.remove(box);
      start = null; box = null;
      map.dragging.enable();
    });
  }

  el('undo').onclick = function () { post('/api/undo'); };
  el('redo').onclick = function () { post('/api/redo'); };
  el('restart').onclick = function () { post('/api/start', { start: el('start').value }); };
  el('optimise').onclick = function () { post('/api/optimise'); };
  el('pin').onclick = function () { pin(true); };
  el('unpin').onclick = function () { pin(false); };
  el('save').onclick = function () {
    api('POST', '/api/save', { name: el('name').value || 'draft-1' })
      .then(function (r) { status(t('saved') + r.folder); })
      .catch(function (e) { status(e.message, true); });
  };
  el('load').onclick = function () {
    post('/api/load', { name: el('name').value || 'draft-1' });
  };
  el('lang').onclick = function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    applyText();
    render(state);
  };
  document.addEventListener('keydown', function (e) {
    if (e.target.tagName === 'INPUT') { return; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'z') { post('/api/undo'); e.preventDefault(); }
    if ((e.ctrlKey || e.metaKey) && e.key === 'y') { post('/api/redo'); e.preventDefault(); }
    if (e.key === 'Escape') { selected = {}; styleUnits(); drawSelection(); }
  });
  map.on('click', function () { if (!justBoxed() && Object.keys(selected).length) { selected = {}; styleUnits(); drawSelection(); } });

  applyText();
  boxSelect();
  Promise.all([api('GET', '/api/geo'), api('GET', '/api/state')]).then(function (r) {
    geo = r[0];
    drawGeo();
    render(r[1]);
    document.body.setAttribute('data-ready', '1');
  }).catch(function (e) { status(e.message, true); });
})();

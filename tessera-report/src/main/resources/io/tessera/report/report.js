/* Tessera report charts: drawn by Apache ECharts from the model embedded as JSON (#tessera-data).
 * Texts from the data reach the page only as SVG text (set as text, never parsed) or through esc()
 * in tooltips, which ECharts inserts as HTML. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('tessera-data').textContent);
  var V = JSON.parse(document.getElementById('tessera-view').textContent);
  var L = V.labels;
  var lang = V.lang;
  var FONT = getComputedStyle(document.body).fontFamily;
  var INK = '#1d2733', MUTED = '#5f6b7a', LINE = '#e3e8ef', BRAND = '#2f5d8c', ACCENT = '#f28e2b';

  function fmt(options) { return new Intl.NumberFormat(lang, options); }
  var count = fmt({ maximumFractionDigits: 0 });
  var num2 = fmt({ maximumFractionDigits: 2 });
  var num3 = fmt({ maximumFractionDigits: 3 });
  var pct = fmt({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var pct0 = fmt({ style: 'percent', maximumFractionDigits: 0 });
  var money = fmt({ style: 'currency', currency: D.run.currency, maximumFractionDigits: 0 });
  var moneyShort = fmt({ style: 'currency', currency: D.run.currency, notation: 'compact', maximumFractionDigits: 1 });

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function name(text) { return text[lang]; }
  // Maps, not objects: a segment id such as "__proto__" must stay an ordinary key
  var segIndex = new Map();
  D.segments.forEach(function (s, i) { segIndex.set(s.id, i); });
  function color(id) { return V.palette[segIndex.get(id) % V.palette.length]; }
  function segName(id) { return name(D.segments[segIndex.get(id)].name); }

  var axisCommon = {
    axisLine: { lineStyle: { color: '#b8c2cf' } },
    axisTick: { show: false },
    axisLabel: { color: MUTED },
    splitLine: { lineStyle: { color: LINE } },
    nameTextStyle: { color: MUTED },
  };
  function axis(extra) { return Object.assign({}, axisCommon, extra); }
  function base(extra) {
    return Object.assign({
      animation: false,
      textStyle: { fontFamily: FONT, color: INK },
      tooltip: { confine: true, textStyle: { fontFamily: FONT } },
    }, extra);
  }

  var charts = [];
  function draw(el, option) {
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    charts.push(chart);
  }

  var builders = {
    rfm: function (el) {
      var cells = D.rfm_grid.cells;
      var total = cells.reduce(function (a, c) { return a + c.customers; }, 0);
      var max = Math.max.apply(null, cells.map(function (c) { return c.customers; }).concat([1]));
      var data = cells.map(function (c) {
        return { value: [c.frequency - 1, c.recency - 1, c.customers], group: name(c.group_name) };
      });
      draw(el, base({
        tooltip: {
          confine: true,
          formatter: function (p) {
            return '<b>' + esc(p.data.group) + '</b><br>R ' + (p.value[1] + 1) + ' · F ' + (p.value[0] + 1)
              + '<br>' + esc(L.customers) + ': ' + count.format(p.value[2])
              + ' (' + pct.format(total ? p.value[2] / total : 0) + ')';
          },
        },
        grid: { left: 70, right: 20, top: 10, bottom: 56 },
        xAxis: axis({ type: 'category', data: ['1', '2', '3', '4', '5'], name: L.frequency_score,
          nameLocation: 'middle', nameGap: 32, splitArea: { show: false } }),
        yAxis: axis({ type: 'category', data: ['1', '2', '3', '4', '5'], name: L.recency_score,
          nameLocation: 'middle', nameGap: 40, splitArea: { show: false } }),
        visualMap: { show: false, min: 0, max: max, inRange: { color: ['#f1f5fb', '#9fbfe3', '#3f74b5'] } },
        series: [{
          type: 'heatmap',
          data: data,
          itemStyle: { borderColor: '#fff', borderWidth: 3, borderRadius: 6 },
          // plain text, not rich text: a segment name with braces must not be read as markup
          label: {
            show: true, color: INK, fontSize: 12, lineHeight: 17, width: 124, overflow: 'truncate',
            formatter: function (p) { return p.data.group + '\n' + count.format(p.value[2]); },
          },
        }],
      }));
    },

    value: function (el) {
      var segs = D.segments.slice().reverse();
      draw(el, base({
        tooltip: {
          confine: true, trigger: 'axis', axisPointer: { type: 'shadow' },
          formatter: function (ps) {
            return '<b>' + esc(ps[0].name) + '</b>' + ps.map(function (p) {
              return '<br>' + p.marker + esc(p.seriesName) + ': ' + pct.format(p.value);
            }).join('');
          },
        },
        legend: { top: 0, left: 0, textStyle: { color: MUTED } },
        grid: { left: 210, right: 48, top: 34, bottom: 24 },
        xAxis: axis({ type: 'value', axisLabel: { color: MUTED, formatter: function (v) { return pct0.format(v); } } }),
        yAxis: axis({ type: 'category', data: segs.map(function (s) { return name(s.name); }),
          axisLabel: { color: INK, width: 196, overflow: 'truncate', fontSize: 12.5 } }),
        series: [
          { name: L.share, type: 'bar', barGap: '10%', barMaxWidth: 16, itemStyle: { color: '#a9b8cc', borderRadius: [0, 3, 3, 0] },
            data: segs.map(function (s) { return s.share; }),
            label: { show: true, position: 'right', color: MUTED, fontSize: 11, formatter: function (p) { return pct.format(p.value); } } },
          { name: L.revenue_share, type: 'bar', barMaxWidth: 16, itemStyle: { color: BRAND, borderRadius: [0, 3, 3, 0] },
            data: segs.map(function (s) { return s.revenue_share; }),
            label: { show: true, position: 'right', color: INK, fontSize: 11, formatter: function (p) { return pct.format(p.value); } } },
        ],
      }));
    },

    map: function (el) {
      var bySeg = new Map();
      D.map.points.forEach(function (p) {
        if (!bySeg.has(p.segment_id)) { bySeg.set(p.segment_id, []); }
        bySeg.get(p.segment_id).push([p.x, p.y]);
      });
      var series = D.segments.filter(function (s) { return bySeg.has(s.id); }).map(function (s) {
        return { name: name(s.name), type: 'scatter', symbolSize: 5, data: bySeg.get(s.id),
          itemStyle: { color: color(s.id), opacity: 0.72 }, emphasis: { focus: 'series' } };
      });
      draw(el, base({
        tooltip: { confine: true, formatter: function (p) { return p.marker + esc(p.seriesName); } },
        legend: { type: 'scroll', top: 0, left: 0, right: 0, textStyle: { color: INK } },
        grid: { left: 36, right: 16, top: 40, bottom: 36 },
        xAxis: axis({ type: 'value', scale: true, name: D.map.method + ' 1', nameLocation: 'middle', nameGap: 22, axisLabel: { show: false } }),
        yAxis: axis({ type: 'value', scale: true, name: D.map.method + ' 2', nameLocation: 'middle', nameGap: 14, axisLabel: { show: false } }),
        series: series,
      }));
    },

    'k-silhouette': function (el) { kChart(el, 'silhouette', L.silhouette, num3); },
    'k-calinski-harabasz': function (el) { kChart(el, 'calinski_harabasz', L.calinski_harabasz, count); },
    'k-davies-bouldin': function (el) { kChart(el, 'davies_bouldin', L.davies_bouldin, num3); },

    clv: function (el) {
      var boxes = D.predictions.clv.segments;
      var cats = boxes.map(function (b) { return segName(b.segment_id); });
      draw(el, base({
        tooltip: {
          confine: true,
          formatter: function (p) {
            var b = boxes[p.dataIndex];
            return '<b>' + esc(segName(b.segment_id)) + '</b><br>'
              + [[L.max, b.max], [L.q3, b.q3], [L.median, b.median], [L.q1, b.q1], [L.min, b.min], [L.mean, b.mean]]
                .map(function (r) { return esc(r[0]) + ': ' + money.format(r[1]); }).join('<br>');
          },
        },
        grid: { left: 10, right: 20, top: 36, bottom: 10, containLabel: true },
        xAxis: axis({ type: 'category', data: cats, axisLabel: { color: INK, interval: 0, width: 120, overflow: 'break', lineHeight: 15 } }),
        yAxis: axis({ type: 'value', name: L.clv_axis, nameTextStyle: { color: MUTED, align: 'left' },
          axisLabel: { color: MUTED, formatter: function (v) { return moneyShort.format(v); } } }),
        series: [
          { type: 'boxplot', data: boxes.map(function (b) {
              return { value: [b.min, b.q1, b.median, b.q3, b.max],
                itemStyle: { color: color(b.segment_id) + '33', borderColor: color(b.segment_id), borderWidth: 1.5 } };
            }) },
          { type: 'scatter', symbol: 'diamond', symbolSize: 10, tooltip: { show: false },
            data: boxes.map(function (b, i) { return { value: [i, b.mean], itemStyle: { color: INK } }; }) },
        ],
      }));
    },

    palive: function (el) {
      var h = D.predictions.p_alive;
      draw(el, base({
        tooltip: {
          confine: true,
          formatter: function (p) {
            var c = p.data.cell;
            return esc(L.days_since_last) + ': ' + esc(h.recency_bins[c.recency_bin]) + '<br>'
              + esc(L.repeat_purchases) + ': ' + esc(h.frequency_bins[c.frequency_bin]) + '<br>'
              + 'P(alive): <b>' + pct.format(c.p_alive) + '</b><br>' + esc(L.customers) + ': ' + count.format(c.customers);
          },
        },
        grid: { left: 120, right: 90, top: 10, bottom: 50 },
        xAxis: axis({ type: 'category', data: h.frequency_bins, name: L.repeat_purchases, nameLocation: 'middle', nameGap: 30 }),
        yAxis: axis({ type: 'category', data: h.recency_bins, name: L.days_since_last, nameLocation: 'middle', nameGap: 80, inverse: true }),
        visualMap: { min: 0, max: 1, calculable: false, orient: 'vertical', right: 0, top: 'middle', itemHeight: 180,
          text: ['100%', '0%'], textStyle: { color: MUTED },
          inRange: { color: ['#d7191c', '#fdae61', '#ffffbf', '#a6d96a', '#1a9641'] } },
        series: [{
          type: 'heatmap',
          data: h.cells.map(function (c) { return { value: [c.frequency_bin, c.recency_bin, c.p_alive], cell: c }; }),
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
          label: { show: true, color: INK, fontSize: 11, formatter: function (p) { return pct.format(p.value[2]); } },
        }],
      }));
    },

    roc: function (el) {
      var c = D.predictions.churn;
      draw(el, base({
        title: { text: 'ROC · AUC ' + num3.format(c.roc_auc), left: 'center', top: 0, textStyle: { fontSize: 13, color: INK, fontWeight: 600 } },
        tooltip: { confine: true, trigger: 'item', formatter: function (p) {
          return esc(L.false_positive_rate) + ': ' + pct.format(p.value[0]) + '<br>' + esc(L.true_positive_rate) + ': ' + pct.format(p.value[1]);
        } },
        legend: { bottom: 0, textStyle: { color: MUTED } },
        grid: { left: 56, right: 16, top: 32, bottom: 64 },
        xAxis: axis({ type: 'value', min: 0, max: 1, name: L.false_positive_rate, nameLocation: 'middle', nameGap: 26 }),
        yAxis: axis({ type: 'value', min: 0, max: 1, name: L.true_positive_rate, nameLocation: 'middle', nameGap: 38 }),
        series: [
          { name: c.model, type: 'line', showSymbol: false, lineStyle: { width: 2.5, color: BRAND }, itemStyle: { color: BRAND },
            areaStyle: { color: 'rgba(47,93,140,0.08)' },
            data: c.roc.map(function (p) { return [p.false_positive_rate, p.true_positive_rate]; }) },
          { name: L.random, type: 'line', showSymbol: false, silent: true, lineStyle: { type: 'dashed', color: '#9aa5b4' },
            itemStyle: { color: '#9aa5b4' }, data: [[0, 0], [1, 1]] },
        ],
      }));
    },

    calibration: function (el) {
      var c = D.predictions.churn;
      draw(el, base({
        title: { text: L.observed_churn + ' / ' + L.predicted_churn, left: 'center', top: 0, textStyle: { fontSize: 13, color: INK, fontWeight: 600 } },
        tooltip: { confine: true, trigger: 'item', formatter: function (p) {
          var b = c.calibration[p.dataIndex];
          if (!b || p.seriesIndex !== 0) { return esc(p.seriesName); }
          return esc(L.predicted_churn) + ': ' + pct.format(b.predicted_mean) + '<br>' + esc(L.observed_churn) + ': '
            + pct.format(b.observed_rate) + '<br>' + esc(L.customers) + ': ' + count.format(b.customers);
        } },
        legend: { bottom: 0, textStyle: { color: MUTED } },
        grid: { left: 56, right: 16, top: 32, bottom: 64 },
        xAxis: axis({ type: 'value', min: 0, max: 1, name: L.predicted_churn, nameLocation: 'middle', nameGap: 26 }),
        yAxis: axis({ type: 'value', min: 0, max: 1, name: L.observed_churn, nameLocation: 'middle', nameGap: 38 }),
        series: [
          { name: c.model, type: 'line', symbolSize: 8, lineStyle: { width: 2, color: ACCENT }, itemStyle: { color: ACCENT },
            data: c.calibration.map(function (b) { return [b.predicted_mean, b.observed_rate]; }) },
          { name: L.perfect_calibration, type: 'line', showSymbol: false, silent: true,
            lineStyle: { type: 'dashed', color: '#9aa5b4' }, itemStyle: { color: '#9aa5b4' }, data: [[0, 0], [1, 1]] },
        ],
      }));
    },

    backtest: function (el) {
      var b = D.predictions.backtest;
      var weeks = b.weeks.map(function (w) { return w.week_start; });
      var firstHoldout = weeks.filter(function (w) { return w > b.calibration_end; })[0];
      draw(el, base({
        tooltip: {
          confine: true, trigger: 'axis',
          formatter: function (ps) {
            return esc(L.week) + ' ' + esc(ps[0].name) + ps.map(function (p) {
              return '<br>' + p.marker + esc(p.seriesName) + ': ' + num2.format(p.value);
            }).join('');
          },
        },
        legend: { top: 0, right: 0, textStyle: { color: MUTED } },
        grid: { left: 10, right: 24, top: 56, bottom: 10, containLabel: true },
        xAxis: axis({ type: 'category', data: weeks, boundaryGap: false, axisLabel: { color: MUTED, hideOverlap: true } }),
        yAxis: axis({ type: 'value', name: L.purchases_per_week, nameTextStyle: { color: MUTED, align: 'left' } }),
        series: [
          { name: L.actual, type: 'line', showSymbol: false, lineStyle: { width: 2, color: INK }, itemStyle: { color: INK },
            data: b.weeks.map(function (w) { return w.actual; }),
            markLine: firstHoldout ? { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: MUTED },
              label: { formatter: L.calibration_end, color: MUTED, position: 'end' }, data: [{ xAxis: firstHoldout }] } : undefined },
          { name: L.expected, type: 'line', showSymbol: false, lineStyle: { width: 2, type: 'dashed', color: ACCENT },
            itemStyle: { color: ACCENT }, data: b.weeks.map(function (w) { return w.expected; }) },
        ],
      }));
    },

    'identity-curve': function (el) {
      // precision and recall of merges over the posterior threshold (only drawn with truth)
      var id = D.identity;
      var pts = id.curve.filter(function (p) { return p.precision !== null && p.recall !== null; });
      var xs = pts.map(function (p) { return num3.format(p.threshold); });
      var chosen = pts.filter(function (p) { return p.threshold === id.min_confidence; })[0];
      draw(el, base({
        tooltip: { confine: true, trigger: 'axis', formatter: function (ps) {
          var p = pts[ps[0].dataIndex];
          return esc(L.identity_threshold) + ' ' + esc(xs[ps[0].dataIndex]) + ps.map(function (s) {
            return '<br>' + s.marker + esc(s.seriesName) + ': ' + fmt({ maximumFractionDigits: 4 }).format(s.value);
          }).join('') + '<br>' + esc(L.identity_traps) + ': ' + count.format(p.traps_wrong);
        } },
        legend: { top: 0, right: 0, textStyle: { color: MUTED } },
        grid: { left: 10, right: 24, top: 40, bottom: 30, containLabel: true },
        xAxis: axis({ type: 'category', boundaryGap: false, data: xs, name: L.identity_threshold,
          nameLocation: 'middle', nameGap: 28 }),
        yAxis: axis({ type: 'value', scale: true, max: 1,
          axisLabel: { color: MUTED, formatter: function (v) { return num3.format(v); } } }),
        series: [
          { name: L.precision, type: 'line', symbolSize: 6, lineStyle: { width: 2, color: BRAND }, itemStyle: { color: BRAND },
            data: pts.map(function (p) { return p.precision; }),
            markLine: chosen ? { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: MUTED },
              label: { formatter: L.chosen, color: MUTED, position: 'end' }, data: [{ xAxis: num3.format(chosen.threshold) }] } : undefined },
          { name: L.recall, type: 'line', symbolSize: 6, lineStyle: { width: 2, color: ACCENT }, itemStyle: { color: ACCENT },
            data: pts.map(function (p) { return p.recall; }) },
        ],
      }));
    },
  };

  function kChart(el, key, title, format) {
    var ks = D.k_selection;
    var chosen = ks.scores.filter(function (s) { return s.k === ks.chosen_k; })[0];
    draw(el, base({
      title: { text: title, left: 'center', top: 0, textStyle: { fontSize: 13, color: INK, fontWeight: 600 } },
      tooltip: { confine: true, trigger: 'axis', formatter: function (ps) {
        return 'k = ' + esc(ps[0].name) + '<br>' + format.format(ps[0].value);
      } },
      grid: { left: 10, right: 16, top: 34, bottom: 6, containLabel: true },
      xAxis: axis({ type: 'category', boundaryGap: false, data: ks.scores.map(function (s) { return String(s.k); }) }),
      yAxis: axis({ type: 'value', scale: true, axisLabel: { color: MUTED, formatter: function (v) { return format.format(v); } } }),
      series: [{
        type: 'line', symbolSize: 6, lineStyle: { width: 2, color: BRAND }, itemStyle: { color: BRAND },
        data: ks.scores.map(function (s) { return s[key]; }),
        markPoint: {
          symbol: 'circle', symbolSize: 12, itemStyle: { color: ACCENT },
          label: { show: true, position: 'top', color: INK, fontWeight: 600, formatter: L.chosen + ' k=' + ks.chosen_k },
          data: [{ coord: [String(chosen.k), chosen[key]] }],
        },
        markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { type: 'dashed', color: ACCENT },
          data: [{ xAxis: String(chosen.k) }] },
      }],
    }));
  }

  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var build = builders[el.getAttribute('data-chart')];
    if (!build) { throw new Error('no chart builder for ' + el.getAttribute('data-chart')); }
    build(el);
  });
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resizeAll);
  window.addEventListener('beforeprint', resizeAll);
  document.documentElement.setAttribute('data-charts-drawn', String(charts.length));
})();

/* An entity page's network (Cytoscape.js) and visual timeline (vis-timeline), from the JSON the page embeds
   (server/views.py). Both libraries come from npm through `make install`, served from /static/vendor/. */
(function () {
  "use strict";
  var source = document.getElementById("entity-views");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var colours = { person: "#1f5fbf", organisation: "#b3541e", place: "#2e7d32", event: "#6a1b9a", other: "#5f6368" };

  var box = document.getElementById("network");
  if (box && window.cytoscape && data.network.nodes.length > 1) {
    var network = window.cytoscape({
      container: box,
      elements: data.network.nodes.concat(data.network.edges),
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 120,
          "background-color": function (n) { return colours[n.data("kind")] || colours.other; }, "width": 14, "height": 14 } },
        { selector: "node[?main]", style: { "width": 26, "height": 26, "font-weight": "bold" } },
        { selector: "edge", style: { "curve-style": "bezier", "line-color": "#c6c9ce", "width": "mapData(weight, 1, 20, 1, 6)" } },
        { selector: "edge[kind = 'member']", style: { "line-color": "#b3541e", "line-style": "dashed", "label": "data(label)",
          "font-size": 9, "text-rotation": "autorotate", "width": 2, "text-background-color": "#ffffff",
          "text-background-opacity": 0.85, "text-background-padding": 2 } }
      ],
      // A few nodes would otherwise be blown up to fill the box, their labels over one another: they go in a
      // ring around the entity, at a readable size.
      maxZoom: 1.4,
      layout: data.network.nodes.length <= 10
        ? { name: "concentric", animate: false, minNodeSpacing: 90, levelWidth: function () { return 1; },
            concentric: function (n) { return n.data("main") ? 2 : 1; } }
        : { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 }
    });
    network.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (href) window.location.href = href;
    });
    window.newsgraphNetwork = network;  // for the browser tests
  } else if (box) {
    box.hidden = true;
  }

  var line = document.getElementById("visual-timeline");
  if (line && window.vis && data.timeline.length) {
    var groups = [["events", "Events"], ["roles", "Roles"], ["statements", "Statements"], ["articles", "Articles"]]
      .filter(function (g) { return data.timeline.some(function (i) { return i.group === g[0]; }); })
      .map(function (g) { return { id: g[0], content: g[1] }; });
    var items = data.timeline.map(function (item) {
      var shown = Object.assign({}, item);
      shown.content = document.createTextNode(item.content).textContent;  // text, never markup
      shown.title = shown.content;
      return shown;
    });
    // The window: every item, with a margin of a tenth of the span and at least a month on each side, so that
    // items of a single day do not put the axis in milliseconds; no zooming in past a day.
    var day = 86400000;
    var times = data.timeline.map(function (i) { return Date.parse(i.end || i.start); })
      .concat(data.timeline.map(function (i) { return Date.parse(i.start); }))
      .filter(function (t) { return !isNaN(t); });
    var options = { stack: true, zoomable: true, zoomMin: day, xss: { disabled: false } };
    if (times.length) {
      var first = Math.min.apply(null, times), last = Math.max.apply(null, times);
      var margin = Math.max((last - first) / 10, 30 * day);
      options.start = new Date(first - margin);
      options.end = new Date(last + margin);
    }
    var timeline = new window.vis.Timeline(line, items, groups, options);
    timeline.on("select", function (chosen) {
      var item = data.timeline[chosen.items[0]];
      if (item && item.href) window.location.href = item.href;
    });
    window.newsgraphTimeline = timeline;
  } else if (line) {
    line.hidden = true;
  }
})();

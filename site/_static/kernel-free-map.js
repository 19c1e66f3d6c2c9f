/* Lesson 03's interactive map on the course website, without a kernel.
 *
 * Written for this course (MIT, like its code). The page carries a placeholder
 * <div id="tl-kernel-free-map" data-maps="../_static/lesson03-maps/"> where JupyterLab shows
 * the `maps.interactive_map` widget, and `lesson03-maps/maps-data.js` sets
 * window.TREATYLENS_LESSON03_MAPS: the treaties, the slider's dates and, for every
 * (treaty, date), the picture drawn at build time by `treatylens.site_maps`, with its alt
 * text. This script adds a <select> for the treaty and an <input type="range"> for the
 * date, and swaps the <img>'s src and alt. No request leaves the site; works from file://.
 *
 * Stable hooks for tests: #tl-map-treaty, #tl-map-date, #tl-map-date-label, #tl-map-image
 * (data-treaty, data-date), #tl-map-status (polite live region with the alt text).
 */
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function init() {
    var box = document.getElementById("tl-kernel-free-map");
    var data = window.TREATYLENS_LESSON03_MAPS;
    if (!box || box.getAttribute("data-ready") === "true") {
      return;
    }
    if (!data || !data.images || !data.images.length) {
      box.appendChild(element("p", { "class": "tl-map-error" },
        "The map data did not load: see the static map below."));
      return;
    }
    var base = box.getAttribute("data-maps") || "";
    var byKey = {};
    data.images.forEach(function (image) {
      byKey[image.treaty + "|" + image.date] = image;
    });
    var dates = data.dates;
    var lastIndex = dates.length - 1;
    var startIndex = Math.max(0, dates.map(function (d) { return d.date; })
      .indexOf(data["default"].date));

    var controls = element("div", { "class": "tl-map-controls" });
    var treatyLabel = element("label", { "for": "tl-map-treaty" }, "Treaty");
    var select = element("select", { "id": "tl-map-treaty" });
    data.treaties.forEach(function (treaty) {
      var option = element("option", { "value": treaty.code }, treaty.title);
      if (treaty.code === data["default"].treaty) {
        option.selected = true;
      }
      select.appendChild(option);
    });
    var dateLabel = element("label", { "for": "tl-map-date" }, "As of");
    var range = element("input", {
      "id": "tl-map-date", "type": "range", "min": "0", "max": String(lastIndex),
      "step": "1", "value": String(startIndex)
    });
    var shown = element("output", { "id": "tl-map-date-label", "for": "tl-map-date" });
    var treatyGroup = element("span", { "class": "tl-map-control" });
    treatyGroup.appendChild(treatyLabel);
    treatyGroup.appendChild(select);
    var dateGroup = element("span", { "class": "tl-map-control tl-map-control-date" });
    dateGroup.appendChild(dateLabel);
    dateGroup.appendChild(range);
    dateGroup.appendChild(shown);
    controls.appendChild(treatyGroup);
    controls.appendChild(dateGroup);

    var figure = element("figure", { "class": "tl-map-figure" });
    var img = element("img", { "id": "tl-map-image", "class": "tl-map-image" });
    figure.appendChild(img);
    var status = element("p", {
      "id": "tl-map-status", "class": "tl-visually-hidden", "aria-live": "polite"
    });

    // Each picture is loaded once, by an Image object of its own, and shown when it has
    // loaded: dragging the slider over many stops then never aborts a load (no failed
    // requests), and the page never shows a half-loaded map.
    var loaded = {};
    var wanted = null;

    function swap(image) {
      img.src = base + image.file;
      img.alt = image.alt;
      if (image.width && image.height) {
        img.width = image.width;
        img.height = image.height;
      }
      img.setAttribute("data-treaty", image.treaty);
      img.setAttribute("data-date", image.date);
      status.textContent = image.alt;
    }

    function show() {
      var day = dates[Number(range.value)];
      var image = byKey[select.value + "|" + day.date];
      if (!image) {
        return;
      }
      range.setAttribute("aria-valuetext", day.label);
      shown.textContent = day.label;
      wanted = image;
      if (loaded[image.file] === true) {
        swap(image);
        return;
      }
      if (!loaded[image.file]) {
        var preload = new Image();
        loaded[image.file] = preload;
        preload.onload = function () {
          loaded[image.file] = true;
          if (wanted === image) {
            swap(image);
          }
        };
        preload.onerror = function () {
          delete loaded[image.file];
          if (wanted === image) {
            swap(image);  // let the page's own <img> report the missing picture
          }
        };
        preload.src = base + image.file;
      }
    }

    range.addEventListener("input", show);
    range.addEventListener("change", show);
    select.addEventListener("change", show);
    box.appendChild(controls);
    box.appendChild(figure);
    box.appendChild(status);
    box.setAttribute("data-ready", "true");
    show();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

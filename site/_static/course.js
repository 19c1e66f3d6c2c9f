/* The course website's script on every page (site/conf.py: html_js_files). Written for
 * this course (MIT, like its code).
 *
 * Widgets left on a lesson's page are drawn by the vendored @jupyter-widgets/html-manager
 * from the state they had when the site was built: their controls show, but nothing
 * answers them without a Python kernel. For each such widget this adds a short note saying
 * so (class tl-widget-note), and gives its pictures (ipywidgets Image, shown as <img> with
 * a blob: URL and no alt text) alt text that says what they are. Lesson 03's map is not a
 * widget on the site (kernel-free-map.js).
 */
(function () {
  "use strict";

  var ALT = "Chart shown by the widget above with its starting settings, as drawn when " +
    "this page was built. Its controls need Python: open the lesson in JupyterLab to " +
    "change them. The lesson's text and the figure printed under the widget describe it.";
  var NOTE = "This widget shows its starting settings: its controls need Python. Open " +
    "the lesson in JupyterLab to move them.";

  function mark(root) {
    var areas = root.querySelectorAll ? root.querySelectorAll(".widget-subarea") : [];
    Array.prototype.forEach.call(areas, function (area) {
      if (!area.getAttribute("data-tl-noted")) {
        area.setAttribute("data-tl-noted", "true");
        var note = document.createElement("p");
        note.className = "tl-widget-note";
        note.textContent = NOTE;
        area.parentNode.insertBefore(note, area);
      }
      Array.prototype.forEach.call(area.querySelectorAll("img"), function (img) {
        if (!(img.getAttribute("alt") || "").trim()) {
          img.setAttribute("alt", ALT);
        }
      });
    });
  }

  function start() {
    mark(document);
    if (!window.MutationObserver || !document.querySelector(
      'script[type="application/vnd.jupyter.widget-view+json"]')) {
      return;
    }
    new MutationObserver(function () {
      mark(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

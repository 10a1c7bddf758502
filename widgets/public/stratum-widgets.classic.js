/* global document */
/* Stratum widgets, classic-script loader: for pages that cannot add <script type="module">.
   Loads the ES module next to this file; the data-* attributes of this tag configure it. */
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  import(new URL('stratum-widgets.js', script.src).href);
})();

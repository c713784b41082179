// The search page's filters: a sidebar on wide screens, a panel closed until asked for on narrow ones.
// Without this script the panel stays open (it comes after the results, so they are still first).
(function () {
  "use strict";
  var panel = document.querySelector("details[data-collapse-below]");
  if (!panel || !window.matchMedia) return;
  if (window.matchMedia("(max-width: " + panel.dataset.collapseBelow + ")").matches) {
    panel.open = false;
  }
})();

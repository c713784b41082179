// The primary navigation on a phone: the list folds behind the Menu button (disclosure pattern).
// Without this script the button stays hidden and the list stays open. On wide screens the
// button is hidden by CSS and the list always shows. The Themes list is a <details> element:
// Escape or a click elsewhere closes it.
(function () {
  "use strict";
  var button = document.querySelector(".primary-nav__toggle");
  if (button) {
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
    });
  }
  var themes = document.querySelector(".primary-nav__themes");
  if (!themes) return;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && themes.open) {
      themes.open = false;
      themes.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (themes.open && !themes.contains(event.target)) themes.open = false;
  });
})();

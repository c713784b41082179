// Search as you type: titles from /api/search/suggest/ in a listbox under the search box.
// The form works without this script. With it, the box follows the WAI-ARIA combobox pattern
// (list autocomplete, focus stays in the box, aria-activedescendant names the chosen option):
//   ArrowDown / ArrowUp  open the list and move through it (wrapping around);
//   Alt+ArrowDown        open the list without choosing;
//   Enter                on a chosen suggestion: search for it; otherwise submit as typed;
//   Escape               close the list (a second Escape clears the box, as in any search box);
//   Tab                  close the list and move on.
// A native <datalist> is not used: browsers filter its options by the typed text, which hides
// accented titles when accents are typed without ("chuyen doi so" -> "chuyển đổi số").
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  var listbox = document.getElementById(input.dataset.suggestions);
  var status = document.getElementById(input.dataset.suggestionsStatus);
  if (!listbox) return;
  var form = input.form;
  var timer = null;
  var lastQuery = "";
  var requestNumber = 0;
  var active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listbox.id);
  input.setAttribute("aria-expanded", "false");

  function options() {
    return listbox.querySelectorAll("[role=option]");
  }

  function isOpen() {
    return !listbox.hidden;
  }

  function announce(text) {
    if (status) status.textContent = text;
  }

  function open() {
    if (!options().length) return;
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    choose(-1);
  }

  function choose(index) {
    var all = options();
    active = index;
    for (var i = 0; i < all.length; i++) {
      all[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    if (index >= 0 && all[index]) {
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function accept(option) {
    input.value = option.textContent;
    lastQuery = input.value.trim();
    close();
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  function fill(suggestions) {
    listbox.replaceChildren.apply(listbox, suggestions.map(function (title, index) {
      var option = document.createElement("li");
      option.id = listbox.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = title;
      return option;
    }));
    active = -1;
    if (suggestions.length && document.activeElement === input) {
      open();
      choose(-1);
      announce(input.dataset.countMessage.replace("{count}", suggestions.length));
    } else {
      close();
      announce("");
    }
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    clearTimeout(timer);
    if (query.length < 2) {
      requestNumber++;
      lastQuery = "";
      fill([]);
      return;
    }
    if (query === lastQuery) return;
    timer = setTimeout(function () {
      var number = ++requestNumber;
      lastQuery = query;
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query) + "&locale=" + document.documentElement.lang;
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (number === requestNumber) fill(data.suggestions || []); })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });

  input.addEventListener("keydown", function (event) {
    var count = options().length;
    if (event.key === "ArrowDown") {
      if (!count) return;
      event.preventDefault();
      if (!isOpen()) {
        open();
        if (!event.altKey) choose(0);
      } else {
        choose(active + 1 >= count ? 0 : active + 1);
      }
    } else if (event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (!isOpen()) open();
      choose(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (isOpen() && active >= 0) {
        event.preventDefault();
        accept(options()[active]);
      }
    } else if (event.key === "Escape") {
      if (isOpen()) {
        event.preventDefault();
        close();
      }
    } else if (event.key === "Tab") {
      close();
    }
  });

  // Pointer: a click chooses; pressing must not take the focus out of the box first.
  listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
  listbox.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) accept(option);
  });
  input.addEventListener("blur", close);
})();

/*
 * QA in wagtail-localize's translation editor (see locales/views/editor_qa.py).
 *
 * The panel rendered by our override of the editor's template holds the QA endpoint's URL and the
 * labels (translated on the server). This script moves the panel above the editor, asks the endpoint
 * for the translation's problems on load and after every string the editor saves or deletes (it
 * watches the editor's own fetch calls to the segments' edit URLs), lists them in the panel with a
 * live summary, and puts each segment's problems next to that segment. The editor is a React app
 * that we do not fork: segments are found the way it lays them out (per tab, grouped by field and
 * block, in the order of its props), and the marks are put back whenever it redraws.
 */
(() => {
  "use strict";

  const panel = document.querySelector("[data-editor-qa]");
  const editor = document.querySelector(".js-translation-editor");
  if (!panel || !editor || !window.fetch) {
    return;
  }

  let props = {};
  try {
    props = JSON.parse(editor.dataset.props || "{}");
  } catch (error) {
    return;
  }
  const allSegments = Array.isArray(props.segments) ? props.segments : [];
  const tabs = Array.isArray(props.tabs) ? props.tabs : [];
  const labels = panel.dataset;
  const summary = panel.querySelector("[data-editor-qa-summary]");
  const saved = panel.querySelector("[data-editor-qa-saved]");
  const list = panel.querySelector("[data-editor-qa-list]");
  const form = panel.querySelector("[data-editor-qa-submit]");
  const override = panel.querySelector("[data-editor-qa-override]");
  const itemLink = panel.querySelector("[data-editor-qa-item]");

  editor.parentNode.insertBefore(panel, editor);

  const path = (url) => new URL(url, window.location.href).pathname;
  const stringSegments = new Map();
  const byEditUrl = new Map();
  allSegments.forEach((segment) => {
    if (segment.type === "string") {
      stringSegments.set(segment.id, segment);
      byEditUrl.set(path(segment.editUrl), segment.id);
    }
  });

  /* --- where the editor draws each segment ------------------------------------------------ */

  // As wagtail-localize lays them out: one tab panel per tab that has segments (all segments in
  // one list when there is a single tab), a list item per field/block group, an item per segment.
  function scopes() {
    const used = tabs
      .map((tab) => ({ slug: tab.slug, segments: allSegments.filter((s) => s.location.tab === tab.slug) }))
      .filter((tab) => tab.segments.length > 0);
    if (used.length <= 1) {
      return [{ slug: null, root: editor, segments: allSegments }];
    }
    return used.map((tab) => ({
      slug: tab.slug,
      root: editor.querySelector(`[id="tab-${CSS.escape(tab.slug)}"]`),
      segments: tab.segments,
    }));
  }

  function segmentPlaces() {
    const places = new Map();
    scopes().forEach((scope) => {
      if (!scope.root) {
        return;
      }
      const groups = new Map();
      scope.segments.forEach((segment) => {
        const key = `${segment.location.field}/${segment.location.blockId || "null"}`;
        if (!groups.has(key)) {
          groups.set(key, []);
        }
        groups.get(key).push(segment);
      });
      const groupItems = scope.root.querySelectorAll("section > ul > li");
      Array.from(groups.values()).forEach((segments, index) => {
        const group = groupItems[index];
        const items = group ? group.querySelectorAll(":scope > ul > li") : [];
        segments.forEach((segment, position) => {
          if (segment.type === "string" && items[position]) {
            places.set(segment.id, { element: items[position], tab: scope.slug, segment });
          }
        });
      });
    });
    return places;
  }

  /* --- marks next to the segments ------------------------------------------------------------ */

  let problemsBySegment = new Map();

  function describe(problem) {
    return `${problem.severity_label}: ${problem.message}`;
  }

  function noteFor(segmentId, problems) {
    const note = document.createElement("div");
    note.className = "editor-qa-note";
    note.id = `editor-qa-segment-${segmentId}`;
    note.dataset.editorQaSegment = String(segmentId);
    const items = document.createElement("ul");
    problems.forEach((problem) => {
      const item = document.createElement("li");
      item.dataset.qaCode = problem.code;
      item.dataset.qaSeverity = problem.severity;
      item.textContent = describe(problem);
      items.appendChild(item);
    });
    note.appendChild(items);
    return note;
  }

  function applyMarks() {
    segmentPlaces().forEach((place, segmentId) => {
      const problems = problemsBySegment.get(segmentId) || [];
      const key = JSON.stringify(problems.map(describe));
      const existing = place.element.querySelector(":scope > .editor-qa-note");
      if (!problems.length) {
        if (existing) {
          existing.remove();
        }
        if (place.element.hasAttribute("data-qa-state")) {
          place.element.removeAttribute("data-qa-state");
        }
        return;
      }
      const state = problems.some((problem) => problem.severity === "error") ? "error" : "warning";
      if (place.element.getAttribute("data-qa-state") !== state) {
        place.element.setAttribute("data-qa-state", state);
      }
      if (existing && existing.dataset.key === key && existing === place.element.lastElementChild) {
        return;
      }
      if (existing) {
        existing.remove();
      }
      const note = noteFor(segmentId, problems);
      note.dataset.key = key;
      place.element.appendChild(note);
    });
  }

  let scheduled = false;
  new MutationObserver(() => {
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(() => {
        scheduled = false;
        applyMarks();
      });
    }
  }).observe(editor, { childList: true, subtree: true });

  /* --- the panel ----------------------------------------------------------------------------- */

  function showSegment(segmentId) {
    const place = segmentPlaces().get(segmentId);
    if (!place) {
      return;
    }
    if (place.tab) {
      const tabLabel = document.getElementById(`tab-label-${place.tab}`);
      if (tabLabel) {
        tabLabel.click();
      }
    }
    window.requestAnimationFrame(() => {
      const note = document.getElementById(`editor-qa-segment-${segmentId}`) || place.element;
      note.setAttribute("tabindex", "-1");
      note.scrollIntoView({ block: "center" });
      note.focus({ preventScroll: true });
    });
  }

  function fieldOf(segmentId) {
    const segment = stringSegments.get(segmentId);
    return segment ? segment.location.field : "";
  }

  function renderList(problems) {
    list.replaceChildren();
    problems.forEach((problem) => {
      const item = document.createElement("li");
      item.dataset.qaCode = problem.code;
      item.dataset.qaSeverity = problem.severity;
      const field = fieldOf(problem.segment);
      const strong = document.createElement("b");
      strong.textContent = field ? `${field} — ${problem.severity_label}` : problem.severity_label;
      item.append(strong, `: ${problem.message} `);
      if (stringSegments.has(problem.segment)) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button-small button-secondary";
        button.textContent = labels.labelGoTo;
        button.addEventListener("click", () => showSegment(problem.segment));
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }

  function renderSubmit(submit, item) {
    if (item && item.url) {
      itemLink.href = item.url;
      itemLink.parentElement.hidden = false;
    } else {
      itemLink.parentElement.hidden = true;
    }
    if (!submit) {
      form.hidden = true;
      return;
    }
    form.action = submit.url;
    form.hidden = false;
    override.hidden = !submit.override;
    if (!submit.override) {
      override.querySelector("input").checked = false;
    }
  }

  function announceSaved(segmentId) {
    if (segmentId === undefined) {
      saved.textContent = "";
      return;
    }
    const problems = problemsBySegment.get(segmentId) || [];
    const field = fieldOf(segmentId);
    const prefix = field ? `${field}: ` : "";
    saved.textContent = problems.length
      ? `${prefix}${labels.labelSegmentProblems} ${problems.map(describe).join(" ")}`
      : `${prefix}${labels.labelSegmentOk}`;
  }

  /* --- asking the endpoint ------------------------------------------------------------------- */

  const originalFetch = window.fetch.bind(window);
  let latest = 0;

  async function refresh(savedSegmentId) {
    const request = ++latest;
    let response;
    let data;
    try {
      response = await originalFetch(labels.editorQa, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (request !== latest) {
      return; // a later save asked again
    }
    if (response && response.status === 404) {
      panel.hidden = true; // no queue item for this translation: nothing to check against
      return;
    }
    panel.hidden = false;
    if (!response || !response.ok || !data) {
      problemsBySegment = new Map();
      list.replaceChildren();
      renderSubmit(null, null);
      saved.textContent = "";
      summary.textContent = (data && data.detail) || labels.labelUnavailable;
      panel.dataset.state = "unavailable";
      applyMarks();
      return;
    }
    problemsBySegment = new Map();
    data.problems.forEach((problem) => {
      if (!problemsBySegment.has(problem.segment)) {
        problemsBySegment.set(problem.segment, []);
      }
      problemsBySegment.get(problem.segment).push(problem);
    });
    panel.dataset.state = data.errors ? "error" : data.warnings ? "warning" : "ok";
    renderList(data.problems);
    renderSubmit(data.submit, data.item);
    announceSaved(savedSegmentId);
    summary.textContent = data.summary;
    applyMarks();
  }

  // The editor saves (PUT) and reverts (DELETE) a string at its segment's edit URL.
  window.fetch = function fetchWatchingSaves(input, init) {
    const answer = originalFetch(input, init);
    try {
      const url = typeof input === "string" ? input : input && input.url;
      const method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
      const segmentId = url ? byEditUrl.get(path(url)) : undefined;
      if (segmentId !== undefined && method !== "GET") {
        answer.then(
          (response) => {
            if (response.ok || response.status === 404) {
              refresh(segmentId);
            }
          },
          () => {},
        );
      }
    } catch (error) {
      // never stand in the editor's way
    }
    return answer;
  };

  refresh();
})();

/* A filter box over a list of checkboxes or a select (articles/page_forms.py): typing a directive
   number or words of a title hides the choices that do not hold every word typed, compared without
   tone marks or case ("chi thi 15" finds "Chỉ thị 15"). Chosen ones stay chosen and shown. Forms
   added later ("Add relation") are set up when Wagtail's formset says so (w-formset:added). */
(() => {
    "use strict";
    const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

    const setUp = (root) => {
        if (root.dataset.filterableChoicesReady) return;
        root.dataset.filterableChoicesReady = "true";
        const filter = root.querySelector("[data-filterable-choices-filter]");
        const empty = root.querySelector("[data-filterable-choices-empty]");
        const select = root.querySelector("select");
        const rows = select
            ? [...select.options].filter((option) => option.value).map((option) => ({row: option, text: fold(option.text), chosen: () => option.selected}))
            : [...root.querySelectorAll(".filterable-choices__list label")].map((label) => ({
                row: label.parentElement,
                text: fold(label.textContent),
                chosen: () => label.querySelector("input").checked,
            }));
        filter.addEventListener("input", () => {
            const words = fold(filter.value).split(/\s+/).filter(Boolean);
            let shown = 0;
            for (const {row, text, chosen} of rows) {
                row.hidden = !chosen() && !words.every((word) => text.includes(word));
                if (!row.hidden) shown += 1;
            }
            empty.hidden = shown > 0;
        });
        // Enter in the filter would submit the whole page form.
        filter.addEventListener("keydown", (event) => {
            if (event.key === "Enter") event.preventDefault();
        });
    };

    const scan = () => document.querySelectorAll("[data-filterable-choices]").forEach(setUp);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
    else scan();
    document.addEventListener("w-formset:added", scan);
})();

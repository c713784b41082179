/* A filter box over a list of checkboxes (articles.forms.FilterableCheckboxSelectMultiple): typing a
   directive number or words of a title hides the choices that do not hold every word typed, compared
   without tone marks or case ("chi thi 15" finds "Chỉ thị 15"). Checked choices stay checked. */
(() => {
    "use strict";
    const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d").toLowerCase();

    const setUp = (root) => {
        if (root.dataset.filterableChoicesReady) return;
        root.dataset.filterableChoicesReady = "true";
        const filter = root.querySelector("[data-filterable-choices-filter]");
        const empty = root.querySelector("[data-filterable-choices-empty]");
        const rows = [...root.querySelectorAll(".filterable-choices__list label")].map((label) => ({
            row: label.parentElement.matches(".filterable-choices__list > div") ? label : label.parentElement,
            text: fold(label.textContent),
        }));
        filter.addEventListener("input", () => {
            const words = fold(filter.value).split(/\s+/).filter(Boolean);
            let shown = 0;
            for (const {row, text} of rows) {
                row.hidden = !words.every((word) => text.includes(word));
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
})();

// "Copy link" on content pages (cms/templates/includes/share_links.html): the button is hidden
// until this script shows it, and only where the Clipboard API is available (a secure context).
// No third-party script: the other share targets are plain links.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("[data-share-url]").forEach(function (button) {
    var item = button.closest(".share-links__copy");
    var status = item ? item.querySelector(".share-links__status") : null;
    if (item) {
      item.hidden = false;
    }
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.shareUrl).then(
        function () {
          if (status) status.textContent = button.dataset.shareCopied;
        },
        function () {
          if (status) status.textContent = button.dataset.shareFailed;
        }
      );
    });
  });
})();

// Embedded clips (articles/templates/articles/video_clip_page.html): a poster and a "Play" link to
// the clip's own page; nothing from YouTube or Vimeo loads until the visitor asks. On a click this
// script swaps the poster for the privacy-friendly player whose address the server built
// (articles/embeds.py: youtube-nocookie.com, player.vimeo.com with dnt=1), starting it at once and
// moving focus to it. Without this script the link simply opens the clip on its site. The page's
// Content-Security-Policy allows exactly that player's origin in frame-src.
(function () {
  "use strict";
  document.querySelectorAll("[data-video-embed] a[data-player]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // a new tab or window: let the link open the clip's own page
      }
      var address;
      try {
        address = new URL(link.dataset.player);
      } catch (error) {
        return;
      }
      if (address.protocol !== "https:") {
        return;
      }
      event.preventDefault();
      address.searchParams.set("autoplay", "1");
      var frame = document.createElement("iframe");
      frame.className = "video-embed__player";
      frame.src = address.href;
      frame.title = link.dataset.playerTitle || link.textContent.trim();
      frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      var box = link.closest(".video-embed__frame") || link.parentNode;
      box.replaceChildren(frame);
      box.closest("[data-video-embed]").classList.add("video-embed--playing");
      frame.focus();
    });
  });
})();

// Loaded in <head> before the stylesheets apply: marks the page as scripted (html.js) before its first
// paint, so what scripts will fold (the phone menu) is drawn folded from the start, not moved later.
document.documentElement.classList.add("js");

// Sinergi widget loader: replaces nothing, adds a sandboxed iframe after
// each <script data-sinergi-unit|subtree|tag="…"> tag. No eval, no inline
// style, no cookies; the iframe's own page does the rest.
(function () {
  "use strict";
  var kinds = ["unit", "subtree", "tag"];
  var sandbox = "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";
  function mount(s) {
    if (s.getAttribute("data-sinergi-done")) return;
    var kind, key;
    for (var i = 0; i < kinds.length; i++) {
      key = s.getAttribute("data-sinergi-" + kinds[i]);
      if (key) { kind = kinds[i]; break; }
    }
    if (!kind) return;
    s.setAttribute("data-sinergi-done", "1");
    var origin = new URL(s.src, document.baseURI).origin;
    var limit = parseInt(s.getAttribute("data-limit") || "5", 10);
    if (!(limit >= 1 && limit <= 20)) limit = 5;
    var q = "?limit=" + limit;
    var lang = s.getAttribute("data-lang");
    if (lang === "id" || lang === "en") q += "&lang=" + lang;
    if (s.getAttribute("data-theme") === "dark") q += "&theme=dark";
    var f = document.createElement("iframe");
    f.src = origin + "/embed/" + kind + "/" + encodeURIComponent(key) + q;
    f.setAttribute("sandbox", sandbox);
    f.setAttribute("title", s.getAttribute("data-title") || "Sinergi");
    f.setAttribute("loading", "lazy");
    f.setAttribute("referrerpolicy", "no-referrer");
    f.width = s.getAttribute("data-width") || "100%";
    f.height = String(70 + limit * 62);
    f.frameBorder = "0";
    s.parentNode.insertBefore(f, s.nextSibling);
  }
  var all = document.querySelectorAll("script[data-sinergi-unit],script[data-sinergi-subtree],script[data-sinergi-tag]");
  for (var j = 0; j < all.length; j++) mount(all[j]);
})();

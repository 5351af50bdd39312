// Sinergi's own script: a few lines on top of htmx. Every page works
// without it; it only keeps keyboard and screen-reader users oriented
// when htmx replaces part of a page.
"use strict";

// After a link (e.g. "Next page") replaced a region, the link is gone and
// focus would fall back to the top of the page. Move it to the region's
// heading instead, named by the region's data-focus-after-swap. Typing in
// a search box also swaps results, but focus must stay in the box then.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!target || !trigger || trigger.tagName !== "A") return;
  var id = target.getAttribute("data-focus-after-swap");
  var heading = id && document.getElementById(id);
  if (heading) heading.focus();
});

// When typing or a filter replaced a region, focus stays where it was, so
// tell screen-reader users what changed: the region's data-announce names a
// live region that gets the text of the elements marked data-announce-text.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!target || !trigger || trigger.tagName === "A") return;
  var live = document.getElementById(target.getAttribute("data-announce") || "");
  if (!live) return;
  var parts = target.querySelectorAll("[data-announce-text]");
  live.textContent = Array.prototype.map.call(parts, function (el) { return el.textContent.trim(); }).join(". ");
});

// The search filters sit in a <details> that is closed on phones (results
// first). On wide screens CSS keeps it open where the browser can; this
// opens it for the others, at load and after htmx replaced the results.
function openFiltersOnWideScreens() {
  if (!window.matchMedia("(min-width: 40.0625rem)").matches) return;
  var all = document.querySelectorAll("details.site-search__filters, details.cp-fold, details.cp-filter-fold");
  Array.prototype.forEach.call(all, function (d) { d.open = true; });
}
document.addEventListener("DOMContentLoaded", openFiltersOnWideScreens);
document.addEventListener("htmx:afterSwap", openFiltersOnWideScreens);

// On a phone the campaign dashboard's sections are closed disclosures: a
// link to one (the contents list, "more", the tree's links) opens it.
function openTargetedFold() {
  var id = decodeURIComponent(window.location.hash.slice(1));
  var target = id && document.getElementById(id);
  var fold = target && target.closest("details");
  if (fold) fold.open = true;
}
document.addEventListener("DOMContentLoaded", openTargetedFold);
window.addEventListener("hashchange", openTargetedFold);

// ---- release page: copy the address ---------------------------------------
// The address is in a read-only field anyone can select; where the
// clipboard can be written, a "Copy link" button next to it copies it and
// says so in the status line below.
function enableCopyButtons() {
  if (!navigator.clipboard || !window.isSecureContext) return;
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy") + "-status");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = button.getAttribute("data-copied") || "";
      }, function () {
        field.focus();
        field.select();
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", enableCopyButtons);

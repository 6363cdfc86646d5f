(function () {
  "use strict";
  // Filter the article table as one types (the offline briefing has no server to ask).
  var box = document.getElementById("filter");
  var table = document.getElementById("article-table");
  if (box && table) {
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var count = document.getElementById("filter-count");
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var hit = !q || rows[i].textContent.toLowerCase().indexOf(q) !== -1;
        rows[i].hidden = !hit;
        if (hit) { shown++; }
      }
      if (count) { count.textContent = shown + " shown"; }
    });
  }
  // Opening an article view starts at its top, not wherever the anchor left the page; a link
  // into a folded list (the article table, the ledger) unfolds it first.
  function toTop() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    if (el.classList.contains("article-view")) { window.scrollTo(0, 0); return; }
    var opened = false;
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; opened = true; }
    }
    var inner = el.querySelector(":scope > details");
    if (inner && !inner.open) { inner.open = true; opened = true; }
    if (opened) { el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", toTop);
  toTop();
})();

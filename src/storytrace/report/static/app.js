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
  // Opening an article view starts at its top, not wherever the anchor left the page.
  function toTop() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.classList.contains("article-view")) { window.scrollTo(0, 0); }
  }
  window.addEventListener("hashchange", toTop);
  toTop();
})();

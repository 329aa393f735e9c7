// The links in the error summary lead to their fields. A browser only
// scrolls to a link's target and leaves the focus where it was, so a
// keyboard user would still have to find the field: focus it, and scroll
// its label or question into view so the field is seen with its question.
// Without JavaScript the links still scroll to the field.
(function () {
  "use strict";
  var box = document.getElementById("foutmelding");
  if (!box) return;
  box.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[href^='#']");
    if (!a) return;
    var field = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (!field) return;
    ev.preventDefault();
    var set = field.closest("fieldset");
    var label = (set && set.querySelector("legend")) ||
      document.querySelector("label[for='" + CSS.escape(field.id) + "']") || field;
    var done = false;
    function go() {
      if (done) return;
      done = true;
      label.scrollIntoView();
      field.focus({ preventScroll: true });
    }
    // Enter activates a link on key down; focusing the field at once would
    // send the rest of that key press to the field, and Enter in a field
    // submits its form. So after a key, wait for the key to come up.
    if (ev.detail === 0) {
      document.addEventListener("keyup", go, { once: true });
      setTimeout(go, 1000);
    } else {
      go();
    }
  });
})();

// Warns a logged-in citizen two minutes before the 15-minute inactivity
// limit (DigiD) and lets them stay logged in. Without JavaScript the limit
// still applies; the page says so in text.
(function () {
  "use strict";
  var box = document.getElementById("sessie");
  if (!box) return;
  var idle = parseInt(box.getAttribute("data-idle-minutes"), 10) * 60 * 1000;
  var warnAt = idle - 2 * 60 * 1000;
  var warning = box.querySelector(".loket-session__warning");
  var button = document.getElementById("sessie-verleng");
  var warnTimer, endTimer;
  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () {
      warning.hidden = false;
      button.focus();
    }, warnAt);
    endTimer = setTimeout(function () {
      window.location.href = "/mijn/inloggen?melding=verlopen";
    }, idle);
  }
  button.addEventListener("click", function () {
    fetch("/mijn/sessie", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": box.getAttribute("data-csrf") }
    }).then(function (r) {
      if (r.ok) {
        warning.hidden = true;
        schedule();
      } else {
        window.location.href = "/mijn/inloggen?melding=verlopen";
      }
    });
  });
  schedule();
})();

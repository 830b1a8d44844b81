// Tell the server the visitor's own time zone: fills every <input data-browser-zone>
// with the browser's IANA zone name (Intl), so that later messages about the event
// (a new time) give it in the reader's own clock first. Without JavaScript the field
// stays empty and the event's own zone is used.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
    if (!input.value) {
      input.value = zone;
    }
  });
})();

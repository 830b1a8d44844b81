// Adds the viewer's own time to every multi-city time display, when the viewer's
// zone is not one of the cities already shown. Progressive enhancement only: the page
// is complete without it.
(function () {
  "use strict";
  var viewerZone;
  try {
    viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!viewerZone) {
    return;
  }
  var language = document.documentElement.lang || "en";
  var clock = new Intl.DateTimeFormat(language, {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: viewerZone
  });
  var zoneName = new Intl.DateTimeFormat(language, { timeZoneName: "short", timeZone: viewerZone });
  var day = new Intl.DateTimeFormat(language, {
    weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: viewerZone
  });
  document.querySelectorAll("[data-utc]").forEach(function (moment) {
    var zones = (moment.getAttribute("data-zones") || "").split(",");
    var slot = moment.querySelector("[data-viewer-time]");
    if (!slot || zones.indexOf(viewerZone) !== -1) {
      return;
    }
    var instant = new Date(moment.getAttribute("data-utc"));
    if (isNaN(instant.getTime())) {
      return;
    }
    var zonePart = zoneName.formatToParts(instant).filter(function (part) {
      return part.type === "timeZoneName";
    });
    slot.querySelector("[data-viewer-clock]").textContent = clock.format(instant);
    slot.querySelector("[data-viewer-zone]").textContent = zonePart.length ? zonePart[0].value : viewerZone;
    slot.querySelector("[data-viewer-date]").textContent = day.format(instant);
    slot.hidden = false;
  });
})();

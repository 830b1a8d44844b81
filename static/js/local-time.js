// Adds the viewer's own time to every multi-city time display, when the viewer's
// zone is not one of the cities already shown. Progressive enhancement only: the page
// is complete without it.
//
// It writes times the way the server does (planner/presentation.py): "Tue 1 Dec 2026"
// or "2026年12月1日(火)", the 24-hour clock, and the zone as its abbreviation and city
// ("CET · Copenhagen"). Intl's short zone name is used only when it is a real
// abbreviation; "GMT+2" is not one, so such zones read "UTC+02:00 · City" instead.
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
  var language = (document.documentElement.lang || "en").split("-")[0];
  var japanese = language === "ja";
  var clock = new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: viewerZone
  });
  var dayParts = new Intl.DateTimeFormat(japanese ? "ja" : "en-GB", {
    weekday: "short", year: "numeric", month: japanese ? "numeric" : "short",
    day: "numeric", timeZone: viewerZone
  });
  // Locales whose short names are letters abbreviations for their own regions' zones:
  // British English knows CET/CEST/GMT/BST, American English the US zones, Japanese JST.
  var abbreviationSources = ["en-GB", "en-US", "ja"].map(function (locale) {
    return new Intl.DateTimeFormat(locale, { timeZoneName: "short", timeZone: viewerZone });
  });
  var LETTERS = /^[A-Z]{2,5}$/;
  // The city as the zone's name says it ("America/New_York" -> "New York").
  var city = viewerZone.split("/").pop().replace(/_/g, " ");

  function part(parts, type) {
    var found = parts.filter(function (item) { return item.type === type; });
    return found.length ? found[0].value : "";
  }

  function dateText(instant) {
    var parts = dayParts.formatToParts(instant);
    if (japanese) {
      return part(parts, "year") + "年" + part(parts, "month") + "月" + part(parts, "day") +
        "日(" + part(parts, "weekday") + ")";
    }
    return [part(parts, "weekday"), part(parts, "day"), part(parts, "month"), part(parts, "year")]
      .join(" ");
  }

  function offsetText(instant) {
    // Minutes east of UTC, from the wall clock the zone shows at this instant.
    var parts = new Intl.DateTimeFormat("en-GB", {
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
      hourCycle: "h23", timeZone: viewerZone
    }).formatToParts(instant);
    var wall = Date.UTC(+part(parts, "year"), +part(parts, "month") - 1, +part(parts, "day"),
      +part(parts, "hour"), +part(parts, "minute"));
    var minutes = Math.round((wall - Math.floor(instant.getTime() / 60000) * 60000) / 60000);
    var sign = minutes < 0 ? "-" : "+";
    minutes = Math.abs(minutes);
    var hours = String(Math.floor(minutes / 60)).padStart(2, "0");
    return "UTC" + sign + hours + ":" + String(minutes % 60).padStart(2, "0");
  }

  function abbreviation(instant) {
    for (var index = 0; index < abbreviationSources.length; index += 1) {
      var name = part(abbreviationSources[index].formatToParts(instant), "timeZoneName");
      if (LETTERS.test(name)) {
        return name;  // "GMT" too: Intl says plain "GMT" only at offset zero
      }
    }
    return offsetText(instant);
  }

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
    var zone = abbreviation(instant);
    var zoneSlot = slot.querySelector("[data-viewer-zone]");
    slot.querySelector("[data-viewer-clock]").textContent = clock.format(instant);
    zoneSlot.textContent = zone === city || zone === "UTC" ? zone : zone + " · " + city;
    zoneSlot.title = offsetText(instant);
    slot.querySelector("[data-viewer-date]").textContent = dateText(instant);
    slot.hidden = false;
  });
})();

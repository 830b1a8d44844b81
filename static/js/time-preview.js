// Live side-by-side preview of a typed time in every involved city, with the strict
// time-zone errors (a time that does not exist, or happens twice) shown as you type.
// The server does the conversion (/events/time-preview), so the rules are the same as
// when the form is sent. Also reveals the extra candidate-time rows one by one.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function involvedZones(input) {
    var holder = input.closest("[data-time-preview]");
    var zones = (holder && holder.getAttribute("data-zones")) || "";
    var list = zones ? zones.split(",") : [];
    var rows = document.querySelector("[data-preview-zones]");
    if (rows) {
      // Each organization brings its office city and its audience's cities.
      var bySlug = JSON.parse(rows.getAttribute("data-preview-zones") || "{}");
      list = list.concat((rows.getAttribute("data-host-zone") || "").split(","));
      document.querySelectorAll("input[name='cohosts']:checked").forEach(function (box) {
        list = list.concat(bySlug[box.value] || []);
      });
    }
    return list.filter(Boolean);
  }

  // The organizations whose weekends, holidays, clock changes and hours are flagged:
  // the event's (reschedule, counter-time), or the host and the ticked co-hosts (proposal).
  function involvedOrgs(input) {
    var holder = input.closest("[data-time-preview]");
    var orgs = (holder && holder.getAttribute("data-orgs")) || "";
    var list = orgs ? orgs.split(",") : [];
    var rows = document.querySelector("[data-host-org]");
    if (rows) {
      list.push(rows.getAttribute("data-host-org"));
      document.querySelectorAll("input[name='cohosts']:checked").forEach(function (box) {
        list.push(box.value);
      });
    }
    return list.filter(Boolean);
  }

  function durationFor(input) {
    var form = input.form;
    var field = form && form.querySelector("input[name='duration_minutes']");
    if (field && field.value) {
      return field.value;
    }
    var holder = input.closest("[data-time-preview]");
    return (holder && holder.getAttribute("data-duration")) || "";
  }

  // Weekend, public holiday, clock change and hours flags, as on Find a time.
  function renderFlags(target, flags) {
    if (!flags || !flags.length) {
      return;
    }
    var list = document.createElement("ul");
    list.className = "flags";
    flags.forEach(function (flag) {
      var item = document.createElement("li");
      item.className = "flag flag--" + flag.kind;
      item.textContent = flag.text;
      list.appendChild(item);
    });
    target.appendChild(list);
  }

  function zoneFor(input) {
    var form = input.form;
    var select = form && form.querySelector("select[name='timezone']");
    return select ? select.value : "";
  }

  function render(target, data) {
    target.textContent = "";
    if (!data.ok) {
      var message = document.createElement("p");
      message.className = "time-preview__error";
      message.textContent = data.message;
      target.appendChild(message);
      return;
    }
    var list = document.createElement("ul");
    list.className = "time-preview__cities";
    data.cities.forEach(function (city) {
      var item = document.createElement("li");
      item.className = "city-time city-time--" + city.period;
      item.textContent = city.city + " " + city.time_text + " " + city.abbreviation + " · " + city.short_date_text;
      list.appendChild(item);
    });
    target.appendChild(list);
    renderFlags(target, data.flags);
  }

  function preview(input) {
    var holder = input.closest("[data-time-preview]");
    var target = holder && holder.querySelector(".time-preview");
    if (!target) {
      return;
    }
    if (!input.value) {
      target.textContent = "";
      return;
    }
    var params = new URLSearchParams({
      start: input.value, timezone: zoneFor(input), zones: involvedZones(input).join(","),
      orgs: involvedOrgs(input).join(","), duration: durationFor(input)
    });
    fetch("/events/time-preview?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { render(target, data); })
      .catch(function () { target.textContent = ""; });
  }

  // A field the server has already explained (its message is beside it) keeps quiet:
  // the preview would only say the same thing a second time. Once the field itself
  // is changed, the server's message is out of date, so it goes and the preview speaks.
  function serverExplained(input) {
    var holder = input.closest("[data-time-preview]");
    return Boolean(holder && holder.querySelector(".field__errors:not([hidden])"));
  }

  function edited(input) {
    var holder = input.closest("[data-time-preview]");
    var serverErrors = holder && holder.querySelector(".field__errors");
    if (serverErrors) {
      serverErrors.hidden = true;
      input.removeAttribute("aria-invalid");
    }
    preview(input);
  }

  document.querySelectorAll("[data-time-preview] input[type='datetime-local']").forEach(function (input) {
    input.addEventListener("change", function () { edited(input); });
    input.addEventListener("input", function () { edited(input); });
    if (input.value && !serverExplained(input)) {
      preview(input);
    }
  });
  document.querySelectorAll("select[name='timezone'], input[name='cohosts'], input[name='duration_minutes']").forEach(function (control) {
    control.addEventListener("change", function () {
      document.querySelectorAll("[data-time-preview] input[type='datetime-local']").forEach(function (input) {
        if (input.value && !serverExplained(input)) {
          preview(input);
        }
      });
    });
  });

  var addButton = document.querySelector("[data-add-slot]");
  if (addButton) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var next = document.querySelector(".slot-row--extra");
      if (next) {
        next.classList.remove("slot-row--extra");
        var input = next.querySelector("input");
        if (input) {
          input.focus();
        }
      }
      if (!document.querySelector(".slot-row--extra")) {
        addButton.hidden = true;
      }
    });
  }
})();

// Parse an iCalendar file from stdin with Mozilla's ical.js (the parser
// Thunderbird uses) and print what it understood as JSON on stdout.
//
// The tests use this as a parser independent of Python's icalendar: times are
// resolved through the file's own VTIMEZONEs, so a wrong VTIMEZONE shows up as
// a wrong UTC instant. A TZID that ical.js cannot resolve is an error rather
// than a silent fallback to floating time.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const source = readFileSync(0, "utf8");
const calendar = new ICAL.Component(ICAL.parse(source));

// Register every VTIMEZONE so that resolution goes through the file's own
// definitions (ical.js also finds them through the component tree).
const timezones = calendar.getAllSubcomponents("vtimezone").map((vtimezone) => {
  const zone = new ICAL.Timezone(vtimezone);
  ICAL.TimezoneService.register(zone);
  return { tzid: zone.tzid };
});

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null ? null : String(value);
}

function instant(vevent, name, time) {
  const tzid = vevent.getFirstProperty(name).getParameter("tzid") ?? null;
  if (tzid !== null && time.zone?.tzid !== tzid) {
    throw new Error(`${name} TZID ${tzid} did not resolve to a VTIMEZONE`);
  }
  return { utc: time.toJSDate().toISOString(), tzid };
}

function person(property) {
  return {
    value: String(property.getFirstValue()),
    cn: property.getParameter("cn") ?? null,
    role: property.getParameter("role") ?? null,
    partstat: property.getParameter("partstat") ?? null,
    rsvp: property.getParameter("rsvp") ?? null,
  };
}

const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  const start = instant(vevent, "dtstart", event.startDate);
  const end = instant(vevent, "dtend", event.endDate);
  const organizer = vevent.getFirstProperty("organizer");
  const conference = vevent.getFirstProperty("conference");
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: text(vevent, "status"),
    summary: event.summary,
    description: event.description,
    location: event.location,
    url: text(vevent, "url"),
    dtstamp: vevent.getFirstPropertyValue("dtstamp").toJSDate().toISOString(),
    dtstart: start.utc,
    dtend: end.utc,
    dtstart_tzid: start.tzid,
    dtend_tzid: end.tzid,
    categories: vevent
      .getAllProperties("categories")
      .flatMap((property) => property.getValues().map(String)),
    conference: conference
      ? {
          value: String(conference.getFirstValue()),
          feature: conference.getParameter("feature") ?? null,
          label: conference.getParameter("label") ?? null,
        }
      : null,
    organizer: organizer ? person(organizer) : null,
    attendees: vevent.getAllProperties("attendee").map(person),
    // Each alarm's trigger as ical.js reads it, in seconds relative to the start, and
    // the instant that many seconds from the start (resolved through the VTIMEZONE).
    alarms: vevent.getAllSubcomponents("valarm").map((valarm) => {
      const trigger = valarm.getFirstPropertyValue("trigger");
      const fires = new Date(event.startDate.toJSDate().getTime() + trigger.toSeconds() * 1000);
      return {
        action: valarm.getFirstPropertyValue("action"),
        trigger_seconds: trigger.toSeconds(),
        fires: fires.toISOString(),
        description: valarm.getFirstPropertyValue("description"),
      };
    }),
  };
});

const output = {
  calendar: {
    version: text(calendar, "version"),
    prodid: text(calendar, "prodid"),
    name: text(calendar, "name"),
    "x-wr-calname": text(calendar, "x-wr-calname"),
    "x-wr-caldesc": text(calendar, "x-wr-caldesc"),
    method: text(calendar, "method"),
    "refresh-interval": text(calendar, "refresh-interval"),
    "x-published-ttl": text(calendar, "x-published-ttl"),
  },
  timezones,
  events,
};
process.stdout.write(JSON.stringify(output));

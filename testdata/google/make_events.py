#!/usr/bin/python3
"""Writes events.json: what Google's Calendar API (events.list with
singleEvents=true) would answer for the sample calendar
(testdata/sample/calendar.ics), March 2026, read by me@corp.example.

The recurrence is expanded by python3-recurring-ical-events, an
implementation independent of timeaudit's, so that the Google source and
the ICS source are checked against each other, not against themselves.

Google's conventions followed: one item per occurrence, with
recurringEventId naming the series and an id of <series>_<UTC start>;
iCalUID the file's UID and, for instances, originalStartTime their start
in the series;
cancelled occurrences are absent (showDeleted=false); responses are
accepted/declined/tentative/needsAction with self=true on the reader;
transparency only when "transparent"; all-day events by date, the end date
exclusive. Events without an ORGANIZER in the file get none here either,
so that both sources see the same facts.

Run: /usr/bin/python3 testdata/google/make_events.py > testdata/google/events.json
"""
import datetime
import json
import os
import re
import sys

import icalendar
import recurring_ical_events

ME = "me@corp.example"
HERE = os.path.dirname(os.path.abspath(__file__))
ICS = os.path.join(HERE, "..", "sample", "calendar.ics")

RESPONSES = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative", "NEEDS-ACTION": "needsAction"}


def email(v):
    return str(v).split(":", 1)[-1] if str(v).lower().startswith("mailto:") else str(v)


def when(v):
    if isinstance(v, datetime.datetime):
        zone = getattr(v.tzinfo, "key", None) or getattr(v.tzinfo, "zone", None) or "UTC"
        return {"dateTime": v.isoformat(), "timeZone": zone}
    return {"date": v.isoformat()}


def main():
    with open(ICS, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    start, end = datetime.date(2026, 3, 2), datetime.date(2026, 3, 30)
    items = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        if str(ev.get("STATUS", "CONFIRMED")).upper() == "CANCELLED":
            continue
        uid = re.sub(r"[^a-v0-9]", "", str(ev["UID"]).split("@")[0].lower())
        s, e = ev.decoded("DTSTART"), ev.decoded("DTEND")
        item = {"kind": "calendar#event", "summary": str(ev["SUMMARY"]), "status": str(ev.get("STATUS", "confirmed")).lower(),
                "start": when(s), "end": when(e), "iCalUID": str(ev["UID"])}
        recurring = cal_has_rule(cal, str(ev["UID"]))
        if recurring:
            # The instance id carries the original start, moved or not.
            orig = ev.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in ev else s
            utc = orig.astimezone(datetime.timezone.utc) if isinstance(orig, datetime.datetime) else orig
            item["id"] = uid + "_" + (utc.strftime("%Y%m%dT%H%M%SZ") if isinstance(utc, datetime.datetime) else utc.strftime("%Y%m%d"))
            item["recurringEventId"] = uid
            item["originalStartTime"] = when(orig)
        else:
            item["id"] = uid
        if str(ev.get("TRANSP", "")).upper() == "TRANSPARENT":
            item["transparency"] = "transparent"
        if "ORGANIZER" in ev:
            org = email(ev["ORGANIZER"])
            item["organizer"] = {"email": org}
            if org == ME:
                item["organizer"]["self"] = True
        atts = ev.get("ATTENDEE", [])
        if not isinstance(atts, list):
            atts = [atts]
        out = []
        for a in atts:
            addr = email(a)
            entry = {"email": addr, "responseStatus": RESPONSES.get(str(a.params.get("PARTSTAT", "NEEDS-ACTION")).upper(), "needsAction")}
            if addr == ME:
                entry["self"] = True
            out.append(entry)
        if out:
            item["attendees"] = out
        items.append(item)
    items.sort(key=lambda i: (i["start"].get("dateTime") or i["start"]["date"], i["id"]))
    json.dump({"summary": ME, "items": items}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


def cal_has_rule(cal, uid):
    for c in cal.walk("VEVENT"):
        if str(c.get("UID")) == uid and ("RRULE" in c or "RECURRENCE-ID" in c):
            return True
    return False


if __name__ == "__main__":
    main()

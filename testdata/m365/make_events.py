#!/usr/bin/python3
"""Writes calendarview.json: what Microsoft Graph's calendarView (with
Prefer: outlook.timezone="UTC") would answer for the sample calendar
(testdata/sample/calendar.ics), March 2026, in me@corp.example's mailbox.

The recurrence is expanded by python3-recurring-ical-events, an
implementation independent of timeaudit's, so that the Microsoft 365
source and the ICS source are checked against each other, not against
themselves.

Graph's conventions followed: one item per occurrence, times in UTC with
seven decimals and timeZone "UTC"; type singleInstance, occurrence or
exception, with seriesMasterId naming the series; iCalUId the file's UID;
isCancelled for cancelled occurrences (calendarView keeps them);
responseStatus of the mailbox's owner (organizer when they organise it);
attendees required, with their status; showAs free for TRANSP:TRANSPARENT,
else busy (tentative when the owner answered tentatively); all-day events
at midnight UTC of their dates, with isAllDay. Events without an ORGANIZER
in the file get none here either.

Run: /usr/bin/python3 testdata/m365/make_events.py > testdata/m365/calendarview.json
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

RESPONSES = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentativelyAccepted", "NEEDS-ACTION": "notResponded"}


def email(v):
    return str(v).split(":", 1)[-1] if str(v).lower().startswith("mailto:") else str(v)


def utc(v):
    if isinstance(v, datetime.datetime):
        v = v.astimezone(datetime.timezone.utc)
        return {"dateTime": v.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}
    return {"dateTime": v.strftime("%Y-%m-%dT00:00:00.0000000"), "timeZone": "UTC"}


def has_rule(cal, uid):
    return any(str(c.get("UID")) == uid and "RRULE" in c for c in cal.walk("VEVENT"))


def main():
    with open(ICS, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    start, end = datetime.date(2026, 3, 2), datetime.date(2026, 3, 30)
    items = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        uid = str(ev["UID"])
        base = re.sub(r"[^A-Za-z0-9]", "", uid)
        s, e = ev.decoded("DTSTART"), ev.decoded("DTEND")
        item = {"id": "AAMk" + base, "iCalUId": uid, "subject": str(ev["SUMMARY"]), "start": utc(s), "end": utc(e),
                "isAllDay": not isinstance(s, datetime.datetime), "isCancelled": str(ev.get("STATUS", "")).upper() == "CANCELLED",
                "sensitivity": "normal", "categories": [], "type": "singleInstance", "showAs": "busy"}
        if has_rule(cal, uid):
            orig = ev.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in ev else s
            stamp = orig.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ") if isinstance(orig, datetime.datetime) else orig.strftime("%Y%m%d")
            item["id"] = "AAMk" + base + "_" + stamp
            item["type"] = "exception" if "RECURRENCE-ID" in ev else "occurrence"
            item["seriesMasterId"] = "AAMk" + base
        if str(ev.get("TRANSP", "")).upper() == "TRANSPARENT":
            item["showAs"] = "free"
        mine = "none"
        if "ORGANIZER" in ev:
            org = email(ev["ORGANIZER"])
            item["organizer"] = {"emailAddress": {"address": org, "name": ""}}
            item["isOrganizer"] = org == ME
            if org == ME:
                mine = "organizer"
        atts = ev.get("ATTENDEE", [])
        if not isinstance(atts, list):
            atts = [atts]
        out = []
        for a in atts:
            addr = email(a)
            resp = RESPONSES.get(str(a.params.get("PARTSTAT", "NEEDS-ACTION")).upper(), "notResponded")
            if addr == ME and mine != "organizer":
                mine = resp
            out.append({"type": "required", "status": {"response": resp, "time": "0001-01-01T00:00:00Z"}, "emailAddress": {"address": addr, "name": ""}})
        item["attendees"] = out
        item["responseStatus"] = {"response": mine, "time": "0001-01-01T00:00:00Z"}
        if mine == "tentativelyAccepted" and item["showAs"] == "busy":
            item["showAs"] = "tentative"
        items.append(item)
    items.sort(key=lambda i: (i["start"]["dateTime"], i["id"]))
    json.dump({"value": items}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

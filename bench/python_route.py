#!/usr/bin/python3
"""The article's route in Python, for comparison: read the ICS with
icalendar, expand recurrences with recurring-ical-events, classify each
occurrence by title substrings and total the time by category.

Usage: python_route.py FILE.ics FROM TO OCCURRENCES_OUT
FROM and TO are dates (YYYY-MM-DD, TO exclusive), read in UTC. Prints the
totals; writes one line per occurrence ("<UTC start> <title>") to
OCCURRENCES_OUT, for the harness to compare with timeaudit's.
"""
import datetime
import sys

import icalendar
import recurring_ical_events


def classify(title):
    t = title.lower()
    if "1:1" in t or "one-on-one" in t:
        return "1-on-1s"
    if "interview" in t or "debrief" in t:
        return "Hiring"
    if "review" in t or "retro" in t:
        return "Ceremonies"
    return "Other"


def main():
    path, start, end, out = sys.argv[1:5]
    start = datetime.datetime.fromisoformat(start).replace(tzinfo=datetime.timezone.utc)
    end = datetime.datetime.fromisoformat(end).replace(tzinfo=datetime.timezone.utc)
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    totals = {}
    lines = []
    for ev in recurring_ical_events.of(cal).between(start, end):
        s, e = ev.decoded("DTSTART"), ev.decoded("DTEND")
        title = str(ev.get("SUMMARY", ""))
        minutes = (e - s).total_seconds() / 60
        cat = classify(title)
        totals[cat] = totals.get(cat, 0) + minutes
        lines.append(s.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") + " " + title)
    with open(out, "w") as f:
        f.write("\n".join(sorted(lines)) + "\n")
    for cat, minutes in sorted(totals.items(), key=lambda kv: -kv[1]):
        h, m = divmod(int(minutes), 60)
        print(f"{cat}\t{h}:{m:02d}")


if __name__ == "__main__":
    main()

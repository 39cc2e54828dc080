"""Missing-person cases: opening, risk grading and supervision, enquiries, sightings, trace and
return (DOMAIN §5, docs/missing-persons.md).

Restricted data: opening a case is a collection, every change an alteration with old and
new values, each written in the same transaction as the change. Anything the briefing's
`missing_persons` section shows announces a briefing change.

One module per stage of a case: reports (open, edit, grade), reviews (supervision timers),
search (checklist, sightings, lines of enquiry), outcome (trace, return), rhi (the return
home interview referral), herbert (Herbert Protocol), photos; common holds the checks and
the audited save every stage uses.
"""

"""House-to-house enquiries: setting one up, its premises list, visits, closing (docs/enquiries.md).

Answers and the people spoken to are personal data: recording a visit is a collection,
editing the enquiry an alteration with old and new values, both audited in the same
transaction. Visits are additions: they take no version, so two officers at one door
both keep their visit; the premises row is locked only to recompute its status.

Modules: enquiry (set up, edit, close), premises (the list and its CSV import), visits;
common holds the checks and the audited save they share.
"""

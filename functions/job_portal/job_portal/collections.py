"""The Portal's Firestore collections: no other service reads them; `ops rebuild-feed` goes through
job_portal.feed_repair. The outbox and processed markers are named by jobfeed.collections."""

CANDIDATES = "job_portal_candidates"  # one document per candidate: contact, preferences, status
FEED = "feed"  # a candidate's subcollection: one entry per recommended job
EMAILS = "job_portal_emails"  # email key -> candidate id, so an address registers once
PROFILES = "job_portal_profiles"  # candidate id -> the Portal's copy of the newest profile ("What we read")
RATE_LIMITS = "job_portal_rate_limits"  # jobfeed.rate_limit counters per client and email; expire by TTL

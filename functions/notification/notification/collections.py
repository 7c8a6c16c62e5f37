"""Notification's Firestore collections (the outbox and processed markers: jobfeed.collections)."""

RECIPIENTS = "notification_recipients"  # one document per candidate: address, cadence, pending matches
EMAILS = "notification_emails"  # one document per email, its id decided before sending (sent once)
SUPPRESSED = "notification_suppressed"  # hashed addresses of erased candidates: never written to again

"""Candidate Profile's Firestore collections (the outbox and processed markers: jobfeed.collections)."""

PROFILES = "candidate_profile_profiles"  # one document per candidate: the profile built from the resume

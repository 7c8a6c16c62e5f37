"""Candidate Profile: turns a resume PDF and the form's preferences into a versioned profile."""

"""Readers of the posting formats job sources publish, each turning one posting into a Draft."""

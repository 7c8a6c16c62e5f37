"""Notification service: renders and sends the emails that tell candidates about matched jobs."""

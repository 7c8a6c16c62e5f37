"""Job Portal: the registration form, the private feed page and their validation."""

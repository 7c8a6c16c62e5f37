"""The local stack. Its tools import the common package the functions use, found through the venv's
jobfeed-dev.pth (`make setup`)."""

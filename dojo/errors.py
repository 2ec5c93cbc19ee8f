"""Errors a user can cause. The CLI prints them as one line and exits non-zero."""


class UserError(Exception):
    """A problem with the user's input: a bad file, an unknown id, a bad option.

    The message is shown as is, on one line, so it must say what and where.
    """

    exit_code = 2

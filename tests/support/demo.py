"""Where the session's `maturity demo` leaves what it printed: beside its home, for the tests of
what a person running the demo sees."""

DEMO_OUTPUT_NAME = "demo-output.txt"

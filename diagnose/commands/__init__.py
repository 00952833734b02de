"""One module per command of the CLI. Each has `register(commands)`, which adds its arguments to
the parser, and `run(args)`, which does the work and returns the exit code. Library code below
raises; only cli.main turns that into messages and exit codes."""

COMMANDS = ("demo", "init", "survey", "review", "report", "check", "compare", "bank", "mapping", "content")

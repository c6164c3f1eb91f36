"""The `aftersales` command: main (the subcommands), outbox; features register their own."""

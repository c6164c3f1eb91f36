"""`python -m bot.cli.main` is the `aftersales` command."""
import sys

from bot.cli.main import main

sys.exit(main())

import sys

from netui.cli import main

sys.exit(main())

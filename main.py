"""Sales Desk entry point: hands the command line to simulator.cli."""
import sys

from simulator.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="main.py"))

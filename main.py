"""Sales Desk entry point: hands the command line to simulator.cli."""
import sys

try:
    from simulator.cli import main
except ModuleNotFoundError as missing:  # run with a Python that lacks the game's dependencies
    sys.stderr.write(f"main.py: {missing}: this Python lacks Sales Desk's dependencies; install them first:\n"
                     "  python3 -m venv .venv && . .venv/bin/activate && pip install -e .\n")
    sys.exit(2)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], prog="main.py"))

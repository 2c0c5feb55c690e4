"""Sales Desk: a training simulator for people who run sales.

Packages: ``scenario`` (the file format), ``engine`` (the pure model),
``strategies`` (reference bots), ``store`` (leaderboard and saves),
``ui`` (the pygame game), ``cli`` (command line).
"""
__version__ = "0.1.0"

"""Where results live: replay files, the leaderboard database, saved games."""

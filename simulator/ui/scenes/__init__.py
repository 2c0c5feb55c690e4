"""One module per screen: menu, briefing, desk, month report, debrief, settings, help, leaderboard."""

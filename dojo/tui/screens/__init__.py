"""One screen per place the player can be: home, session, between cycles, debrief, help."""

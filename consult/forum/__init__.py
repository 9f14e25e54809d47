"""Forum feedback: events, tables, cards captured by staff or sent from attendees' phones."""

"""The council: sessions, attendance, agenda, tallies, the dialogs and the projector."""

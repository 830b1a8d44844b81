"""After the event: the organizers' note, slides and recording, and the email that brings them."""

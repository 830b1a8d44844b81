"""What the public sees first: the home page's event listing and the month calendar."""

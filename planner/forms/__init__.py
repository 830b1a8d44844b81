"""WTForms classes: they check the shape and format of input, never the database."""

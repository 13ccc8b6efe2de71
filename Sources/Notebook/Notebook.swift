// Notebook: placeholder until its issue lands.

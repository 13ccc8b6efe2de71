// Plot: placeholder until its issue lands.

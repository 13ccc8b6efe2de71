// LessonRuntime: placeholder until its issue lands.

import Engine
print("lessons: the runner is being built")

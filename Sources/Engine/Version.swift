/// The engine's version, recorded by `lessons bench` next to its figures.
public let engineVersion = "0.1.0"

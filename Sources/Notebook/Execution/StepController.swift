/// Step mode: asked before each step whether to run it (`false` ends the program cleanly).
public protocol StepController: AnyObject {
    func shouldRun(_ step: Step) -> Bool
}

/// A headline number a run recorded, as `metric.mustache` shows it.
struct MetricItem {
    var name: String
    var value: String
}

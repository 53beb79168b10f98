// `/metrics` of `pay sandbox`, in Prometheus' text format: swift-metrics is the API the server
// counts with, and swift-prometheus the backend that keeps and writes the figures.
//
// One adapter is written here: swift-prometheus' own `PrometheusMetricsFactory` registers every
// metric with an empty help text (and stops the process if a family was registered with another),
// while promtool's lint wants a `# HELP` line for each. `HelpfulFactory` hands swift-metrics'
// requests to the registry with the help text of `SandboxMetrics.families`, and refuses a label it
// does not list, so no metric goes out undocumented.
//
// Names follow Prometheus' conventions: `pay_sandbox_` first, base units (seconds), `_total` on
// counters. Labels hold counts' categories only (route patterns, methods, statuses, world names,
// fault kinds), never an id, an address or a key: /metrics needs no key, as Prometheus scrapes it.
import CoreMetrics
import Foundation
import Metrics
import PayClient
import PaySandbox
import Prometheus
import Synchronization

public final class SandboxMetrics: Sendable {
    /// One metric: its name's parts and its help text.
    struct Family: Sendable {
        var name: String
        var unit: String
        var help: String
        var descriptor: MetricNameDescriptor {
            MetricNameDescriptor(namespace: "pay", subsystem: "sandbox", metricName: name, unitName: unit, helpText: help)
        }
    }

    /// Every metric, by its full name.
    static let families: [String: Family] = Dictionary(uniqueKeysWithValues: [
        Family(name: "requests", unit: "total", help: "Requests the sandbox answered, by route pattern, method and status code."),
        Family(name: "request_duration", unit: "seconds", help: "Time from a request's arrival to its answer, by route pattern."),
        Family(name: "orders", unit: "", help: "Orders each world holds, by status."),
        Family(name: "faults_injected", unit: "total", help: "Faults injected on purpose (--faults), by kind."),
    ].map { ($0.descriptor.name, $0) })

    /// Buckets of the latency histogram: the sandbox answers in microseconds, a fault's latency in
    /// tens of milliseconds.
    static let durationBuckets: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                                              .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                              .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                                              .seconds(1), .seconds(2.5), .seconds(5)]

    let registry = PrometheusCollectorRegistry()
    let factory: HelpfulFactory
    private let sandbox: Sandbox
    /// The worlds whose order gauges exist, so a deleted world's are removed.
    private let worldsShown = Mutex<Set<String>>([])
    /// Each kind of request's counter and timer, made once: a request then costs one lookup
    /// here, not the registry's checks of a metric's name and labels (measured: about 20 µs of
    /// CPU a request without this cache and the dashboard's log kept raw, BENCHMARKS.md).
    private let handles = Mutex<[RequestKind: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

    struct RequestKind: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    public init(sandbox: Sandbox) {
        self.sandbox = sandbox
        factory = HelpfulFactory(registry: registry, help: SandboxMetrics.families, buckets: SandboxMetrics.durationBuckets)
    }

    /// One answered request.
    func record(route: String, method: String, status: Int, since started: ContinuousClock.Instant) {
        let kind = RequestKind(route: route, method: method, status: status)
        let (counter, timer) = handles.withLock { handles in
            if let made = handles[kind] { return made }
            let made = (CoreMetrics.Counter(label: "pay_sandbox_requests_total",
                                dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory),
                        CoreMetrics.Timer(label: "pay_sandbox_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            handles[kind] = made
            return made
        }
        counter.increment()
        timer.record(duration: ContinuousClock.now - started)
    }

    func faultInjected(_ kind: String) {
        Counter(label: "pay_sandbox_faults_injected_total", dimensions: [("kind", kind)], factory: factory).increment()
    }

    /// The text Prometheus scrapes, with the orders counted now.
    func exposition() async -> String {
        let counts = await sandbox.orderCounts()
        let worlds = Set(counts.map(\.world))
        for (world, status, count) in counts {
            Meter(label: "pay_sandbox_orders", dimensions: [("world", world), ("status", status.rawValue)], factory: factory)
                .set(Double(count))
        }
        let gone = worldsShown.withLock { shown in
            let gone = shown.subtracting(worlds)
            shown = worlds
            return gone
        }
        for world in gone {
            for status in OrderStatus.known {
                factory.destroyMeter(factory.makeMeter(label: "pay_sandbox_orders", dimensions: [("world", world), ("status", status.rawValue)]))
            }
        }
        return registry.emitToString()
    }
}

/// swift-metrics' factory over a Prometheus registry, with each family's help text.
struct HelpfulFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry
    let help: [String: SandboxMetrics.Family]
    let buckets: [Duration]

    private func helpText(_ label: String) -> MetricNameDescriptor {
        guard let family = help[label] else { preconditionFailure("metric \(label) has no help text in SandboxMetrics.families") }
        return family.descriptor
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: helpText(label), labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: helpText(label), labels: dimensions)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: helpText(label), labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        registry.makeGauge(descriptor: helpText(label), labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: helpText(label), labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? Prometheus.DurationHistogram { registry.unregisterDurationHistogram(histogram) }
    }
}
